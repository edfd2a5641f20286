"""Calendar files for visits (RFC 5545, via icalendar)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from clinic.models import ClinicProfile
from intake.models import Visit


def visit_uid(visit: Visit) -> str:
    return f"visit-{visit.pk}@runner-portal"


def visit_calendar(visit: Visit, clinic: ClinicProfile, *, cancelled: bool = False) -> str:
    tz = ZoneInfo(clinic.timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Runner intake portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", visit_uid(visit))
    event.add("sequence", visit.sequence + (1 if cancelled else 0))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", visit.start.astimezone(tz))
    event.add("dtend", visit.end.astimezone(tz))
    event.add("summary", f"{visit.visit_type.name} with {visit.therapist} - {clinic.name}")
    where = (
        "Video call (link sent by the clinic)" if visit.mode == Visit.Mode.VIDEO else clinic.address
    )
    event.add("location", where)
    event.add("description", f"Questions or changes: call {clinic.phone}.")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(clinic.name)
    event["organizer"] = organizer
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    # RFC 5545 wants a VTIMEZONE for every TZID used; some calendar apps misplace the visit
    # without it.
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
