"""`make bench` figures of the programs app: building a plan, and the runner's plan page."""

from copy import copy

from bench.harness import Series, entry, expect, interleaved, progress, say

ROUNDS = {"build": 100, "page": 300}
PLAN_URL = "/plan/"


def _twelve_week_draft(case):
    """Hip strength cut to 2 + 8 + 2 weeks, the warm-up, and the 10-level walk/run return:
    a 12-week plan, as a therapist would issue after a Discovery Visit."""
    from django.utils import timezone

    from programs.models import ProgramTemplate, TemplatePhase
    from programs.services import PlanDraft
    from programs.suggest import HIP_STRENGTH, WALK_RUN, WARM_UP

    for order, weeks in ((1, 2), (2, 8), (3, 2)):
        TemplatePhase.objects.filter(template__name=HIP_STRENGTH, order=order).update(
            typical_weeks=weeks
        )
    names = (HIP_STRENGTH, WARM_UP, WALK_RUN)
    templates = {t.name: t for t in ProgramTemplate.objects.filter(name__in=names)}
    return PlanDraft(templates=[templates[name] for name in names], start_date=timezone.localdate())


def _case(number: int):
    from bench import data
    from intake.demo import demo_answers
    from intake.services import case_open

    return case_open(contact=data.runner_contact(number), answers=demo_answers({}))


def _rows_of(plan) -> dict:
    """Every row building `plan` wrote, as unsaved copies to insert again."""
    from clinic.models import OutboundEmail
    from programs.models import CheckIn, PlanItem, PlanPhase, PlanSession, PlanStage

    return {
        "plan": plan,
        "phases": list(PlanPhase.objects.filter(plan=plan)),
        "stages": list(PlanStage.objects.filter(plan=plan)),
        "items": list(PlanItem.objects.filter(plan=plan)),
        "sessions": list(PlanSession.objects.filter(plan=plan)),
        "emails": list(OutboundEmail.objects.filter(kind="plan_issued", object_id=plan.pk)),
        "checkins": list(CheckIn.objects.filter(plan=plan)),
        "checkin_emails": list(
            OutboundEmail.objects.filter(
                kind="checkin", object_id__in=CheckIn.objects.filter(plan=plan).values("pk")
            )
        ),
    }


def _bulk_insert(rows: dict) -> None:
    """The floor: the same rows with a bare bulk_create per table, foreign keys remapped."""
    from clinic.models import OutboundEmail
    from programs.models import CheckIn, Plan, PlanItem, PlanPhase, PlanSession, PlanStage

    def fresh(objects, **fields):
        copies = []
        for obj in objects:
            clone = copy(obj)
            clone.pk = None
            for name, value in fields.items():
                setattr(clone, name, value(obj) if callable(value) else value)
            copies.append(clone)
        return copies

    plan = fresh([rows["plan"]])[0]
    Plan.objects.bulk_create([plan])
    phases = PlanPhase.objects.bulk_create(fresh(rows["phases"], plan=plan))
    stages = PlanStage.objects.bulk_create(fresh(rows["stages"], plan=plan))
    phase_ids = {old.pk: new.pk for old, new in zip(rows["phases"], phases, strict=True)}
    stage_ids = {old.pk: new.pk for old, new in zip(rows["stages"], stages, strict=True)}
    PlanItem.objects.bulk_create(
        fresh(rows["items"], plan=plan, phase_id=lambda item: phase_ids[item.phase_id])
    )
    sessions = PlanSession.objects.bulk_create(
        fresh(
            rows["sessions"],
            plan=plan,
            phase_id=lambda s: phase_ids.get(s.phase_id),
            stage_id=lambda s: stage_ids.get(s.stage_id),
        )
    )
    session_ids = {old.pk: new.pk for old, new in zip(rows["sessions"], sessions, strict=True)}
    checkins = CheckIn.objects.bulk_create(
        fresh(
            rows["checkins"],
            plan=plan,
            key=lambda c: f"{c.key}:{plan.pk}",
            session_id=lambda c: session_ids.get(c.session_id),
        )
    )
    checkin_ids = {old.pk: new.pk for old, new in zip(rows["checkins"], checkins, strict=True)}
    OutboundEmail.objects.bulk_create(
        fresh(rows["emails"], object_id=plan.pk, idempotency_key=f"plan-issued-{plan.pk}")
        + fresh(
            rows["checkin_emails"],
            object_id=lambda e: checkin_ids[e.object_id],
            idempotency_key=lambda e: f"{e.idempotency_key}:{plan.pk}",
        )
    )


def _rolled_back(work):
    """Time the work in a transaction that is then rolled back, so every round writes into
    the same database."""
    from django.db import transaction

    def run():
        with transaction.atomic():
            work()
            transaction.set_rollback(True)

    return lambda: run


def metric_plan_build(results: dict, info: dict) -> None:
    from programs.models import PlanSession
    from programs.services import library_seed, plan_build

    say(
        f"plan_build: build and issue a 12-week plan vs bulk_insert of the same rows, "
        f"{ROUNDS['build']} rounds"
    )
    library_seed()
    draft = _twelve_week_draft(_case(0))
    plan = plan_build(case=_case(1), draft=draft)
    rows = _rows_of(plan)
    info["plan_12_weeks"] = plan
    weeks = (plan.end_date - plan.start_date).days // 7 + 1
    case = _case(2)
    medians = interleaved(
        {
            "build": Series(_rolled_back(lambda: plan_build(case=case, draft=draft)), _none),
            "bulk_insert": Series(_rolled_back(lambda: _bulk_insert(rows)), _none),
        },
        ROUNDS["build"],
    )
    results["plan_build"] = entry(
        medians["build"],
        "ms",
        "bulk_insert",
        medians["bulk_insert"],
        3,
        weeks=weeks,
        sessions=PlanSession.objects.filter(plan=plan).count(),
        items=len(rows["items"]),
        checkins=len(rows["checkins"]),
    )
    progress(
        f"plan_build {medians['build']:.2f} ms vs bulk_insert {medians['bulk_insert']:.2f} ms "
        f"({results['plan_build']['ratio']:.2f}x): {weeks} weeks, "
        f"{results['plan_build']['sessions']} sessions, {len(rows['items'])} exercises"
    )


def _none(_response) -> None:
    return None


def _runner_on(plan):
    from django.test import Client

    from programs.views import PLAN_KEY

    client = Client()
    session = client.session
    session[PLAN_KEY] = plan.pk
    session.save()
    return client


def _one_week_plan(case):
    """The warm-up and the walk/run return cut to their first week: the same kinds of
    session as the 12-week plan (the page's progress reads the return to run's runs)."""
    from datetime import timedelta

    from django.utils import timezone

    from programs.models import Plan, ProgramTemplate
    from programs.services import PlanDraft, plan_build
    from programs.suggest import WALK_RUN, WARM_UP

    start = timezone.localdate()
    names = (WARM_UP, WALK_RUN)
    templates = {t.name: t for t in ProgramTemplate.objects.filter(name__in=names)}
    plan = plan_build(
        case=case,
        draft=PlanDraft(templates=[templates[name] for name in names], start_date=start),
    )
    plan.phases.update(weeks=1)
    plan.sessions.filter(date__gt=start + timedelta(days=6)).delete()
    Plan.objects.filter(pk=plan.pk).update(end_date=start + timedelta(days=6))
    plan.refresh_from_db()
    return plan


def metric_plan_page(results: dict, info: dict) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    say(
        f"plan_page: GET {PLAN_URL} of a 12-week plan vs trivial, and vs a 1-week plan, "
        f"{ROUNDS['page']} rounds"
    )
    long_plan = info["plan_12_weeks"]
    short_plan = _one_week_plan(_case(3))
    clients = {"long": _runner_on(long_plan), "short": _runner_on(short_plan)}
    shows_plan = expect(200, contains="Your plan")

    def queries(client, cold: bool = False) -> int:
        shows_plan(client.get(PLAN_URL))
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            shows_plan(client.get(PLAN_URL))
        return len(captured)

    def page(name: str, cold: bool = False):
        def prepare():
            if cold:  # as the first view after a log or an edit
                cache.clear()
            return lambda: clients[name].get(PLAN_URL)

        return prepare

    counts = {name: queries(client) for name, client in clients.items()}
    cold_counts = {name: queries(client, cold=True) for name, client in clients.items()}
    trivial = Series(lambda: lambda: clients["long"].get("/bench/trivial/"), expect(200))
    medians = interleaved(
        {
            "long": Series(page("long"), shows_plan),
            "short": Series(page("short"), shows_plan),
            "trivial": trivial,
        },
        ROUNDS["page"],
    )
    # Apart, since a cold request empties the cache the warm ones read.
    cold = interleaved(
        {"long": Series(page("long", cold=True), shows_plan), "trivial": trivial},
        ROUNDS["page"],
    )
    results["plan_page"] = entry(
        medians["long"],
        "ms",
        "trivial",
        medians["trivial"],
        6,
        one_week_ms=round(medians["short"], 3),
        queries_12_weeks=counts["long"],
        queries_1_week=counts["short"],
        cold_ms=round(cold["long"], 3),
        cold_ratio=round(cold["long"] / cold["trivial"], 3),
        cold_queries_12_weeks=cold_counts["long"],
        cold_queries_1_week=cold_counts["short"],
    )
    progress(
        f"plan_page {medians['long']:.2f} ms (12 weeks) vs trivial {medians['trivial']:.2f} ms "
        f"({results['plan_page']['ratio']:.2f}x); 1 week {medians['short']:.2f} ms; queries "
        f"{counts['long']} vs {counts['short']}; cold (after a change) {cold['long']:.2f} ms "
        f"({results['plan_page']['cold_ratio']:.2f}x), queries {cold_counts['long']} vs "
        f"{cold_counts['short']}"
    )


CARE_URL = "/care/"


def _care_client(case_id: int):
    from django.test import Client

    from intake.http import CARE_KEY

    client = Client()
    session = client.session
    session[CARE_KEY] = case_id
    session.save()
    return client


def _answered(plan, count: int) -> None:
    """`count` of the plan's check-ins answered, each with a decision: My care lists them."""
    from django.utils import timezone

    from programs.models import CheckIn, Decision

    some = list(CheckIn.objects.filter(plan=plan).order_by("due_at")[:count])
    CheckIn.objects.filter(pk__in=[c.pk for c in some]).update(
        status=CheckIn.Status.ANSWERED, answered_at=timezone.now()
    )
    Decision.objects.bulk_create(
        Decision(plan=plan, checkin=c, action="repeat", reason="Fine.", status="applied")
        for c in some
    )


def metric_care_page(results: dict, info: dict) -> None:
    """My care of the 12-week plan's runner (a dozen answered check-ins) vs trivial, and its
    queries vs a runner with one answered check-in on a 1-week plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from programs.models import ProgramTemplate
    from programs.services import PlanDraft, plan_build
    from programs.suggest import WARM_UP

    say(f"care_page: GET {CARE_URL} with a 12-week plan vs trivial, {ROUNDS['page']} rounds")
    long_plan = info["plan_12_weeks"]
    short_plan = plan_build(
        case=_case(4),
        draft=PlanDraft(
            templates=[ProgramTemplate.objects.get(name=WARM_UP)],
            start_date=timezone.localdate(),
        ),
    )
    _answered(long_plan, 12)
    _answered(short_plan, 1)
    clients = {
        "long": _care_client(long_plan.case_id),
        "short": _care_client(short_plan.case_id),
    }
    shows_care = expect(200, contains="My care")

    def queries(client) -> int:
        shows_care(client.get(CARE_URL))
        with CaptureQueriesContext(connection) as captured:
            shows_care(client.get(CARE_URL))
        return len(captured)

    counts = {name: queries(client) for name, client in clients.items()}
    medians = interleaved(
        {
            "long": Series(lambda: lambda: clients["long"].get(CARE_URL), shows_care),
            "trivial": Series(lambda: lambda: clients["long"].get("/bench/trivial/"), expect(200)),
        },
        ROUNDS["page"],
    )
    results["care_page"] = entry(
        medians["long"],
        "ms",
        "trivial",
        medians["trivial"],
        6,
        queries_12_checkins=counts["long"],
        queries_1_checkin=counts["short"],
    )
    progress(
        f"care_page {medians['long']:.2f} ms vs trivial {medians['trivial']:.2f} ms "
        f"({results['care_page']['ratio']:.2f}x); queries {counts['long']} (12 check-ins) vs "
        f"{counts['short']} (1)"
    )
