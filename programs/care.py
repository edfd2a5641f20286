"""What the runner's "My care" page reads: one case, its booked visit, its plan's week and
its check-ins. The same few queries however long the case's history."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from intake import guidance
from intake.booking.words import visit_when_long
from intake.models import Case, Visit
from intake.triage.levels import EMERGENCY
from programs.models import CheckIn, Decision, Plan
from programs.selectors import PlanWeek, plan_week_cached

PAST_CHECKINS = 10


@dataclass(frozen=True)
class Care:
    case: Case
    guidance: dict | None  # None while the intake is not done
    visit: Visit | None  # the booked visit, soonest first
    visit_when: str
    visit_today: bool
    can_book: bool
    plan: Plan | None
    week: PlanWeek | None
    today_sessions: list  # SessionView of today, when the plan has any
    due: list[CheckIn]
    past: list[CheckIn]  # answered, newest first, each with its decisions


def _due_checkins(case: Case, now: datetime, has_visit: bool) -> list[CheckIn]:
    due = case.checkins.filter(status=CheckIn.Status.SCHEDULED, due_at__lte=now)
    if has_visit:  # the booking nudge is moot once a visit is booked
        due = due.exclude(kind=CheckIn.Kind.NUDGE_BOOKING)
    return list(due.order_by("due_at")[:5])


def _past_checkins(case: Case) -> list[CheckIn]:
    decisions = Prefetch("decisions", queryset=Decision.objects.order_by("-decided_at"))
    answered = case.checkins.filter(status=CheckIn.Status.ANSWERED).order_by("-answered_at")
    return list(answered.prefetch_related(decisions)[:PAST_CHECKINS])


def care_read(*, case: Case, clinic, now: datetime, today: date) -> Care:
    visit = (
        case.visits.filter(status=Visit.Status.BOOKED)
        .select_related("therapist", "visit_type")
        .order_by("start")
        .first()
    )
    plan = Plan.objects.filter(case=case).exclude(status=Plan.Status.ENDED).first()
    week = plan_week_cached(plan, today) if plan else None
    local_start = visit.start.astimezone(ZoneInfo(clinic.timezone)) if visit else None
    return Care(
        case=case,
        guidance=(
            guidance.for_level(case.triage_level, shoe_miles=clinic.shoe_replacement_miles)
            if case.intake_done
            else None
        ),
        visit=visit,
        visit_when=visit_when_long(visit.start, clinic.timezone) if visit else "",
        visit_today=bool(local_start and local_start.date() == today),
        can_book=visit is None and plan is None and case.triage_level != EMERGENCY,
        plan=plan,
        week=week,
        today_sessions=week.day_sessions if week and week.day == today else [],
        due=_due_checkins(case, now, visit is not None),
        past=_past_checkins(case),
    )
