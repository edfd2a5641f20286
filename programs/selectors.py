"""Reads for the plan page and the case page: the same few queries however long the plan."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from programs import dosage
from programs.models import Plan, PlanItem, PlanSession, SessionLog


@dataclass(frozen=True)
class ItemView:
    item: PlanItem
    dosage: str
    progress_note: str
    steps: list[str]
    cues: list[str]
    mistakes: list[str]


@dataclass(frozen=True)
class SessionView:
    session: PlanSession
    title: str
    items: list[ItemView]  # exercise sessions
    stage_text: str  # run sessions
    intervals: list[dosage.Interval]
    log: SessionLog | None
    is_today: bool


@dataclass(frozen=True)
class PlanWeek:
    plan: Plan
    today: date
    week_start: date
    week_number: int
    weeks_in_plan: int
    today_sessions: list[SessionView]
    week: list[tuple[date, list[SessionView]]]
    next_session: PlanSession | None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def plan_week(plan: Plan, today: date) -> PlanWeek:
    """The plan week holding `today` (weeks count from the plan's start; before the start,
    the first week; after the end, the last), each session with what it holds."""
    day = min(max(today, plan.start_date), plan.end_date)
    week_number = (day - plan.start_date).days // 7
    week_start = plan.start_date + timedelta(weeks=week_number)
    sessions = list(
        PlanSession.objects.filter(
            plan=plan, date__gte=week_start, date__lt=week_start + timedelta(days=7)
        ).select_related("phase", "stage", "log")
    )
    phase_ids = {s.phase_id for s in sessions if s.phase_id}
    items_by_phase = defaultdict(list)
    for item in PlanItem.objects.filter(phase_id__in=phase_ids):
        items_by_phase[item.phase_id].append(item)
    pains = _pains_by_phase_slot(plan, phase_ids, today)
    views = [_session_view(s, items_by_phase, pains, today) for s in sessions]
    by_day = defaultdict(list)
    for view in views:
        by_day[view.session.date].append(view)
    next_session = (
        PlanSession.objects.filter(plan=plan, date__gt=today).order_by("date").first()
        if not any(v.is_today for v in views)
        else None
    )
    return PlanWeek(
        plan=plan,
        today=today,
        week_start=week_start,
        week_number=week_number + 1,
        weeks_in_plan=(plan.end_date - plan.start_date).days // 7 + 1,
        today_sessions=[v for v in views if v.is_today],
        week=[
            (week_start + timedelta(days=n), by_day[week_start + timedelta(days=n)])
            for n in range(7)
        ],
        next_session=next_session,
    )


def _pains_by_phase_slot(plan: Plan, phase_ids: set[int], today: date) -> dict:
    """phase id -> (slot in week, pain) of each logged session so far, oldest first; pain
    None for a skipped one. An item's progression reads the sessions it was in."""
    pains = defaultdict(list)
    rows = (
        SessionLog.objects.filter(
            session__plan=plan, session__phase_id__in=phase_ids, session__date__lte=today
        )
        .order_by("session__date")
        .values_list("session__phase_id", "session__slot_in_week", "outcome", "pain_during")
    )
    for phase_id, slot, outcome, pain in rows:
        pains[phase_id].append((slot, None if outcome == SessionLog.Outcome.SKIPPED else pain))
    return pains


def _item_view(item: PlanItem, pains: dict) -> ItemView:
    history = [pain for slot, pain in pains[item.phase_id] if slot < item.days_per_week]
    progress = dosage.current_dosage(item.dosage(), item.progression(), history)
    return ItemView(
        item=item,
        dosage=dosage.describe(progress.dosage),
        progress_note=progress.reason,
        steps=_lines(item.steps),
        cues=_lines(item.cues),
        mistakes=_lines(item.mistakes),
    )


def _session_view(session: PlanSession, items_by_phase, pains, today: date) -> SessionView:
    log = getattr(session, "log", None)
    if session.kind == PlanSession.Kind.RUN:
        stage = session.stage
        fields = {name: getattr(stage, name) for name in stage.STAGE_FIELDS}
        return SessionView(
            session=session,
            title=f"{stage.program}: {stage.name}",
            items=[],
            stage_text=dosage.describe_stage(fields),
            intervals=dosage.intervals(fields),
            log=log,
            is_today=session.date == today,
        )
    phase = session.phase
    items = [
        _item_view(item, pains)
        for item in items_by_phase[phase.pk]
        if session.slot_in_week < item.days_per_week
    ]
    return SessionView(
        session=session,
        title=f"{phase.program}: {phase.name}",
        items=items,
        stage_text="",
        intervals=[],
        log=log,
        is_today=session.date == today,
    )


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date
    planned: int
    done: int
    partly: int
    skipped: int
    not_logged: int
    mean_pain: float | None


def plan_adherence(plan: Plan, today: date) -> list[WeekAdherence]:
    """Sessions planned and logged per plan week, up to the current week."""
    weeks = defaultdict(lambda: {"planned": 0, "done": 0, "partly": 0, "skipped": 0, "pain": []})
    rows = PlanSession.objects.filter(plan=plan, date__lte=today).values_list(
        "date", "log__outcome", "log__pain_during"
    )
    for day, outcome, pain in rows:
        week = weeks[(day - plan.start_date).days // 7]
        week["planned"] += 1
        if outcome:
            week[outcome] += 1
        if pain is not None:
            week["pain"].append(pain)
    return [
        WeekAdherence(
            week_start=plan.start_date + timedelta(weeks=number),
            planned=week["planned"],
            done=week["done"],
            partly=week["partly"],
            skipped=week["skipped"],
            not_logged=week["planned"] - week["done"] - week["partly"] - week["skipped"],
            mean_pain=round(sum(week["pain"]) / len(week["pain"]), 1) if week["pain"] else None,
        )
        for number, week in sorted(weeks.items())
    ]


def plan_pain_logs(plan: Plan, limit: int = 20) -> list[SessionLog]:
    return list(
        SessionLog.objects.filter(session__plan=plan)
        .select_related("session")
        .order_by("-session__date", "-pk")[:limit]
    )


@dataclass(frozen=True)
class PhaseOutline:
    program: str
    name: str
    goal: str
    weeks: int
    item_views: list[ItemView]


@dataclass(frozen=True)
class StageOutline:
    stage: object
    name: str
    text: str


def plan_outline(plan: Plan) -> tuple[list[PhaseOutline], list[StageOutline]]:
    """The whole plan at its starting dosage, for the printable view."""
    phases = [
        PhaseOutline(
            phase.program,
            phase.name,
            phase.goal,
            phase.weeks,
            [_item_view(item, defaultdict(list)) for item in phase.items.all()],
        )
        for phase in plan.phases.prefetch_related("items")
    ]
    stages = [
        StageOutline(
            stage,
            f"{stage.program}: {stage.name}",
            dosage.describe_stage({name: getattr(stage, name) for name in stage.STAGE_FIELDS}),
        )
        for stage in plan.stages.all()
    ]
    return phases, stages
