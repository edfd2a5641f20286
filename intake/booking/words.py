"""Visit times in the runner's words and language, in the clinic's timezone: "Thursday at
8:40 AM", "jueves a las 8:40 a. m."; on pages, with the zone named: "Thursday at 8:40 AM
(Eastern time)". Day and month names are Django's own translations."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from clinic.models import timezone_label


def clock(local: datetime) -> str:
    """ "8:40 AM", "8:40 p. m.": a.m./p.m. as the language writes them."""
    noon = pgettext("clock", "PM") if local.hour >= 12 else pgettext("clock", "AM")
    # No strftime: the calendar's week prints hundreds of times, and it cost more than
    # the rest of a visit's markup.
    return f"{local.hour % 12 or 12}:{local.minute:02d} {noon}"


def _parts(start: datetime, zone: str) -> dict:
    local = start.astimezone(ZoneInfo(zone))
    return {
        "weekday": WEEKDAYS[local.weekday()],
        "month": MONTHS[local.month],
        "day": local.day,
        "year": local.year,
        "clock": clock(local),
    }


def visit_when(start: datetime, zone: str) -> str:
    return _("%(weekday)s at %(clock)s") % _parts(start, zone)


def visit_when_long(start: datetime, zone: str) -> str:
    """With the date, for pages and e-mails: "Thursday, June 4 at 8:40 AM"."""
    return _("%(weekday)s, %(month)s %(day)s at %(clock)s") % _parts(start, zone)


def visit_when_full(start: datetime, zone: str) -> str:
    """With the year, for the visit's own pages: "Thursday, June 4, 2026 at 8:40 AM"."""
    return _("%(weekday)s, %(month)s %(day)s, %(year)s at %(clock)s") % _parts(start, zone)


def zone_named(when: str, zone: str) -> str:
    """A time with its zone, as every page shows one: "... at 8:40 AM (Eastern time)"."""
    return f"{when} ({timezone_label(zone)})"
