"""The front desk's calendar laid out from a CalendarRead: no database, no markup.

Day view: a column per therapist, tiled top to bottom with blocks in time order (not working,
working but not bookable, free, visit, time off), each block as tall as its minutes (in
STEP-minute units: the stylesheet has one height class per unit count, since the CSP allows
no inline styles). The DOM order is the time order, so the keyboard and a screen reader
walk a therapist's day as it happens. Week view: a therapist per row, a day per column, each
cell the day's visits, time off and runs of free times in order.

Everything is in the clinic's local time; subtracting two datetimes of the one zone gives
wall-clock minutes, so a clock-change day still lines up with the hours printed beside it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from intake.booking.selectors import CalendarRead, CalendarVisit
from intake.booking.words import clock

STEP = timedelta(minutes=5)
MAX_UNITS = 288  # a whole day; static/css/calendar.css has .cal-h-1 .. .cal-h-288

OFF, OPEN, FREE, VISIT, TIME_OFF = "off", "open", "free", "visit", "time-off"


@dataclass
class Block:
    kind: str
    start: datetime  # local
    end: datetime  # local
    units: int = 0
    visit: CalendarVisit | None = None
    count: int = 1  # free times in a run (week view)

    @property
    def span(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"

    @property
    def at(self) -> str:
        return clock(self.start)


@dataclass
class Column:
    therapist_id: int
    name: str
    hours: str  # "8:00 AM-12:00 PM, 1:00 PM-6:00 PM" or "Not working"
    blocks: list[Block] = field(default_factory=list)
    free: int = 0


def hours_words(ranges: list[tuple[time, time]]) -> str:
    if not ranges:
        return "Not working"
    return ", ".join(
        f"{clock(datetime.combine(date.min, a))}-{clock(datetime.combine(date.min, b))}"
        for a, b in ranges
    )


class _ByDay:
    """Visits and free times grouped once by (therapist, local day): the week looks up 35
    cells, and a scan of every visit per cell would grow with the visits times the cells."""

    def __init__(self, read: CalendarRead):
        tz = read.rules.tz
        self.read = read
        self.visits: dict[tuple[int, date], list[Block]] = defaultdict(list)
        self.free: dict[tuple[int, date], list[Block]] = defaultdict(list)
        for visit in read.visits:
            start = visit.start.astimezone(tz)
            self.visits[visit.therapist_id, start.date()].append(
                Block(VISIT, start, visit.end.astimezone(tz), visit=visit)
            )
        for therapist_id, starts in read.free.items():
            for start in starts:
                local = start.astimezone(tz)
                self.free[therapist_id, local.date()].append(
                    Block(FREE, local, local + read.duration)
                )

    def items(self, therapist_id: int, day: date) -> list[Block]:
        """Visits, time off and free slots of one therapist's day, in time order."""
        tz = self.read.rules.tz
        day_start = datetime.combine(day, time.min, tz)
        day_end = datetime.combine(day + timedelta(days=1), time.min, tz)
        time_off = [
            Block(
                TIME_OFF,
                max(off.start.astimezone(tz), day_start),
                min(off.end.astimezone(tz), day_end),
            )
            for off in self.read.weeks[therapist_id].time_off
            if off.start < day_end and off.end > day_start
        ]
        items = self.visits.get((therapist_id, day), []) + time_off
        items += self.free.get((therapist_id, day), [])
        return sorted(items, key=lambda block: (block.start, block.kind != TIME_OFF))


def _ranges(read: CalendarRead, therapist_id: int, day: date) -> list[tuple[datetime, datetime]]:
    tz = read.rules.tz
    return [
        (datetime.combine(day, a, tz), datetime.combine(day, b, tz))
        for a, b in read.weeks[therapist_id].hours.get(day.weekday(), [])
    ]


def day_window(read: CalendarRead, day: date) -> tuple[datetime, datetime]:
    """Whole hours from the first therapist's start (or visit) to the last one's end;
    8 AM to 6 PM on a day nobody works."""
    tz = read.rules.tz
    starts, ends = [], []
    for therapist in read.therapists:
        for a, b in _ranges(read, therapist.pk, day):
            starts.append(a)
            ends.append(b)
    for visit in read.visits:
        if visit.start.astimezone(tz).date() == day:
            starts.append(visit.start.astimezone(tz))
            ends.append(visit.end.astimezone(tz))
    if not starts:
        return datetime.combine(day, time(8), tz), datetime.combine(day, time(18), tz)
    first = min(starts).replace(minute=0, second=0, microsecond=0)
    last = max(ends)
    if last.minute or last.second or last.microsecond:  # up to the next whole hour
        last = last.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if last.date() > day:  # a visit running past midnight: the day ends at midnight
        last = datetime.combine(day + timedelta(days=1), time.min, tz)
    return first, last


def _gaps(start: datetime, end: datetime, ranges) -> list[Block]:
    """[start, end) cut at the working hours' edges: working (open) or not (off)."""
    cuts = sorted({start, end, *(t for r in ranges for t in r if start < t < end)})
    return [
        Block(OPEN if any(a <= s and e <= b for a, b in ranges) else OFF, s, e)
        for s, e in zip(cuts, cuts[1:], strict=False)
    ]


def day_columns(read: CalendarRead, day: date) -> tuple[list[Block], list[Column]]:
    """The hour labels and a column per therapist, every column tiling the same window."""
    first, last = day_window(read, day)

    def unit(at: datetime) -> int:
        return min(MAX_UNITS, max(0, round((at - first) / STEP)))

    def sized(block: Block) -> Block:
        block.units = unit(block.end) - unit(block.start)
        return block

    labels = []
    at = first
    while at < last:
        labels.append(sized(Block(OFF, at, min(at + timedelta(hours=1), last))))
        at += timedelta(hours=1)
    columns = []
    by_day = _ByDay(read)
    for therapist in read.therapists:
        ranges = _ranges(read, therapist.pk, day)
        column = Column(
            therapist.pk,
            therapist.display_name,
            hours_words(read.weeks[therapist.pk].hours.get(day.weekday(), [])),
        )
        cursor = first
        for item in by_day.items(therapist.pk, day):
            if item.end <= cursor or item.start >= last:
                continue  # overlapped by what came before (time off over a visit)
            column.blocks += _gaps(cursor, item.start, ranges) if item.start > cursor else []
            item.start = max(item.start, cursor)
            item.end = min(item.end, last)
            column.blocks.append(item)
            column.free += item.kind == FREE
            cursor = item.end
        column.blocks += _gaps(cursor, last, ranges) if cursor < last else []
        column.blocks = [sized(block) for block in column.blocks]
        column.blocks = [block for block in column.blocks if block.units > 0]
        columns.append(column)
    return labels, columns


@dataclass
class WeekRow:
    therapist_id: int
    name: str
    cells: list[Column]  # one per day


def week_rows(read: CalendarRead) -> list[WeekRow]:
    """Per therapist and day: visits, time off and runs of consecutive free times."""
    rows = []
    by_day = _ByDay(read)
    for therapist in read.therapists:
        cells = []
        for day in read.days:
            ranges = read.weeks[therapist.pk].hours.get(day.weekday(), [])
            buffer = read.weeks[therapist.pk].buffer
            cell = Column(therapist.pk, therapist.display_name, hours_words(ranges))
            for item in by_day.items(therapist.pk, day):
                previous = cell.blocks[-1] if cell.blocks else None
                # Free times one buffer apart make a run; a lunch break or a gap ends it.
                if (
                    item.kind == FREE
                    and previous is not None
                    and previous.kind == FREE
                    and item.start <= previous.end + buffer
                ):
                    previous.end = item.end
                    previous.count += 1
                else:
                    cell.blocks.append(item)
                cell.free += item.kind == FREE
            cells.append(cell)
        rows.append(WeekRow(therapist.pk, therapist.display_name, cells))
    return rows
