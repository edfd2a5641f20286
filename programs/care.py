"""What the runner's "My care" page reads: one case, its booked visit, its plan's week and
its check-ins. The same few queries however long the case's history."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from clinic.i18n import as_told, in_language
from intake import guidance
from intake.booking.words import visit_when_long
from intake.models import Case, Visit
from intake.triage.levels import EMERGENCY
from programs import dosage
from programs.models import CheckIn, Decision, Plan, SessionLog
from programs.selectors import PlanWeek, plan_week_cached

# Answered check-ins listed, and due ones offered, at most.
PAST_CHECKINS = 10
DUE_CHECKINS = 5


@dataclass(frozen=True)
class PastCheckIn:
    answered_at: datetime
    kind: "str | Promise"  # "Weekly", "Morning after a run", in the page's language
    decision: str  # what it meant for the return to run, in words; "" when nothing changed


@dataclass(frozen=True)
class PlanProgress:
    """The plan at a glance: this week's sessions done, and the return-to-run stage."""

    done: int  # this week's sessions logged as done or partly done
    planned: int
    stage: str  # the stage the runner is at, "" without a return to run
    stage_text: str  # what a run of that stage is, as the plan page words it
    running_stopped: bool


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
    progress: PlanProgress | None
    today_sessions: list  # SessionView of today, when the plan has any
    rest_today: bool  # a day of the plan with no session (week.next_session says what's next)
    due: list[tuple[int, str]]  # (check-in id, kind), soonest first
    past: list[PastCheckIn]  # answered, newest first


def _decision_words(
    action: str | None, final: str, status: str, reason: str, shown: str, language: str
) -> str:
    if not action:
        return ""
    reason = as_told(reason, shown, language)
    label = Decision.Action(final or action).label
    if status == Decision.Status.PENDING:
        return _("Your therapist will confirm: %(label)s. %(reason)s") % {
            "label": label,
            "reason": reason,
        }
    if status == Decision.Status.OVERRIDDEN:
        return _("Your therapist decided: %(label)s.") % {"label": label}
    return f"{label}. {reason}"


def _checkins(case: Case, now: datetime, has_visit: bool) -> tuple[list, list[PastCheckIn]]:
    """The due check-ins, soonest first, as (id, kind), and the latest answered ones with
    their decision, in one query. A check-in has at most one decision (programs.checkins
    writes it with the answer), so the join adds no rows; plain values, not models: the
    page only prints them."""
    due = Q(status=CheckIn.Status.SCHEDULED, due_at__lte=now)
    if has_visit:  # the booking nudge is moot once a visit is booked
        due &= ~Q(kind=CheckIn.Kind.NUDGE_BOOKING)
    # Due ones first (no answer yet), then the answered, newest first. A check-in left
    # unanswered 48 h is marked missed, so the due ones are a handful and leave the answered
    # their room in the limit.
    rows = (
        CheckIn.objects.filter(due | Q(status=CheckIn.Status.ANSWERED), case=case)
        .order_by(F("answered_at").desc(nulls_first=True), "due_at", "-pk")
        .values_list(
            "pk",
            "kind",
            "answered_at",
            "decisions__action",
            "decisions__final_action",
            "decisions__status",
            "decisions__reason",
            "decisions__reason_shown",
            "decisions__language",
        )[: DUE_CHECKINS + PAST_CHECKINS]
    )
    kinds = dict(CheckIn.Kind.choices)
    due_rows, past = [], []
    for pk, kind, answered_at, *decision in rows:
        if answered_at is None:
            due_rows.append((pk, kind))
        else:
            past.append(PastCheckIn(answered_at, kinds[kind], _decision_words(*decision)))
    return due_rows[:DUE_CHECKINS], past[:PAST_CHECKINS]


def _progress(plan: Plan, week: PlanWeek) -> PlanProgress:
    entries = [entry for day in week.week for entry in day.entries]
    done = SessionLog.Outcome.DONE, SessionLog.Outcome.PARTLY
    stage = plan.current_stage
    return PlanProgress(
        done=sum(1 for entry in entries if entry.log and entry.log.outcome in done),
        planned=len(entries),
        stage=in_language(stage, "name") if stage else "",
        stage_text=(
            dosage.describe_stage({name: getattr(stage, name) for name in stage.STAGE_FIELDS})
            if stage
            else ""
        ),
        running_stopped=bool(plan.running_stopped_reason),
    )


def care_read(*, case: Case, clinic, now: datetime, today: date) -> Care:
    # The columns the page shows: the three joined tables' others cost more to compile
    # than the query takes to run.
    shown = ("case_id", "start", "mode", "therapist__display_name", "visit_type__name")
    visit = (
        case.visits.filter(status=Visit.Status.BOOKED)
        .select_related("therapist", "visit_type")
        .only(*shown)
        .order_by("start")
        .first()
    )
    plan = (
        Plan.objects.filter(case=case)
        .exclude(status=Plan.Status.ENDED)
        .select_related("current_stage")
        .first()
    )
    week = plan_week_cached(plan, today) if plan else None
    due, past = _checkins(case, now, visit is not None)
    local_start = visit.start.astimezone(ZoneInfo(clinic.timezone)) if visit else None
    return Care(
        case=case,
        guidance=(
            guidance.for_level(
                case.triage_level,
                shoe_miles=clinic.shoe_replacement_miles,
                booked=visit is not None or plan is not None,
            )
            if case.intake_done
            else None
        ),
        visit=visit,
        visit_when=visit_when_long(visit.start, clinic.timezone) if visit else "",
        visit_today=bool(local_start and local_start.date() == today),
        can_book=visit is None and plan is None and case.triage_level != EMERGENCY,
        plan=plan,
        week=week,
        progress=_progress(plan, week) if plan and week else None,
        today_sessions=week.day_sessions if week and week.day == today else [],
        # plan_week shows the nearest plan day: today only while the plan runs.
        rest_today=bool(week and week.day == today and not week.day_sessions),
        due=due,
        past=past,
    )
