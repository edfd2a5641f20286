"""Check-ins as rows: scheduling them (each with its e-mail row, due at the clinic's morning
hour), flagging the ones a therapist should see, and the return-to-run decisions they make.
Answering one is in programs.checkins.answers.
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone, translation

from clinic.i18n import ENGLISH, supported
from clinic.models import ClinicProfile
from clinic.outbox import Outgoing, email_enqueue_many
from intake.models import Case
from intake.triage.levels import EMERGENCY, RANK, ROUTINE, SOON
from programs import progression
from programs.models import CheckIn, Decision, Plan, PlanSession, PlanStage, SessionLog
from programs.schedule import (
    StageSpec,
    at_local_hour,
    first_local_hour_after,
    plan_checkin_days,
    run_sessions,
)

NUDGE_AFTER = timedelta(hours=48)
REST_CHECK_AFTER = timedelta(hours=72)
# Intakes older than this get no booking nudge or rest check-in from the tick: too late.
DERIVE_WINDOW = timedelta(days=5)
# A check-in unanswered this long after it went out counts as missed.
MISSED_AFTER = timedelta(hours=48)

Kind = CheckIn.Kind


def _clinic_time() -> tuple[ZoneInfo, int]:
    clinic = ClinicProfile.load()
    return ZoneInfo(clinic.timezone), clinic.checkin_hour


def _write(checkins: list[CheckIn]) -> int:
    """Insert check-ins not written before (by key) and their e-mails, due with them."""
    if not checkins:
        return 0
    keys = [checkin.key for checkin in checkins]
    existing = set(CheckIn.objects.filter(key__in=keys).values_list("key", flat=True))
    new = [checkin for checkin in checkins if checkin.key not in existing]
    CheckIn.objects.bulk_create(new, ignore_conflicts=True)
    saved = CheckIn.objects.filter(key__in=[c.key for c in new]).select_related("case__runner")
    email_enqueue_many(
        [
            Outgoing("checkin", c.pk, c.case.runner.email, f"checkin-{c.key}", due_at=c.due_at)
            for c in saved
        ]
    )
    return len(new)


# --- scheduling -------------------------------------------------------------------------------


def checkins_derive_for_cases(*, now=None) -> int:
    """The booking nudge (48 h) and the "pain still there after rest?" check-in (72 h,
    routine and soon) of recent intakes. Derived by the beat tick from the case's own state,
    so intake needs no knowledge of programs; due times count from the submission, so a late
    tick never moves them, and the keys make a second run write nothing."""
    now = now or timezone.now()
    tz, hour = _clinic_time()
    cases = Case.objects.filter(submitted_at__gte=now - DERIVE_WINDOW).exclude(
        triage_level__in=[EMERGENCY, Case.Level.PENDING]
    )
    wanted = []
    for case in cases.only("pk", "triage_level", "submitted_at"):
        wanted.append(
            CheckIn(
                key=f"nudge:{case.pk}",
                case=case,
                kind=Kind.NUDGE_BOOKING,
                due_at=first_local_hour_after(case.submitted_at + NUDGE_AFTER, hour, tz),
            )
        )
        if case.triage_level in (ROUTINE, SOON):
            wanted.append(
                CheckIn(
                    key=f"rest:{case.pk}",
                    case=case,
                    kind=Kind.AFTER_REST,
                    due_at=first_local_hour_after(case.submitted_at + REST_CHECK_AFTER, hour, tz),
                )
            )
    return _write(wanted)


def checkins_for_plan(plan: Plan) -> int:
    """A plan's weekly and LEFS check-ins and one the morning after each run; call inside
    the transaction that lays out the plan."""
    tz, hour = _clinic_time()
    wanted = [
        CheckIn(
            key=f"{kind}:{plan.pk}:{number}",
            case_id=plan.case_id,
            plan=plan,
            kind=kind,
            due_at=at_local_hour(day, hour, tz),
        )
        for kind, day, number in plan_checkin_days(plan.start_date, plan.end_date)
    ]
    wanted += _morning_checkins(plan, PlanSession.objects.filter(plan=plan, kind="run"), tz, hour)
    return _write(wanted)


def _morning_checkins(plan, sessions, tz, hour) -> list[CheckIn]:
    return [
        CheckIn(
            key=f"morning:{session.pk}",
            case_id=plan.case_id,
            plan=plan,
            session=session,
            kind=Kind.MORNING_AFTER,
            due_at=at_local_hour(session.date + timedelta(days=1), hour, tz),
        )
        for session in sessions
    ]


def checkins_mark_missed(*, now=None) -> int:
    """Scheduled check-ins left unanswered past MISSED_AFTER become missed; two missed in a
    row for the same runner ask for a therapist's look."""
    now = now or timezone.now()
    overdue = list(
        CheckIn.objects.filter(status=CheckIn.Status.SCHEDULED, due_at__lt=now - MISSED_AFTER)
        .exclude(kind=Kind.NUDGE_BOOKING)
        .order_by("due_at")
    )
    for checkin in overdue:
        with transaction.atomic():
            checkin.status = CheckIn.Status.MISSED
            checkin.save(update_fields=["status"])
            before = (
                CheckIn.objects.filter(case_id=checkin.case_id, due_at__lt=checkin.due_at)
                .exclude(kind=Kind.NUDGE_BOOKING)
                .exclude(status=CheckIn.Status.CANCELLED)
                .order_by("-due_at")
                .first()
            )
            if before is not None and before.status == CheckIn.Status.MISSED:
                flag(checkin, "Two check-ins missed in a row.", rank=6)
                checkin.save(update_fields=["needs_review", "review_rank", "review_reasons"])
    return len(overdue)


def flag(checkin: CheckIn, reason: str, rank: int) -> None:
    """Ask for a therapist's look; the most urgent reason sets the rank (1 first)."""
    checkin.needs_review = True
    checkin.review_rank = min(checkin.review_rank, rank)
    checkin.review_reasons = [*checkin.review_reasons, reason]


# --- return-to-run decisions --------------------------------------------------------------------


def stage_runs(
    plan: Plan, stage: PlanStage, checkin: CheckIn | None, today: date
) -> list[progression.RunResult]:
    """This stage's runs as the logs and the morning-after check-ins tell them, oldest first;
    the check-in being answered (if any) counts with its own answers. Two queries."""
    runs = []
    sessions = (
        PlanSession.objects.filter(plan=plan, stage=stage, date__lte=today)
        .select_related("log")
        .prefetch_related("checkins")
        .order_by("date")
    )
    for session in sessions:
        log = getattr(session, "log", None)
        mornings = [c for c in session.checkins.all() if c.kind == Kind.MORNING_AFTER]
        morning = mornings[0] if mornings else None
        answers = (
            checkin.answers
            if morning and checkin and morning.pk == checkin.pk
            else (morning.answers if morning and morning.status == CheckIn.Status.ANSWERED else {})
        )
        if log is None and not answers:
            continue
        pain = answers.get("pain_during", log.pain_during if log else None)
        runs.append(
            progression.RunResult(
                pain_during=pain,
                morning=answers.get("morning"),
                completed=bool(log and log.outcome == SessionLog.Outcome.DONE)
                or answers.get("completed") is True,
            )
        )
    return runs


def decide(checkin: CheckIn, today: date) -> Decision | None:
    """During a return to run, decide by the stage's rule; apply the decision or queue it."""
    plan = checkin.plan
    if plan is None or plan.status != Plan.Status.ACTIVE or plan.running_stopped_reason:
        return None
    if checkin.kind not in (Kind.MORNING_AFTER, Kind.WEEKLY):
        return None
    first_stage = plan.stages.order_by("order").first()
    stage = plan.current_stage or first_stage
    if stage is None:
        return None
    rule = progression.StageRule(stage.pain_mode, stage.pain_threshold, stage.min_sessions)
    first = first_stage is not None and stage.pk == first_stage.pk
    warning = bool(checkin.triage_level) and RANK[checkin.triage_level] <= RANK[SOON]
    if checkin.kind == Kind.WEEKLY:
        # A weekly check-in only ever holds or stops: moving on needs the runs themselves.
        pain = checkin.answers.get("pain_running")
        runs = [progression.RunResult(pain, None, False)]
    else:
        runs = stage_runs(plan, stage, checkin, today)
    # The same decision, its reason in English for staff (the review queue, the admin), and
    # worded again in the runner's language for what the runner is told.
    language = supported(checkin.case.runner.language)
    with translation.override(ENGLISH):
        result = progression.decide(rule, runs, new_warning_sign=warning, first_stage=first)
    shown = result.reason
    if language != ENGLISH:
        with translation.override(language):
            again = progression.decide(rule, runs, new_warning_sign=warning, first_stage=first)
            shown = again.reason
    if checkin.kind == Kind.WEEKLY and result.action == progression.REPEAT:
        return None
    inputs = {
        "stage": stage.name,
        "pain_mode": stage.pain_mode,
        "threshold": stage.pain_threshold,
        "min_sessions": stage.min_sessions,
        "runs": [run.__dict__ for run in runs],
        "new_warning_sign": warning,
    }
    # Moving on waits for the therapist unless the plan says otherwise; holding, stepping back
    # and stopping are the safe direction and take effect at once.
    waits = result.action == progression.ADVANCE and not plan.auto_progress
    decision = Decision.objects.create(
        plan=plan,
        checkin=checkin,
        stage=stage,
        action=result.action,
        reason=result.reason,
        reason_shown=shown,
        language=language,
        inputs=inputs,
        status=Decision.Status.PENDING if waits else Decision.Status.APPLIED,
        final_action="" if waits else result.action,
    )
    if result.action in (progression.STEP_BACK, progression.STOP):
        action = Decision.Action(result.action).label
        with translation.override(ENGLISH):  # the review queue is English
            flag(checkin, f"Decision: {str(action).lower()}. {result.reason}", 2)
    if not waits:
        decision_apply(plan=plan, decision=decision, action=result.action, today=today)
    return decision


def decision_apply(*, plan: Plan, decision: Decision, action: str, today: date) -> None:
    """Move the plan's stage and lay out its runs from tomorrow on; STOP removes them and
    keeps the decision's reason on the plan, in English and as the runner was told it."""
    stages = list(plan.stages.order_by("order"))
    current = plan.current_stage or stages[0]
    index = stages.index(current)
    if action == progression.ADVANCE:
        index = min(index + 1, len(stages) - 1)
    elif action == progression.STEP_BACK:
        index = max(index - 1, 0)
    # Holding back or stopping takes today's run away too: the runner rests today.
    safer = action in (progression.STEP_BACK, progression.STOP)
    from_day = today if safer else today + timedelta(days=1)
    future = PlanSession.objects.filter(plan=plan, kind="run", date__gte=from_day, log__isnull=True)
    CheckIn.objects.filter(session__in=future, status=CheckIn.Status.SCHEDULED).update(
        status=CheckIn.Status.CANCELLED
    )
    future.delete()
    if action == progression.STOP:
        plan.running_stopped_reason = decision.reason
        plan.running_stopped_reason_shown = decision.reason_shown
        plan.running_stopped_language = decision.language
        plan.save(
            update_fields=[
                "running_stopped_reason",
                "running_stopped_reason_shown",
                "running_stopped_language",
            ]
        )
        return
    plan.current_stage = stages[index]
    plan.save(update_fields=["current_stage"])
    last = PlanSession.objects.filter(plan=plan, kind="run").order_by("-date").first()
    rest = stages[index].rest_days_after
    start = max(today + timedelta(days=1), last.date + timedelta(days=1 + rest) if last else today)
    specs = [
        StageSpec(s.pk, s.min_sessions, s.sessions_per_week, s.rest_days_after)
        for s in stages[index:]
    ]
    new = PlanSession.objects.bulk_create(
        PlanSession(plan=plan, date=d.date, kind="run", stage_id=d.key)
        for d in run_sessions(start, specs)
    )
    tz, hour = _clinic_time()
    _write(_morning_checkins(plan, new, tz, hour))
    end = max([plan.end_date, *(session.date for session in new)])
    if end != plan.end_date:
        plan.end_date = end
        plan.save(update_fields=["end_date"])


def decision_resolve(*, decision: Decision, action: str, by, today: date) -> Decision:
    """The therapist approves a waiting decision (the same action) or overrides it."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("plan")
            .get(pk=decision.pk)
        )
        if decision.status != Decision.Status.PENDING:
            return decision
        decision.status = (
            Decision.Status.APPROVED if action == decision.action else Decision.Status.OVERRIDDEN
        )
        decision.final_action = action
        decision.resolved_by = by
        decision.resolved_at = timezone.now()
        decision.save()
        decision_apply(plan=decision.plan, decision=decision, action=action, today=today)
        decision.plan.touch()
    return decision
