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


def runner_short_name(first_name: str, last_name: str) -> str:
    """ "Maya L.": enough for a therapist to know whom they see, little for anyone who reads
    their phone's calendar over their shoulder."""
    initial = f" {last_name[:1].upper()}." if last_name else ""
    return f"{first_name}{initial}"


def therapist_calendar(therapist, visits, clinic: ClinicProfile, base_url: str) -> str:
    """A therapist's visits as a feed to subscribe to: when, where, who by first name and
    initial, and a link to the visit in the admin (which asks for a login). No level, no
    answers, no contact details."""
    calendar = Calendar()
    calendar.add("prodid", "-//Runner intake portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{clinic.name}: {therapist} visits")
    calendar.add("x-wr-timezone", clinic.timezone)
    tz = ZoneInfo(clinic.timezone)
    stamp = timezone.now()
    for visit in visits:
        runner = visit.case.runner
        event = Event()
        # Its own UID: the runner's invitation of the same visit is another calendar's event.
        event.add("uid", f"therapist-{visit_uid(visit)}")
        event.add("sequence", visit.sequence)
        event.add("dtstamp", stamp)
        event.add("dtstart", visit.start.astimezone(tz))
        event.add("dtend", visit.end.astimezone(tz))
        name = runner_short_name(runner.first_name, runner.last_name)
        event.add("summary", f"{visit.visit_type.name}: {name}")
        where = "Video call" if visit.mode == Visit.Mode.VIDEO else clinic.address
        event.add("location", where)
        event.add(
            "description",
            f"Open the visit (staff login): {base_url}/admin/intake/visit/{visit.pk}/change/",
        )
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
