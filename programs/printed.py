"""What the printable plan reads: this week day by day, every session in full (its first
page), then the whole plan at its starting dosage."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import dateformat
from django.utils.translation import gettext

from clinic.i18n import in_language
from programs import dosage
from programs.models import Plan, PlanSession
from programs.selectors import ItemView, SessionView, item_view, session_views


@dataclass(frozen=True)
class SheetDay:
    label: str  # "Monday, June 1"
    sessions: list[SessionView]


def plan_week_sheet(plan: Plan, today: date) -> tuple[int, list[SheetDay]]:
    """This plan week day by day, every session in full: the printed plan's first page."""
    day = min(max(today, plan.start_date), plan.end_date)
    week_number = (day - plan.start_date).days // 7
    week_start = plan.start_date + timedelta(weeks=week_number)
    sessions = list(
        PlanSession.objects.filter(
            plan=plan, date__gte=week_start, date__lt=week_start + timedelta(days=7)
        ).select_related("phase", "stage", "log")
    )
    views = session_views(plan, sessions, today)
    days = []
    for offset in range(7):
        date_ = week_start + timedelta(days=offset)
        days.append(
            SheetDay(
                dateformat.format(date_, gettext("l, F j")),
                [v for v in views if v.session.date == date_],
            )
        )
    return week_number + 1, days


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
            in_language(phase, "program"),
            in_language(phase, "name"),
            in_language(phase, "goal"),
            phase.weeks,
            [item_view(item, defaultdict(list)) for item in phase.items.all()],
        )
        for phase in plan.phases.prefetch_related("items")
    ]
    stages = [
        StageOutline(
            stage,
            f"{in_language(stage, 'program')}: {in_language(stage, 'name')}",
            dosage.describe_stage({name: getattr(stage, name) for name in stage.STAGE_FIELDS}),
        )
        for stage in plan.stages.all()
    ]
    return phases, stages
