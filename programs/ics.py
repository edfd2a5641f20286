"""The plan as a calendar feed to subscribe to: one all-day event per day with sessions,
never two on one day (a day with exercises and a run/walk is one event listing both).

All-day events are dates, so a clock change never moves one. An event names the day's
sessions (program and phase or stage) and links to the plan page; the exercises, doses and
pain rules stay on the page behind the link."""

from collections import defaultdict
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from icalendar import Calendar, Event

from clinic.models import ClinicProfile, portal_host
from programs.models import Plan, PlanSession
from programs.selectors import session_title

SUMMARY = {
    PlanSession.Kind.EXERCISE: gettext_lazy("Exercise session"),
    PlanSession.Kind.RUN: gettext_lazy("Run/walk session"),
}


def plan_calendar(plan: Plan, sessions, clinic: ClinicProfile, base_url: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Runner intake portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", gettext("%(clinic)s: your plan") % {"clinic": clinic.name})
    page = base_url + reverse("programs:plan")
    stamp = timezone.now()
    # Unique across portals and database resets: the plan's creation time, the portal's host.
    created, host = f"{plan.created_at:%Y%m%dT%H%M%S}", portal_host()
    by_day = defaultdict(list)
    for session in sessions:
        by_day[session.date].append(session)
    for day, day_sessions in sorted(by_day.items()):
        kinds = {session.kind for session in day_sessions}
        summary = gettext(" and ").join(str(SUMMARY[kind]) for kind in SUMMARY if kind in kinds)
        lines = [f"{SUMMARY[s.kind]}: {session_title(s)}" for s in day_sessions]
        event = Event()
        event.add("uid", f"plan-{plan.pk}-{created}-day-{day:%Y%m%d}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{summary} ({clinic.name})")
        event.add(
            "description",
            "\n".join(
                [
                    *lines,
                    gettext("Open your plan (link from your e-mail): %(page)s") % {"page": page},
                ]
            ),
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode()
