"""Reads for the plan page and the case page: the same few queries however long the plan."""

from collections import defaultdict
from copy import copy
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import dateformat, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext_lazy

from clinic.i18n import in_language
from programs import dosage, html
from programs.models import (
    SPANISH_WORDS,
    CheckIn,
    Decision,
    Plan,
    PlanItem,
    PlanPhase,
    PlanSession,
    PlanStage,
    SessionLog,
)


@dataclass(frozen=True)
class ItemView:
    item: PlanItem
    dosage: str
    progress_note: str
    steps: list[str]
    details: SafeString  # steps, cues and mistakes as HTML (programs/html.py says why)


@dataclass(frozen=True)
class SessionView:
    session: PlanSession
    title: str
    items: list[ItemView]  # exercise sessions
    stage_text: str  # run sessions
    intervals: list[dosage.Interval]
    log: SessionLog | None
    # What the runner sent in a log that was refused, shown again so nothing is lost.
    kept_pain: str = ""
    kept_note: str = ""

    @property
    def key(self) -> str:
        # The page writes the id a dozen times per session: as text, it skips number
        # formatting each time.
        return str(self.session.pk)

    @property
    def pain_scale(self) -> SafeString:
        return html.pain_scale(self.key, self.kept_pain)


@dataclass(frozen=True)
class DayEntry:
    """One session in the week list: what it is and whether it is logged, no contents."""

    session: PlanSession
    title: str
    log: SessionLog | None


# A day of the week strip: its state, and that state in words (never colour alone).
DAY_STATES = {
    "done": pgettext_lazy("day state", "Done"),
    "partly": pgettext_lazy("day state", "Partly done"),
    "skipped": pgettext_lazy("day state", "Skipped"),
    "missed": pgettext_lazy("day state", "Missed"),
    "today": pgettext_lazy("day state", "Today"),
    "rest": pgettext_lazy("day state", "Rest day"),
    "coming": pgettext_lazy("day state", "Coming up"),
}


def day_state(day: date, entries: list[DayEntry], today: date) -> str:
    """done, partly, skipped, missed (past and not logged), today, rest or coming."""
    if not entries:
        return "rest"
    outcomes = {entry.log.outcome for entry in entries if entry.log}
    unlogged = any(entry.log is None for entry in entries)
    if unlogged and day >= today:
        return "today" if day == today else "coming"
    if not outcomes:
        return "missed"
    if len(outcomes) == 1 and not unlogged:
        return outcomes.pop()  # all done, all partly or all skipped
    return "partly"


@dataclass(frozen=True)
class WeekDay:
    day: date
    label: str  # "Mon Jun 1": written here, as the booking page does, to spare the filter
    iso: str
    entries: list[DayEntry]
    state: str = "rest"
    long_label: str = ""  # "Monday, June 1"
    is_today: bool = False

    @property
    def state_words(self) -> str:
        return str(DAY_STATES[self.state])


@dataclass(frozen=True)
class PlanWeek:
    plan: Plan
    today: date
    day: date  # the day shown in full: today unless the runner picked another
    day_sessions: list[SessionView]
    week_start: date
    week_number: int
    weeks_in_plan: int
    week: list[WeekDay]
    previous_week: date | None
    next_week: date | None
    next_session: PlanSession | None
    latest_decision: Decision | None  # the return to run's latest, with its reason


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _stage(session: PlanSession) -> PlanStage:
    """A run's stage (the session_has_its_phase_or_stage constraint says it has one)."""
    if session.stage is None:
        raise ValueError(f"run session {session.pk} has no stage")
    return session.stage


def _phase(session: PlanSession) -> PlanPhase:
    """An exercise session's phase (the same constraint says it has one)."""
    if session.phase is None:
        raise ValueError(f"exercise session {session.pk} has no phase")
    return session.phase


def session_title(session: PlanSession) -> str:
    """ "Program: phase" (or stage), in the runner's language (English where no Spanish)."""
    part = _stage(session) if session.kind == PlanSession.Kind.RUN else _phase(session)
    return f"{in_language(part, 'program')}: {in_language(part, 'name')}"


def _week_day(day: date, by_day: dict, today: date) -> WeekDay:
    entries = by_day[day]
    return WeekDay(
        day,
        # Django's date format, not strftime: month and day names in the runner's language.
        dateformat.format(day, gettext("D M j")),
        day.isoformat(),
        entries,
        state=day_state(day, entries, today),
        long_label=dateformat.format(day, gettext("l, F j")),
        is_today=day == today,
    )


def plan_week(plan: Plan, today: date, day: date | None = None) -> PlanWeek:
    """The chosen day's sessions in full (today by default; a day outside the plan shows
    the nearest plan day), and its plan week as a list (weeks count from the plan's start).
    The same queries whatever the plan's length."""
    day = min(max(day or today, plan.start_date), plan.end_date)
    week_number = (day - plan.start_date).days // 7
    week_start = plan.start_date + timedelta(weeks=week_number)
    sessions = list(
        PlanSession.objects.filter(
            plan=plan, date__gte=week_start, date__lt=week_start + timedelta(days=7)
        ).select_related("phase", "stage", "log")
    )
    shown = [s for s in sessions if s.date == day]
    by_day = defaultdict(list)
    for session in sessions:
        by_day[session.date].append(
            DayEntry(session, session_title(session), getattr(session, "log", None))
        )
    last_week_start = plan.start_date + timedelta(weeks=(plan.end_date - plan.start_date).days // 7)
    return PlanWeek(
        plan=plan,
        today=today,
        day=day,
        day_sessions=session_views(plan, shown, today),
        week_start=week_start,
        week_number=week_number + 1,
        weeks_in_plan=(plan.end_date - plan.start_date).days // 7 + 1,
        week=[_week_day(week_start + timedelta(days=n), by_day, today) for n in range(7)],
        previous_week=week_start - timedelta(weeks=1) if week_start > plan.start_date else None,
        next_week=week_start + timedelta(weeks=1) if week_start < last_week_start else None,
        next_session=(
            PlanSession.objects.filter(plan=plan, date__gt=day).order_by("date").first()
            if not shown
            else None
        ),
        latest_decision=Decision.objects.filter(plan=plan).select_related("stage").first(),
    )


def session_views(plan: Plan, sessions: list[PlanSession], today: date) -> list[SessionView]:
    """The sessions in full, each exercise at its dosage today: two queries for any number."""
    phase_ids = {s.phase_id for s in sessions if s.phase_id}
    items_by_phase = defaultdict(list)
    for item in PlanItem.objects.filter(phase_id__in=phase_ids).select_related("exercise"):
        items_by_phase[item.phase_id].append(item)
    pains = _pains_by_phase_slot(plan, phase_ids, today)
    return [_session_view(s, items_by_phase, pains, today) for s in sessions]


# The plan's version is in the key, so any change a runner would see makes a new entry; the
# expiry only bounds what a write outside the portal's code paths leaves behind.
PLAN_WEEK_SECONDS = 600


def plan_week_cached(plan: Plan, today: date, day: date | None = None) -> PlanWeek:
    """plan_week, read once per change of the plan and language: the runner opens the same
    day often."""
    # The language too: the exercises' words are the runner's language's (clinic.i18n.in_language).
    key = f"plan-week:{plan.pk}:{plan.version}:{today}:{day}:{translation.get_language()}"
    week = cache.get(key)
    if week is None:
        week = plan_week(plan, today, day)
        cache.set(key, week, PLAN_WEEK_SECONDS)
    return week


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


def item_view(item: PlanItem, pains: dict) -> ItemView:
    history = [pain for slot, pain in pains[item.phase_id] if slot < item.days_per_week]
    progress = dosage.current_dosage(item.dosage(), item.progression(), history)
    words = {field: in_language(item, field) for field in SPANISH_WORDS}
    # The templates read the item's own name and equipment: a copy in the runner's language,
    # for display only (never saved).
    shown = copy(item)
    shown.name, shown.equipment = words["name"], words["equipment"]
    return ItemView(
        item=shown,
        dosage=dosage.describe(progress.dosage),
        progress_note=progress.reason,
        steps=_lines(words["steps"]),
        details=html.exercise_details(
            _lines(words["steps"]), _lines(words["cues"]), _lines(words["mistakes"])
        ),
    )


def _session_view(session: PlanSession, items_by_phase, pains, today: date) -> SessionView:
    log = getattr(session, "log", None)
    if session.kind == PlanSession.Kind.RUN:
        stage = _stage(session)
        fields = {name: getattr(stage, name) for name in stage.STAGE_FIELDS}
        return SessionView(
            session=session,
            title=session_title(session),
            items=[],
            stage_text=dosage.describe_stage(fields),
            intervals=dosage.intervals(fields),
            log=log,
            **_saved(log),
        )
    phase = _phase(session)
    items = [
        item_view(item, pains)
        for item in items_by_phase[phase.pk]
        if session.slot_in_week < item.days_per_week
    ]
    return SessionView(
        session=session,
        title=session_title(session),
        items=items,
        stage_text="",
        intervals=[],
        log=log,
        **_saved(log),
    )


def _saved(log: SessionLog | None) -> dict:
    """A logged session's form starts from what was saved, so changing it is one tap."""
    if log is None:
        return {}
    pain = "" if log.pain_during is None else str(log.pain_during)
    return {"kept_pain": pain, "kept_note": log.note}


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date
    planned: int
    done: int
    partly: int
    skipped: int
    not_logged: int
    mean_pain: float | None


def plans_adherence(plans: list[Plan], today: date) -> dict[int, list[WeekAdherence]]:
    """Sessions planned and logged per plan week, up to the current week, for each plan: one
    query for all of them."""
    starts = {plan.pk: plan.start_date for plan in plans}
    weeks: dict[int, dict] = {pk: {} for pk in starts}
    rows = PlanSession.objects.filter(plan__in=starts, date__lte=today).values_list(
        "plan_id", "date", "log__outcome", "log__pain_during"
    )
    for plan_id, day, outcome, pain in rows:
        number = (day - starts[plan_id]).days // 7
        week = weeks[plan_id].setdefault(
            number, {"planned": 0, "done": 0, "partly": 0, "skipped": 0, "pain": []}
        )
        week["planned"] += 1
        if outcome:
            week[outcome] += 1
        if pain is not None:
            week["pain"].append(pain)
    return {
        plan_id: [
            WeekAdherence(
                week_start=starts[plan_id] + timedelta(weeks=number),
                planned=week["planned"],
                done=week["done"],
                partly=week["partly"],
                skipped=week["skipped"],
                not_logged=week["planned"] - week["done"] - week["partly"] - week["skipped"],
                mean_pain=round(sum(week["pain"]) / len(week["pain"]), 1) if week["pain"] else None,
            )
            for number, week in sorted(by_week.items())
        ]
        for plan_id, by_week in weeks.items()
    }


def plans_pain_logs(plans: list[Plan], limit: int = 20) -> dict[int, list[SessionLog]]:
    """Each plan's latest `limit` session logs, newest first: one query for all plans."""
    latest = Window(
        RowNumber(),
        partition_by=F("session__plan_id"),
        order_by=[F("session__date").desc(), F("pk").desc()],
    )
    logs = (
        SessionLog.objects.filter(session__plan__in=[plan.pk for plan in plans])
        .select_related("session")
        .annotate(newest=latest)
        .filter(newest__lte=limit)
        .order_by("-session__date", "-pk")
    )
    by_plan: dict[int, list[SessionLog]] = {plan.pk: [] for plan in plans}
    for log in logs:
        by_plan[log.session.plan_id].append(log)
    return by_plan


def with_refused_log(week: PlanWeek, session_id: int, pain: str, note: str) -> PlanWeek:
    """The week with a refused log's answers put back into its session's form."""
    sessions = [
        replace(view, kept_pain=pain, kept_note=note) if view.session.pk == session_id else view
        for view in week.day_sessions
    ]
    return replace(week, day_sessions=sessions)


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime
    what: str
    detail: str


# A decision as the chart marks it: what was done (an override's own action), in one word.
DECISION_MARKS: dict[str, tuple[str, str]] = {
    Decision.Action.ADVANCE: ("Advance", "advance"),
    Decision.Action.REPEAT: ("Hold", "hold"),
    Decision.Action.STEP_BACK: ("Step back", "step-back"),
    Decision.Action.STOP: ("Stop", "stop"),
}


def case_timeline(case) -> tuple[list[TimelineEvent], list, list, set[str]]:
    """The case's story, newest first: intake, visits, plans, decisions and check-ins; the
    pain and LEFS series for the trend chart, the decisions to mark on it, and the languages
    the LEFS was answered in. A handful of queries whatever its length."""
    from programs.chart import Mark, Series

    marks = []

    events = [TimelineEvent(case.submitted_at, "Intake", f"triage {case.triage_level}")]
    for visit in case.visits.select_related("visit_type"):
        events.append(
            TimelineEvent(visit.start, "Visit", f"{visit.visit_type.name}: {visit.status}")
        )
    for plan in Plan.objects.filter(case=case):
        events.append(TimelineEvent(plan.created_at, "Plan issued", plan.title))
    for decision in Decision.objects.filter(plan__case=case).select_related("stage"):
        stage = f" at {decision.stage.name}" if decision.stage else ""
        label, css = DECISION_MARKS[decision.final_action or decision.action]
        waiting = " (waiting)" if decision.status == Decision.Status.PENDING else ""
        marks.append(Mark(decision.decided_at, label + waiting, css))
        events.append(
            TimelineEvent(
                decision.decided_at,
                "Decision",
                f"{decision.get_action_display()}{stage} ({decision.get_status_display().lower()})",
            )
        )
    pain, lefs, lefs_languages = [], [], set()
    if case.lefs_total is not None:
        lefs.append((case.submitted_at, case.lefs_total))
        lefs_languages.add(case.language)
    if case.answers.get("pain_now") is not None:
        pain.append((case.submitted_at, case.answers["pain_now"]))
    checkins = CheckIn.objects.filter(case=case).exclude(status=CheckIn.Status.SCHEDULED)
    for checkin in checkins.exclude(status=CheckIn.Status.CANCELLED).order_by("due_at"):
        if checkin.status == CheckIn.Status.MISSED:
            events.append(
                TimelineEvent(checkin.due_at, "Check-in missed", checkin.get_kind_display())
            )
            continue
        events.append(
            TimelineEvent(
                checkin.answered_at or checkin.due_at,  # answered ones have their time
                "Check-in",
                checkin.get_kind_display() + (" - needs review" if checkin.needs_review else ""),
            )
        )
        answers = checkin.answers
        for key in ("pain_now", "pain_morning"):
            if answers.get(key) is not None:
                pain.append((checkin.answered_at, answers[key]))
                break
        if answers.get("lefs_total") is not None:
            lefs.append((checkin.answered_at, answers["lefs_total"]))
            lefs_languages.add(checkin.language or case.language)  # answered_in(), no query
    series = [Series("Pain", 10, sorted(pain), "pain"), Series("LEFS", 80, sorted(lefs), "lefs")]
    # Newest first; events at the same instant keep their story order backwards too.
    story = [event for event in reversed(events) if event.when]
    story = sorted(story, key=lambda event: event.when, reverse=True)
    return story, series, marks, lefs_languages
