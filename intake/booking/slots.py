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

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


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


def _clashes(span: Span, spans: list[Span], starts: list[datetime]) -> bool:
    # Spans are sorted and never overlap each other, so only the neighbours can clash.
    index = bisect_left(starts, span.start)
    return any(spans[i].overlaps(span) for i in (index - 1, index) if 0 <= i < len(spans))


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
    busy_starts = [span.start for span in week.busy]
    # Step by visit plus buffer, so a buffer never costs a whole slot.
    step_by = duration + week.buffer
    free = []
    for day in days:
        for range_start, range_end in week.hours.get(day.weekday(), ()):
            step = datetime.combine(day, range_start)
            last = datetime.combine(day, range_end) - duration
            while step <= last:
                start = _local(step.date(), step.time(), tz)
                step += step_by
                if start is None or not earliest <= start <= latest:
                    continue
                visit = Span(start, start + duration)
                held = Span(start, visit.end + week.buffer)
                if _clashes(held, week.busy, busy_starts):
                    continue
                if any(off.overlaps(visit) for off in week.time_off):
                    continue
                free.append(start)
    return free


def days_from(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]
