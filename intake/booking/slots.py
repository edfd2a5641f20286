"""Free visit times from weekly hours, time off and booked visits. Pure: no database.

Hours are local wall-clock times, so a 09:00 start stays 09:00 through the DST change weeks;
everything else is compared in UTC. A slot is free when the visit plus the therapist's buffer
after it overlaps no booked visit (which holds its own buffer) and the visit overlaps no time
off.
"""

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Span:
    start: datetime  # aware
    end: datetime  # aware, exclusive


@dataclass(frozen=True)
class TherapistWeek:
    therapist_id: int
    hours: dict[int, list[tuple[time, time]]]  # weekday (Monday 0) -> local ranges
    busy: list[Span]  # booked visits, start .. blocked_until, sorted by start
    time_off: list[Span]
    buffer: timedelta


def _local(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall-clock time, or None when the clock skips it (DST)."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return aware.astimezone(UTC)


def _steady_offset(day: date, tz: ZoneInfo) -> timedelta | None:
    """The day's UTC offset when the clock does not change that day, else None.

    Most days take this path: one subtraction per slot instead of two timezone conversions
    (the engine's main cost on a busy calendar). A change day goes the careful way."""
    midnight = datetime.combine(day, time.min)
    offset = tz.utcoffset(midnight)
    return offset if tz.utcoffset(midnight + timedelta(days=1)) == offset else None


class _Blocked:
    """Spans merged into disjoint sorted runs, so one bisection answers "does this overlap
    any?", whatever order or overlaps the input had."""

    def __init__(self, spans: Iterable[Span]):
        self.starts: list[datetime] = []
        self.ends: list[datetime] = []
        for span in sorted(spans, key=lambda span: span.start):
            if self.ends and span.start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], span.end)
            else:
                self.starts.append(span.start)
                self.ends.append(span.end)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        # The last run starting before `end` is the only one that can reach past `start`.
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start


def free_starts(
    week: TherapistWeek,
    days: Iterable[date],
    *,
    duration: timedelta,
    tz: ZoneInfo,
    earliest: datetime,
    latest: datetime,
) -> list[datetime]:
    """UTC starts of the free slots on the given local days, between earliest and latest."""
    busy, time_off = _Blocked(week.busy), _Blocked(week.time_off)
    held_for = duration + week.buffer  # a visit keeps its therapist for the buffer after it
    free = []
    for day in days:
        offset = _steady_offset(day, tz)
        for range_start, range_end in week.hours.get(day.weekday(), ()):
            step = datetime.combine(day, range_start)
            last = datetime.combine(day, range_end) - duration
            while step <= last:
                start: datetime | None  # None: the wall time does not exist that day (DST)
                if offset is not None:
                    start = (step - offset).replace(tzinfo=UTC)
                else:
                    start = _local(step.date(), step.time(), tz)
                step += held_for  # step by visit plus buffer: a buffer never costs a slot
                if start is None or not earliest <= start <= latest:
                    continue
                if busy.overlaps(start, start + held_for):
                    continue
                if time_off.overlaps(start, start + duration):
                    continue
                free.append(start)
    return free


def days_from(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]
