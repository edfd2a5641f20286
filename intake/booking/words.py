"""Visit times in the runner's words, in the clinic's timezone: "Thursday at 8:40 AM"; on
pages, with the zone named: "Thursday at 8:40 AM (Eastern time)"."""

from datetime import datetime
from zoneinfo import ZoneInfo

from clinic.models import timezone_label

# Every minute of a day in words, made once: the calendar's week prints hundreds of times,
# and strftime per time cost more than the rest of a visit's markup.
_CLOCK = [
    f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
    for hour in range(24)
    for minute in range(60)
]


def clock(local: datetime) -> str:
    return _CLOCK[local.hour * 60 + local.minute]


def visit_when(start: datetime, zone: str) -> str:
    local = start.astimezone(ZoneInfo(zone))
    return f"{local:%A} at {clock(local)}"


def visit_when_long(start: datetime, zone: str) -> str:
    """With the date, for pages and e-mails: "Thursday, June 4 at 8:40 AM"."""
    local = start.astimezone(ZoneInfo(zone))
    return f"{local:%A}, {local:%B} {local.day} at {clock(local)}"


def visit_when_full(start: datetime, zone: str) -> str:
    """With the year, for the visit's own pages: "Thursday, June 4, 2026 at 8:40 AM"."""
    local = start.astimezone(ZoneInfo(zone))
    return f"{local:%A}, {local:%B} {local.day}, {local.year} at {clock(local)}"


def zone_named(when: str, zone: str) -> str:
    """A time with its zone, as every page shows one: "... at 8:40 AM (Eastern time)"."""
    return f"{when} ({timezone_label(zone)})"
