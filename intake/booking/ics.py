"""Calendar files for visits (RFC 5545, via icalendar), and the visit's state they carry.

An e-mail's calendar file is built from the state the visit had when the e-mail was written
(`visit_event`, stored on the outbox row), not when it is sent: a "new time" e-mail carries
the moved event even if the visit is cancelled a minute later."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from clinic.models import ClinicProfile, portal_host
from intake.models import Visit

PUBLISH, CANCEL = "PUBLISH", "CANCEL"


def visit_uid(visit: Visit) -> str:
    """Stable for the visit's whole life (moves update the same event), unique across
    portals and database resets: the visit's id and creation time at the portal's host."""
    return f"visit-{visit.pk}-{visit.created_at:%Y%m%dT%H%M%S}@{portal_host()}"


def visit_event(visit: Visit, *, method: str = PUBLISH) -> dict:
    """The visit as an e-mail announces it, as JSON-ready data: no health details."""
    return {
        "uid": visit_uid(visit),
        "method": method,
        # A cancellation supersedes the last published version of the event.
        "sequence": visit.sequence + (1 if method == CANCEL else 0),
        "stamp": timezone.now().isoformat(),
        "start": visit.start.isoformat(),
        "end": visit.end.isoformat(),
        "therapist": str(visit.therapist),
        "type": visit.visit_type.name,
        "mode": visit.mode,
    }


def event_times(event: dict, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    return (
        datetime.fromisoformat(event["start"]).astimezone(tz),
        datetime.fromisoformat(event["end"]).astimezone(tz),
    )


def event_calendar(event: dict, clinic: ClinicProfile) -> str:
    start, end = event_times(event, clinic.timezone)
    cancelled = event["method"] == CANCEL
    calendar = Calendar()
    calendar.add("prodid", "-//Runner intake portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", event["method"])
    vevent = Event()
    vevent.add("uid", event["uid"])
    vevent.add("sequence", event["sequence"])
    vevent.add("dtstamp", datetime.fromisoformat(event["stamp"]))
    vevent.add("dtstart", start)
    vevent.add("dtend", end)
    vevent.add("summary", f"{event['type']} with {event['therapist']} - {clinic.name}")
    where = (
        "Video call (link sent by the clinic)"
        if event["mode"] == Visit.Mode.VIDEO
        else clinic.address
    )
    vevent.add("location", where)
    vevent.add("description", f"Questions or changes: call {clinic.phone}.")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(clinic.name)
    vevent["organizer"] = organizer
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(vevent)
    # RFC 5545 wants a VTIMEZONE for every TZID used; some calendar apps misplace the visit
    # without it.
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def visit_calendar(visit: Visit, clinic: ClinicProfile, *, cancelled: bool = False) -> str:
    """The visit as it is now ("Add to calendar" on the portal's pages)."""
    return event_calendar(visit_event(visit, method=CANCEL if cancelled else PUBLISH), clinic)
