"""The clinic's outcomes (issue 16): the facts the Outcomes dashboard sums, and the figures.

Why a summary table: the figures follow runners over months (an intake in May, a visit in
June, back to running in September), so counting them from the source tables means joining
cases, visits, plans, stages and decisions for every case in the chosen weeks; at a million
cases twelve weeks hold about 80,000 of them, and the page would cost what those joins cost.
So `outcomes_refresh` (beat, nightly; or the page's "Refresh now") counts everything once,
set-based, into OutcomeFact rows: per clinic day, therapist, measure and value, a count (and
a sum for means). The page sums those rows: its queries and their cost follow the days and
values shown, never the number of cases.

Medians come from the counts per value, so they are exact at the value's resolution
(minutes to contact, whole days to the visit, whole weeks back to running, LEFS points),
and the same on PostgreSQL and SQLite: no percentile function needed.

Who a figure belongs to (the therapist filter): a case's assigned therapist, otherwise the
therapist of its first visit; a visit's own therapist for no-shows.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Case as Choose  # Case is the intake's model here
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import (
    Cast,
    Coalesce,
    Floor,
    Greatest,
    Least,
    Round,
    TruncDate,
    TruncWeek,
)
from django.utils import timezone

from clinic.models import ClinicProfile
from intake.models import Case, IntakeDraft, Visit
from intake.services import DRAFT_LIFETIME
from intake.triage.levels import LABELS, LEVELS
from programs.models import CheckIn, Decision, OutcomeFact, Plan, PlanStage, SessionLog

LEFS_MCID = 9  # CLINICAL.md: the smallest LEFS change a runner notices
# Longer waits count as the cap: the median stays exact while most wait less, and the
# summary holds at most this many values a day (what the page sums).
CONTACT_CAP_MINUTES = 7 * 24 * 60
VISIT_CAP_DAYS = 90

# Measures: what a fact counts. FUNNEL's value is the step's number in FUNNEL_STEPS.
STARTED, FUNNEL, LEVEL, CONTACT, VISIT_DAYS = "started", "funnel", "level", "contact", "visit_days"
VISIT, CHECKIN, DECISION, LEFS, RETURN_WEEKS, PAIN = (
    "visit",
    "checkin",
    "decision",
    "lefs_change",
    "return_weeks",
    "pain_week",
)
FUNNEL_STEPS = (
    ("started", "Intakes started"),
    ("submitted", "Intakes submitted"),
    ("booked", "Visit booked"),
    ("attended", "Visit attended"),
    ("planned", "Plan issued"),
    ("returned", "Returned to running"),
    ("discharged", "Discharged"),
)
ACTIONS = (
    (Decision.Action.ADVANCE, "Advance"),
    (Decision.Action.REPEAT, "Hold"),
    (Decision.Action.STEP_BACK, "Step back"),
    (Decision.Action.STOP, "Stop"),
)

DEFINITIONS = {
    "funnel": (
        "Intakes started: intake forms opened on a day in the range (not per therapist). "
        "Every later step counts the intakes submitted in the range and how far each has got "
        "by the last refresh: a visit booked (any, cancelled ones too), a visit attended, a plan "
        "issued, back to running (a check-in moved the plan on from its last run/walk stage), "
        "discharged (the case's status). Conversion: the share of the step before."
    ),
    "triage": "Intakes submitted in each week (Monday to Sunday), by triage level.",
    "contact": (
        "Urgent intakes submitted in the range that staff marked contacted: the median time "
        "from submission to 'mark contacted' (waits over a week count as a week)."
    ),
    "visit_days": (
        "Intakes submitted in the range with a visit: the median number of whole days from "
        "submission to the start of their first visit that was not cancelled (a visit booked "
        "before the intake counts as 0, one after 90 days or more as 90)."
    ),
    "no_show": (
        "Visits that started in the range and were marked attended or no-show: the share "
        "marked no-show (the visit's own therapist)."
    ),
    "checkin": (
        "Check-ins due in the range that were answered or missed (not those still open or no "
        "longer needed): the share answered."
    ),
    "decisions": (
        "Return-to-run decisions made in the range, by what was done (the therapist's choice "
        "where they approved or overrode it, otherwise what the check-in proposed)."
    ),
    "lefs": (
        "Intakes submitted in the range with a LEFS score (0-80, higher is better) and a later "
        "LEFS check-in: the median change from the intake to the latest check-in, and the share "
        f"who gained at least {LEFS_MCID} points, the smallest change a runner notices (MCID)."
    ),
    "return_weeks": (
        "Intakes submitted in the range whose runner got back to running (see the funnel): "
        "the median number of whole weeks from the intake to that check-in."
    ),
    "pain": (
        "Pain during sessions (0-10) the runners of intakes submitted in the range logged, "
        "averaged per week of their plan (week 1 is the plan's first seven days)."
    ),
}


class Seconds(Func):
    """Seconds from `earlier` to `later`, two timestamps, on PostgreSQL and SQLite alike."""

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM (%(expressions)s))"
    arg_joiner = " - "

    def __init__(self, later, earlier):
        super().__init__(later, earlier)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


class DaysBetween(Func):
    """Whole days from `earlier` to `later`, two dates."""

    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, later, earlier):
        super().__init__(later, earlier)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _whole(expression, unit_seconds: int):
    """Whole units (minutes, days, weeks) of a number of seconds, never below 0. Rounded to
    the second first (SQLite's julianday arithmetic is a float: 4 weeks came out a hair
    short), floored before the cast (PostgreSQL's cast to integer rounds)."""
    seconds = Greatest(Round(expression), Value(0.0))
    return Cast(Floor(seconds / Value(float(unit_seconds))), IntegerField())


def _day(name: str, tz: ZoneInfo):
    return TruncDate(name, tzinfo=tz)


def _first_visit(case_ref: str):
    return Visit.objects.filter(case=OuterRef(case_ref)).exclude(status=Visit.Status.CANCELLED)


def _therapist(prefix: str = ""):
    """The case's assigned therapist, otherwise its first visit's."""
    first = _first_visit(f"{prefix}pk" if prefix else "pk").order_by("start", "pk")
    return Coalesce(
        F(f"{prefix}assigned_therapist"),
        Subquery(first.values("therapist")[:1]),
        output_field=IntegerField(),
    )


def _back_to_running():
    """Decisions that moved a plan on from its last run/walk stage."""
    last = PlanStage.objects.filter(plan=OuterRef("plan")).order_by("-order").values("order")[:1]
    return Decision.objects.filter(final_action=Decision.Action.ADVANCE).filter(
        stage__order=Subquery(last)
    )


def _group(queryset, measure: str, *, day, therapist, value=None, total=None) -> list[dict]:
    """One GROUP BY: (day, therapist, value) -> count (and sum)."""
    rows = (
        queryset.annotate(f_day=day, f_therapist=therapist, f_value=value or Value(0))
        .values("f_day", "f_therapist", "f_value")
        .annotate(f_count=Count("pk"), f_total=Coalesce(Sum(total), 0) if total else Value(0))
        .order_by()
    )
    return [{"measure": measure, **row} for row in rows]


def _submitted():
    return Case.objects.exclude(triage_level=Case.Level.PENDING)


def _funnel(tz: ZoneInfo) -> list[dict]:
    """Every step after "started" of the intakes submitted each day, in one query."""
    cases = _submitted().annotate(
        f_day=_day("submitted_at", tz),
        f_therapist=_therapist(),
        booked=Exists(Visit.objects.filter(case=OuterRef("pk"))),
        attended=Exists(Visit.objects.filter(case=OuterRef("pk"), status=Visit.Status.ATTENDED)),
        planned=Exists(Plan.objects.filter(case=OuterRef("pk"))),
        returned=Exists(_back_to_running().filter(plan__case=OuterRef("pk"))),
    )
    steps = {
        "submitted": Count("pk"),
        "booked": Count("pk", filter=Q(booked=True)),
        "attended": Count("pk", filter=Q(attended=True)),
        "planned": Count("pk", filter=Q(planned=True)),
        "returned": Count("pk", filter=Q(returned=True)),
        "discharged": Count("pk", filter=Q(status=Case.Status.DISCHARGED)),
    }
    facts = []
    for row in cases.values("f_day", "f_therapist").annotate(**steps).order_by():
        for number, (name, _) in enumerate(FUNNEL_STEPS):
            if name in steps and row[name]:
                facts.append(
                    {
                        "measure": FUNNEL,
                        "f_day": row["f_day"],
                        "f_therapist": row["f_therapist"],
                        "f_value": number,
                        "f_count": row[name],
                        "f_total": 0,
                    }
                )
    return facts


def _levels(tz: ZoneInfo) -> list[dict]:
    rank = Choose(
        *(When(triage_level=level, then=Value(number)) for number, level in enumerate(LEVELS)),
        output_field=IntegerField(),
    )
    return _group(
        _submitted(), LEVEL, day=_day("submitted_at", tz), therapist=_therapist(), value=rank
    )


def _contact(tz: ZoneInfo) -> list[dict]:
    cases = _submitted().filter(triage_level=Case.Level.URGENT, contacted_at__isnull=False)
    minutes = Least(_whole(Seconds("contacted_at", "submitted_at"), 60), CONTACT_CAP_MINUTES)
    return _group(
        cases, CONTACT, day=_day("submitted_at", tz), therapist=_therapist(), value=minutes
    )


def _visit_days(tz: ZoneInfo) -> list[dict]:
    first = Subquery(_first_visit("pk").order_by("start", "pk").values("start")[:1])
    cases = _submitted().annotate(first_visit=first).filter(first_visit__isnull=False)
    days = Least(_whole(Seconds("first_visit", "submitted_at"), 86400), VISIT_CAP_DAYS)
    return _group(
        cases, VISIT_DAYS, day=_day("submitted_at", tz), therapist=_therapist(), value=days
    )


def _visits(tz: ZoneInfo) -> list[dict]:
    visits = Visit.objects.filter(status__in=[Visit.Status.ATTENDED, Visit.Status.NO_SHOW])
    no_show = Choose(When(status=Visit.Status.NO_SHOW, then=Value(1)), default=Value(0))
    return _group(visits, VISIT, day=_day("start", tz), therapist=F("therapist"), value=no_show)


def _checkins(tz: ZoneInfo) -> list[dict]:
    checkins = CheckIn.objects.filter(status__in=[CheckIn.Status.ANSWERED, CheckIn.Status.MISSED])
    answered = Choose(When(status=CheckIn.Status.ANSWERED, then=Value(1)), default=Value(0))
    return _group(
        checkins, CHECKIN, day=_day("due_at", tz), therapist=_therapist("case__"), value=answered
    )


def _decisions(tz: ZoneInfo) -> list[dict]:
    done = Coalesce(Func(F("final_action"), Value(""), function="NULLIF"), F("action"))
    number = Choose(
        *(When(done_action=action, then=Value(n)) for n, (action, _) in enumerate(ACTIONS)),
        output_field=IntegerField(),
    )
    decisions = Decision.objects.annotate(done_action=done)
    return _group(
        decisions,
        DECISION,
        day=_day("decided_at", tz),
        therapist=_therapist("plan__case__"),
        value=number,
    )


def _lefs(tz: ZoneInfo) -> list[dict]:
    latest = (
        CheckIn.objects.filter(
            case=OuterRef("pk"), kind=CheckIn.Kind.LEFS, status=CheckIn.Status.ANSWERED
        )
        .filter(answers__has_key="lefs_total")
        .order_by("-answered_at", "-pk")
        .annotate(score=Cast(KT("answers__lefs_total"), IntegerField()))
        .values("score")[:1]
    )
    cases = (
        _submitted()
        .filter(lefs_total__isnull=False)
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
    )
    change = F("latest") - F("lefs_total")
    return _group(cases, LEFS, day=_day("submitted_at", tz), therapist=_therapist(), value=change)


def _return_weeks(tz: ZoneInfo) -> list[dict]:
    first = _back_to_running().filter(plan__case=OuterRef("pk")).order_by("decided_at")
    cases = (
        _submitted()
        .annotate(back=Subquery(first.values("decided_at")[:1]))
        .filter(back__isnull=False)
    )
    weeks = _whole(Seconds("back", "submitted_at"), 7 * 86400)
    return _group(
        cases, RETURN_WEEKS, day=_day("submitted_at", tz), therapist=_therapist(), value=weeks
    )


def _pain(tz: ZoneInfo) -> list[dict]:
    logs = SessionLog.objects.filter(pain_during__isnull=False).exclude(
        session__plan__case__triage_level=Case.Level.PENDING
    )
    week = DaysBetween("session__date", "session__plan__start_date") / Value(7) + Value(1)
    return _group(
        logs,
        PAIN,
        day=_day("session__plan__case__submitted_at", tz),
        therapist=_therapist("session__plan__case__"),
        value=week,
        total="pain_during",
    )


def _started(tz: ZoneInfo, since: date) -> list[dict]:
    drafts = IntakeDraft.objects.filter(created_at__gte=datetime.combine(since, time.min, tz))
    nobody = Value(None, IntegerField())
    return _group(drafts, STARTED, day=_day("created_at", tz), therapist=nobody)


MEASURES = [_funnel, _levels, _contact, _visit_days, _visits, _checkins, _decisions, _lefs]
MEASURES += [_return_weeks, _pain]


def outcomes_refresh(*, now=None) -> int:
    """Count everything again into OutcomeFact; returns the number of facts.

    Intakes started are counted from drafts, which the nightly purge removes 30 days after
    they were abandoned: their facts are rewritten only for the days whose drafts are all
    still there, and kept as counted before for older days."""
    now = now or timezone.now()
    tz = ZoneInfo(ClinicProfile.load().timezone)
    drafts_kept_since = (now - DRAFT_LIFETIME).astimezone(tz).date() + timedelta(days=1)
    rows = [row for measure in MEASURES for row in measure(tz)]
    rows += _started(tz, drafts_kept_since)
    facts = [
        OutcomeFact(
            day=row["f_day"],
            therapist_id=row["f_therapist"],
            measure=row["measure"],
            value=row["f_value"],
            count=row["f_count"],
            total=row["f_total"] or 0,
            computed_at=now,
        )
        for row in rows
    ]
    with transaction.atomic():
        old = OutcomeFact.objects.exclude(measure=STARTED, day__lt=drafts_kept_since)
        old.delete()
        OutcomeFact.objects.bulk_create(facts, batch_size=2000)
    return len(facts)


# --- the figures: sums of facts --------------------------------------------------------------


def median(counts: dict[int, int]) -> float | None:
    """The median of values given as value -> how many (the mean of the middle two for an
    even number), as PostgreSQL's percentile_cont(0.5) gives it."""
    n = sum(counts.values())
    if not n:
        return None
    middle, seen, below = [(n - 1) // 2, n // 2], 0, []
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            below.append(value)
            middle.pop(0)
    return (below[0] + below[1]) / 2


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Step:
    label: str
    count: int | None  # None: not counted for one therapist
    conversion: float | None  # of the step before


@dataclass
class Figures:
    since: date
    until: date
    computed_at: object  # datetime of the last refresh, None before the first
    funnel: list[Step] = field(default_factory=list)
    weeks: list[tuple[date, dict[str, int]]] = field(default_factory=list)
    levels: list[tuple[str, str]] = field(default_factory=list)  # (level, label)
    contact_minutes: float | None = None
    contact_n: int = 0
    visit_days: float | None = None
    visit_n: int = 0
    no_show_rate: float | None = None
    visits_n: int = 0
    response_rate: float | None = None
    checkins_n: int = 0
    decisions: list[tuple[str, int, float | None]] = field(default_factory=list)
    decisions_n: int = 0
    lefs_change: float | None = None
    lefs_mcid_share: float | None = None
    lefs_n: int = 0
    return_weeks: float | None = None
    return_n: int = 0
    pain: list[tuple[int, float, int]] = field(default_factory=list)  # (week, mean, logs)


def outcomes_figures(*, since: date, until: date, therapist_id: int | None = None) -> Figures:
    """Every figure of the dashboard in three queries, whatever the number of cases."""
    facts = OutcomeFact.objects.filter(day__gte=since, day__lte=until)
    if therapist_id:
        facts = facts.filter(therapist_id=therapist_id)
    sums: dict[str, Counter] = defaultdict(Counter)
    totals: dict[tuple[str, int], int] = {}
    for row in facts.values("measure", "value").annotate(n=Sum("count"), t=Sum("total")):
        sums[row["measure"]][row["value"]] = row["n"]
        totals[row["measure"], row["value"]] = row["t"]
    weekly = (
        facts.filter(measure=LEVEL)
        .annotate(week=TruncWeek("day"))
        .values("week", "value")
        .annotate(n=Sum("count"))
        .order_by("week")
    )
    computed_at = OutcomeFact.objects.aggregate(at=Max("computed_at"))["at"]
    figures = Figures(since=since, until=until, computed_at=computed_at)
    _fill_funnel(figures, sums, per_therapist=bool(therapist_id))
    _fill_weeks(figures, weekly)
    _fill_measures(figures, sums, totals)
    return figures


def _fill_funnel(figures: Figures, sums, *, per_therapist: bool) -> None:
    before = None
    for number, (name, label) in enumerate(FUNNEL_STEPS):
        count = sums[STARTED][0] if name == "started" else sums[FUNNEL][number]
        if name == "started" and per_therapist:
            count = None  # an intake has no therapist until it is submitted
        conversion = _share(count, before) if count is not None and before is not None else None
        figures.funnel.append(Step(label, count, conversion))
        before = count


def _fill_weeks(figures: Figures, weekly) -> None:
    by_week: dict[date, dict[str, int]] = {}
    for row in weekly:
        week = row["week"].date() if hasattr(row["week"], "date") else row["week"]
        by_week.setdefault(week, dict.fromkeys(LEVELS, 0))[LEVELS[row["value"]]] = row["n"]
    figures.weeks = sorted(by_week.items())
    figures.levels = [(level, str(LABELS[level])) for level in LEVELS]


def _fill_measures(figures: Figures, sums, totals) -> None:
    figures.contact_minutes, figures.contact_n = median(sums[CONTACT]), sum(sums[CONTACT].values())
    figures.visit_days, figures.visit_n = median(sums[VISIT_DAYS]), sum(sums[VISIT_DAYS].values())
    figures.visits_n = sum(sums[VISIT].values())
    figures.no_show_rate = _share(sums[VISIT][1], figures.visits_n)
    figures.checkins_n = sum(sums[CHECKIN].values())
    figures.response_rate = _share(sums[CHECKIN][1], figures.checkins_n)
    figures.decisions_n = sum(sums[DECISION].values())
    figures.decisions = [
        (label, sums[DECISION][n], _share(sums[DECISION][n], figures.decisions_n))
        for n, (_, label) in enumerate(ACTIONS)
    ]
    lefs = sums[LEFS]
    figures.lefs_change, figures.lefs_n = median(lefs), sum(lefs.values())
    gained = sum(count for change, count in lefs.items() if change >= LEFS_MCID)
    figures.lefs_mcid_share = _share(gained, figures.lefs_n)
    figures.return_weeks = median(sums[RETURN_WEEKS])
    figures.return_n = sum(sums[RETURN_WEEKS].values())
    figures.pain = [
        (week, totals[PAIN, week] / logs, logs) for week, logs in sorted(sums[PAIN].items()) if logs
    ]
