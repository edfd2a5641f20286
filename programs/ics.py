"""The plan as a calendar feed to subscribe to: one all-day event per session.

All-day events are dates, so a clock change never moves one. Events say what kind of session
it is and link to the plan page; what the session holds stays on the page behind the link."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from clinic.models import ClinicProfile, portal_host
from programs.models import Plan, PlanSession

SUMMARY = {
    PlanSession.Kind.EXERCISE: "Exercise session",
    PlanSession.Kind.RUN: "Run/walk session",
}


def plan_calendar(plan: Plan, sessions, clinic: ClinicProfile, base_url: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Runner intake portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{clinic.name}: your plan")
    page = base_url + reverse("programs:plan")
    stamp = timezone.now()
    # Unique across portals and database resets: the plan's creation time, the portal's host.
    created, host = f"{plan.created_at:%Y%m%dT%H%M%S}", portal_host()
    for session in sessions:
        event = Event()
        event.add("uid", f"plan-{plan.pk}-{created}-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.date)
        event.add("dtend", session.date + timedelta(days=1))
        event.add("summary", f"{SUMMARY[session.kind]} ({clinic.name})")
        event.add("description", f"Open your plan (link from your e-mail): {page}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode()
