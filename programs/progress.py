"""What the runner sees of their progress on the plan page: sessions done this week and
last, the return-to-run ladder with what unlocks the next stage, and the latest check-in
decision. The same few queries however long the plan; read once per change of the plan."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from clinic.i18n import in_language
from programs import dosage, progression
from programs.checkins.services import stage_runs
from programs.models import Decision, Plan, PlanSession, PlanStage, SessionLog
from programs.selectors import PLAN_WEEK_SECONDS


@dataclass(frozen=True)
class WeekCount:
    planned: int
    done: int
    partly: int

    @property
    def words(self) -> str:
        if not self.planned:
            return gettext("no sessions planned")
        done = ngettext(
            "%(done)s of %(planned)s session done",
            "%(done)s of %(planned)s sessions done",
            self.planned,
        ) % {"done": self.done, "planned": self.planned}
        if self.partly:
            done += gettext(", %(partly)s partly") % {"partly": self.partly}
        return done


@dataclass(frozen=True)
class Rung:
    name: str
    text: str  # "walk 9 min / run 1 min, 3 times"
    state: str  # "passed", "current" or "ahead"

    @property
    def state_words(self) -> str:
        return {
            "passed": pgettext("return-to-run level", "Done"),
            "current": gettext("You are here"),
            "ahead": gettext("To come"),
        }[self.state]


@dataclass(frozen=True)
class PlanProgress:
    this_week: WeekCount
    last_week: WeekCount | None  # None in the plan's first week
    ladder: list[Rung]
    current: PlanStage | None
    next_stage: PlanStage | None
    unlock: str  # what moves the runner on, from progression.what_unlocks_next
    waits_for_therapist: bool  # moving on needs the therapist's approval (not auto-progress)
    latest_decision: Decision | None

    @property
    def at(self) -> int:
        """The current rung's place in the ladder, from 0."""
        return next((n for n, rung in enumerate(self.ladder) if rung.state == "current"), 0)

    @property
    def near(self) -> list[Rung]:
        """The rungs a phone shows open: the one done last, the current one and the next
        (ten levels in full are a screen and a half at 390 px; the rest fold away)."""
        return self.ladder[max(self.at - 1, 0) : self.at + 2]


def _week_counts(plan: Plan, week_start: date) -> tuple[WeekCount, WeekCount | None]:
    """This plan week's and last plan week's sessions up to today: one query."""
    rows = PlanSession.objects.filter(
        plan=plan, date__gte=week_start - timedelta(days=7), date__lt=week_start + timedelta(days=7)
    ).values_list("date", "log__outcome")
    counts = {"this": [0, 0, 0], "last": [0, 0, 0]}
    for day, outcome in rows:
        week = counts["this" if day >= week_start else "last"]
        week[0] += 1
        week[1] += outcome == SessionLog.Outcome.DONE
        week[2] += outcome == SessionLog.Outcome.PARTLY
    last = WeekCount(*counts["last"]) if week_start > plan.start_date else None
    return WeekCount(*counts["this"]), last


def _ladder(stages: list[PlanStage], current: PlanStage | None) -> list[Rung]:
    at = stages.index(current) if current in stages else 0
    return [
        Rung(
            in_language(stage, "name"),
            dosage.describe_stage({name: getattr(stage, name) for name in stage.STAGE_FIELDS}),
            "passed" if index < at else "current" if index == at else "ahead",
        )
        for index, stage in enumerate(stages)
    ]


def plan_progress(plan: Plan, today: date) -> PlanProgress:
    day = min(max(today, plan.start_date), plan.end_date)
    week_start = plan.start_date + timedelta(weeks=(day - plan.start_date).days // 7)
    this_week, last_week = _week_counts(plan, week_start)
    stages = list(plan.stages.order_by("order"))
    current = next((s for s in stages if s.pk == plan.current_stage_id), None)
    current = current or (stages[0] if stages else None)
    unlock, next_stage = "", None
    if current is not None and not plan.running_stopped_reason:
        later = stages[stages.index(current) + 1 :]
        next_stage = later[0] if later else None
        if next_stage is not None:
            rule = progression.StageRule(
                current.pain_mode, current.pain_threshold, current.min_sessions
            )
            unlock = progression.what_unlocks_next(rule, stage_runs(plan, current, None, today))
    return PlanProgress(
        this_week=this_week,
        last_week=last_week,
        ladder=_ladder(stages, current),
        current=current,
        next_stage=next_stage,
        unlock=unlock,
        waits_for_therapist=not plan.auto_progress,
        latest_decision=Decision.objects.filter(plan=plan).select_related("stage").first(),
    )


def plan_progress_cached(plan: Plan, today: date) -> PlanProgress:
    """plan_progress, under the plan's version as plan_week_cached: a log, a check-in answer
    or a therapist's decision moves the version on."""
    # The language too: the unlock text is in the runner's language.
    key = f"plan-progress:{plan.pk}:{plan.version}:{today}:{translation.get_language()}"
    progress = cache.get(key)
    if progress is None:
        progress = plan_progress(plan, today)
        cache.set(key, progress, PLAN_WEEK_SECONDS)
    return progress
