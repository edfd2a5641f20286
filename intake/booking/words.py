"""Visit times in the runner's words, in the clinic's timezone: "Thursday at 8:40 AM"."""

from datetime import datetime
from zoneinfo import ZoneInfo


def clock(local: datetime) -> str:
    return f"{local.hour % 12 or 12}:{local:%M %p}"


def visit_when(start: datetime, zone: str) -> str:
    local = start.astimezone(ZoneInfo(zone))
    return f"{local:%A} at {clock(local)}"


def visit_when_long(start: datetime, zone: str) -> str:
    """With the date, for pages and e-mails: "Thursday, June 4 at 8:40 AM"."""
    local = start.astimezone(ZoneInfo(zone))
    return f"{local:%A}, {local:%B} {local.day} at {clock(local)}"
