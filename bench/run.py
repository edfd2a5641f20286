"""`make bench`: the portal's performance figures, each beside its baseline.

Every page figure is timed in this process, in the same run as its baseline, through Django's
test client (the full middleware stack, in process). Measured and baseline requests are
interleaved, one of each per round with the order rotated every round, so drift (CPU
frequency, caches, a neighbour on the machine) falls on both alike; the median of many rounds
is reported. DEBUG is off while timing; query counts are taken apart with
CaptureQueriesContext. The booking race needs requests that really overlap, so it runs the
portal as its own process and speaks HTTP to it (bench/race.py); the load figure runs wrk
against make serve's stack (bench/load.py).

Runs on its own databases, created afresh each time: PostgreSQL databases `portal_bench` and
`portal_bench_small` (BENCH_DATABASE renames them) on the server of DATABASE_URL when it is
set, otherwise SQLite files under var/bench/. Results: a table on stdout and var/bench.json
(format in DESIGN.md).

    .venv/bin/python bench/run.py                  # every metric
    .venv/bin/python bench/run.py booking_page     # one (and the metrics it needs)
"""

import json
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import checkins, dispatch, front_desk, guide, offline, plans, scale, taps  # noqa: E402
from bench.db import SwitchRouter, prepare  # noqa: E402
from bench.harness import (  # noqa: E402
    STANDARD_FIELDS,
    STARTED,
    WARMUP,
    Series,
    entry,
    expect,
    get,
    interleaved,
    progress,
    say,
)

VAR = ROOT / "var"
BENCH_VAR = VAR / "bench"
RESULTS = VAR / "bench.json"

# Rounds per metric (one request of each series per round), after WARMUP unrecorded rounds.
ROUNDS = {"step": 300, "submit": 200, "admin": 200, "booking": 200}
ADMIN_SMALL, ADMIN_BIG = 100, 100_000
ADMIN_URL = "/admin/intake/case/"
# The booking calendar: a year of it in the big database, its first week in the small one.
CALENDAR_YEAR, CALENDAR_WEEK = 365, 7
BOOKING_URL = "/book/times/"
RACERS = 50

# --- set-up ---------------------------------------------------------------------------------


def django_setup():
    """Fresh bench databases, the environment of a production process, then Django."""
    databases = prepare(os.environ.get("DATABASE_URL"), BENCH_VAR)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=databases.url,
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,  # noqa: S105 - a throwaway process
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        # The bench speaks plain HTTP to its own test client and server.
        SECURE_SSL_REDIRECT="false",
        # The bench's broker folders and mail stay out of the developer's var/.
        PORTAL_VAR_DIR=str(BENCH_VAR),
    )
    import django
    from django.conf import settings

    settings.DATABASES["small"]["NAME"] = databases.small_name
    django.setup()

    from django.core.management import call_command

    for alias in ("default", "small"):
        call_command("migrate", database=alias, interactive=False, verbosity=0)
    # As in production: pages link whitenoise's hashed files, looked up in the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    assert not settings.DEBUG
    return databases


def goal_met(name: str, result: dict) -> bool:
    if name == "intake_under_load":  # throughput: higher is better, and no failed answer
        no_errors = result["errors"] == 0 and result["baseline_errors"] == 0
        return result["ratio"] >= result["goal"] and no_errors
    if name == "checkin_dispatch":  # ratio to the SMTP floor, broker messages, each once
        # Judged as a ratio (issue 19): the seconds depend on the machine, whose SMTP floor
        # alone is 57-67 s on two shared cores; `seconds_reference` is reported beside it.
        every_one_once = result["finished"] and result["duplicates"] == 0
        within = result["ratio"] <= result["goal"]
        return within and result["broker_messages"] <= result["broker_goal"] and every_one_once
    if result["goal"] == "equal":
        return result["value"] == result["baseline_value"]
    if name == "intake_taps_routine":  # a count with its own goal, not a ratio
        return result["value"] <= result["goal"]
    if name == "dispatch_two_workers":  # every e-mail once, and both workers took a share
        return result["exactly_once"] and result["finished"] and result["workers_that_sent"] == 2
    if name == "plan_offline":  # 1 = the plan, photo and timer offline, the log sent once
        return result["value"] == result["goal"]
    if name in {"booking_race", "booking_race_two_servers"}:  # exact, never a server error
        return result["value"] == result["goal"] and result["server_errors"] == 0
    met = result["ratio"] is not None and result["ratio"] <= result["goal"]
    if name == "admin_case_list":
        met = met and result["queries_100"] == result["queries_100000"]
    if name == "admin_scale":  # every surface within the ratio, each with equal queries
        met = met and not result["unequal_queries"]
    if name == "jobs_scale":
        met = met and result["tick_queries_small"] == result["tick_queries_big"]
        met = met and result["purge_seconds"] <= result["purge_goal_seconds"]
    if name == "outcomes_page":
        met = met and result["queries_small"] == result["queries_big"]
    if name == "front_desk_day":
        met = met and result["queries_200_visits"] == result["queries_quiet_week"]
    if name == "care_page":
        met = met and result["queries_12_checkins"] == result["queries_1_checkin"]
    if name == "plan_page":
        met = met and result["queries_12_weeks"] == result["queries_1_week"]
        met = met and result["cold_queries_12_weeks"] == result["cold_queries_1_week"]
    if name == "booking_page":
        # The year must cost no more than the week where the work is done, not only cached.
        for ratio in ("horizon_ratio", "cold_horizon_ratio"):
            met = met and result[ratio] <= result["horizon_goal"]
        met = met and result["queries_year"] == result["queries_week"]
        met = met and result["cold_queries_year"] == result["cold_queries_week"]
    return met


# --- the runner's side: a client going through the intake -------------------------------------


def runner_client():
    """A browser: CSRF is enforced as in production, so it fetches its token first."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.get("/intake/step/1/")
    assert response.status_code == 200
    return client, client.cookies["csrftoken"].value


def post_steps(client, token: str, posts: dict[int, dict], upto: int) -> None:
    for number in range(1, upto + 1):
        response = client.post(
            f"/intake/step/{number}/", {**posts[number], "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302, (number, response.content.decode()[:2000])


def point_session_at(client, draft_id: int) -> None:
    from intake.views import CASE_KEY, DRAFT_KEY

    session = client.session
    session[DRAFT_KEY] = draft_id
    session.pop(CASE_KEY, None)
    session.save()


def submit_series(client, token: str, draft_ids: list[int]) -> Series:
    queue = iter(draft_ids)

    def prepare():
        point_session_at(client, next(queue))
        return lambda: client.post("/intake/review/", {"csrfmiddlewaretoken": token})

    return Series(prepare, expect(302, "/intake/result/"))


# --- metrics ----------------------------------------------------------------------------------


def metric_step_get(results: dict, info: dict) -> None:
    from bench import data, views
    from intake.forms import STEP_FORMS

    step, context, fields = data.longest_step()
    views.FORM_CONTEXT = context
    answers = data.answers_for(info["answers_zero"], context)
    url, baseline_url = f"/intake/step/{step}/", f"/bench/plain-form/{step}/"
    say(
        f"intake_step_get: GET {url} (step {step}, {fields} fields for a runner "
        f"{context or 'of any age and sex'}, the longest) vs plain_form, {ROUNDS['step']} rounds"
    )
    client, token = runner_client()
    post_steps(client, token, data.step_posts(answers), upto=step - 1)
    last_field = list(STEP_FORMS[step - 1](context=context).fields)[-1]
    medians = interleaved(
        {
            "page": Series(get(client, url), expect(200, contains=f'name="{last_field}"')),
            "plain_form": Series(
                get(client, baseline_url), expect(200, contains=f'name="{last_field}"')
            ),
            "trivial": Series(get(client, "/bench/trivial/"), expect(200)),
        },
        ROUNDS["step"],
    )
    results["intake_step_get"] = entry(
        medians["page"], "ms", "plain_form", medians["plain_form"], 1.5
    )
    info["step"] = (step, fields)
    progress(
        f"intake_step_get {medians['page']:.2f} ms vs plain_form {medians['plain_form']:.2f} ms"
        f" ({results['intake_step_get']['ratio']:.2f}x); trivial {medians['trivial']:.2f} ms,"
        f" plain_form = {medians['plain_form'] / medians['trivial']:.1f}x trivial"
    )


def metric_step_get_spanish(results: dict, info: dict) -> None:
    """The longest step in Spanish vs the same step in English, same run, interleaved: the
    translation lookups (every label, help text and choice) must cost under 10%."""
    from django.utils import translation

    from bench import data
    from intake.forms import STEP_FORMS

    step, context, _fields = data.longest_step()
    answers = data.answers_for(info["answers_zero"], context)
    url = f"/intake/step/{step}/"
    say(f"intake_step_get_spanish: GET {url} in Español vs English, {ROUNDS['step']} rounds")
    clients = {}
    for language in ("en", "es"):
        with translation.override(language):
            heading = f"<h1>{STEP_FORMS[step - 1].title}</h1>"
        client, token = runner_client()
        client.post("/language/", {"language": language, "next": "/", "csrfmiddlewaretoken": token})
        post_steps(client, token, data.step_posts(answers), upto=step - 1)
        clients[language] = Series(get(client, url), expect(200, contains=heading))
    medians = interleaved({"es": clients["es"], "en": clients["en"]}, ROUNDS["step"])
    results["intake_step_get_spanish"] = entry(medians["es"], "ms", "english", medians["en"], 1.1)
    progress(
        f"intake_step_get_spanish {medians['es']:.2f} ms vs English {medians['en']:.2f} ms"
        f" ({results['intake_step_get_spanish']['ratio']:.2f}x)"
    )


def finished_steps(answers: dict) -> dict:
    """A draft's stored steps after a real run of the form, submitted once for real."""
    from bench import data
    from intake.forms import REVIEW_STEP
    from intake.models import IntakeDraft
    from intake.views import DRAFT_KEY

    client, token = runner_client()
    post_steps(client, token, data.step_posts(answers), upto=REVIEW_STEP - 1)
    draft = IntakeDraft.objects.get(pk=client.session[DRAFT_KEY])
    response = client.post("/intake/review/", {"csrfmiddlewaretoken": token})
    expect(302, "/intake/result/")(response)
    return draft.steps


def metric_submit(results: dict, info: dict) -> None:
    from bench import data
    from intake.forms import REVIEW_STEP
    from intake.models import Case

    # The review page has no form of its own: its baseline is the last form before it, whose
    # Continue leads there. The longest step's form is timed too, for comparison.
    final_step = REVIEW_STEP - 1
    longest = info["step"][0]
    say(
        f"intake_submit: POST /intake/review/ vs plain_form of step {final_step}, "
        f"{ROUNDS['submit']} rounds"
    )
    count = WARMUP + ROUNDS["submit"]
    zero = data.drafts_clone(finished_steps(info["answers_zero"]), count)
    most = data.drafts_clone(finished_steps(info["answers_max"]), count)
    client, token = runner_client()
    client_max, token_max = runner_client()
    before = Case.objects.count()
    medians = interleaved(
        {
            "submit": submit_series(client, token, zero),
            "submit_max_rules": submit_series(client_max, token_max, most),
            "plain_form": Series(get(client, f"/bench/plain-form/{final_step}/"), expect(200)),
            "plain_form_longest": Series(get(client, f"/bench/plain-form/{longest}/"), expect(200)),
        },
        ROUNDS["submit"],
    )
    assert Case.objects.count() - before == 2 * count
    results["intake_submit"] = entry(
        medians["submit"], "ms", "plain_form", medians["plain_form"], 2
    )
    progress(
        f"intake_submit {medians['submit']:.2f} ms (0 rules; {medians['submit_max_rules']:.2f}"
        f" ms with the most rules) vs plain_form {medians['plain_form']:.2f} ms"
        f" ({results['intake_submit']['ratio']:.2f}x); plain_form of the longest step "
        f"({longest}) {medians['plain_form_longest']:.2f} ms"
        f" ({medians['submit'] / medians['plain_form_longest']:.2f}x)"
    )


def submit_queries(answers: dict) -> tuple[int, int, list[str]]:
    """(queries, rules fired, SQL) of one real submit of these answers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import data
    from intake.models import Case
    from intake.views import CASE_KEY

    (draft_id,) = data.drafts_clone(finished_steps(answers), 1)
    client, token = runner_client()
    point_session_at(client, draft_id)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/intake/review/", {"csrfmiddlewaretoken": token})
    expect(302, "/intake/result/")(response)
    case = Case.objects.get(pk=client.session[CASE_KEY])
    assert len(case.reasons) == data.rules_fired(answers)
    return len(queries), len(case.reasons), [query["sql"] for query in queries.captured_queries]


def sql_shape(sql: str) -> str:
    """A statement without its values, so two runs of the same code compare equal."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r'"s\d+_x\d+"', '"savepoint"', sql)
    return re.sub(r"\b\d+(\.\d+)?\b", "?", sql)


def metric_submit_queries(results: dict, info: dict) -> None:
    from bench import data
    from intake.services import ALERT_LEVELS
    from intake.triage.levels import SOON

    say("intake_submit_queries: SQL queries of one submit, 0 rules vs the most rules")
    zero, zero_fired, zero_sql = submit_queries(info["answers_zero"])
    most, most_fired, most_sql = submit_queries(info["answers_max"])
    assert zero_fired == 0, zero_fired
    results["intake_submit_queries"] = entry(
        zero,
        "queries",
        "max_rules",
        most,
        "equal",
        queries_0_rules=zero,
        queries_max_rules=most,
        rules_fired_max=most_fired,
    )
    progress(f"intake_submit_queries {zero} with 0 rules, {most} with {most_fired} rules fired")
    # Where a difference comes from: one rule that alerts staff, one that does not.
    for label, levels in (("soon", {SOON}), ("alerting", ALERT_LEVELS)):
        answers = data.answers_firing_one(info["answers_zero"], levels)
        if answers is not None:
            say(f"          1 {label} rule fired: {submit_queries(answers)[0]} queries")
    extra = Counter(map(sql_shape, most_sql)) - Counter(map(sql_shape, zero_sql))
    for sql in extra.elements():
        say(f"          only with rules: {sql[:100]}")


def metric_admin_case_list(results: dict, info: dict, backend: str) -> None:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from bench import data

    say(
        f"admin_case_list: GET {ADMIN_URL} as a superuser at {ADMIN_BIG:,} cases vs "
        f"{ADMIN_SMALL} cases, {ROUNDS['admin']} rounds"
    )
    data.cases_load("small", ADMIN_SMALL)
    data.cases_load(
        "default",
        ADMIN_BIG,
        progress=lambda done, total: (
            (done % 20_000 == 0 or done == total)
            and progress(f"loaded {done:,} of {total:,} cases")
        ),
    )
    if backend == "postgresql":
        # Autovacuum would have vacuumed and analysed a freshly loaded table long before
        # anyone looks at it (statistics for the planner, the visibility map for index-only
        # scans); do it now rather than let it land in the middle of the timing.
        for alias in ("default", "small"):
            with connections[alias].cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    clients = {}
    for alias in ("small", "default"):
        SwitchRouter.alias = alias
        clients[alias] = data.staff_client(alias)
    SwitchRouter.alias = None

    def on(alias: str):
        def prepare():
            SwitchRouter.alias = alias
            return lambda: clients[alias].get(ADMIN_URL)

        return prepare

    queries = {}
    try:
        for alias in ("small", "default"):
            SwitchRouter.alias = alias
            # The first request of a database creates the clinic profile row; count a later one.
            expect(200)(clients[alias].get(ADMIN_URL))
            with CaptureQueriesContext(connections[alias]) as captured:
                expect(200, contains='id="result_list"')(clients[alias].get(ADMIN_URL))
            queries[alias] = len(captured)
        medians = interleaved(
            {
                "big": Series(on("default"), expect(200)),
                "small": Series(on("small"), expect(200)),
            },
            ROUNDS["admin"],
        )
    finally:
        SwitchRouter.alias = None
    results["admin_case_list"] = entry(
        medians["big"],
        "ms",
        f"cases_{ADMIN_SMALL}",
        medians["small"],
        1.5,
        queries_100=queries["small"],
        queries_100000=queries["default"],
    )
    progress(
        f"admin_case_list {medians['big']:.2f} ms at {ADMIN_BIG:,} vs {medians['small']:.2f} ms "
        f"at {ADMIN_SMALL} ({results['admin_case_list']['ratio']:.2f}x); queries "
        f"{queries['default']} vs {queries['small']}"
    )


def runner_with_case(alias: str | None):
    """A routine case opened like a finished intake, and a test client whose session holds
    it (stored in `alias`'s session table), as the result page leaves a runner."""
    from django.db import transaction
    from django.test import Client

    from bench import data
    from intake.demo import demo_answers
    from intake.services import case_open
    from intake.views import CASE_KEY

    SwitchRouter.alias = alias
    try:
        with transaction.atomic(using=alias):
            case = case_open(contact=data.runner_contact(0), answers=demo_answers({}))
        client = Client()
        session = client.session
        session[CASE_KEY] = case.pk
        session.save()
    finally:
        SwitchRouter.alias = None
    return client


SLOT_LINK = 'class="btn btn-outline-primary slot"'


def metric_booking_page(results: dict, info: dict, backend: str) -> None:
    from django.core.cache import cache
    from django.db import connections
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench import data
    from clinic.models import ClinicProfile
    from intake.booking.views import WEEK_DAYS
    from intake.models import VisitType

    say(
        f"booking_page: GET {BOOKING_URL} ({WEEK_DAYS} days, 3 therapists, any therapist)"
        f" with {CALENDAR_YEAR} days of calendar vs trivial, and vs {CALENDAR_WEEK} days of it,"
        f" {ROUNDS['booking']} rounds"
    )
    clinic = ClinicProfile.load()
    tz = ZoneInfo(clinic.timezone)
    today = timezone.now().astimezone(tz).date()
    duration = timedelta(minutes=VisitType.objects.get(is_default=True).duration_minutes)
    plans = data.booking_calendar(today, CALENDAR_YEAR, tz=tz, duration=duration)
    info["calendar"] = plans

    def load(alias: str, days: int, since_days: int | None = None) -> dict:
        def midnight(offset: int) -> datetime:
            return datetime.combine(today + timedelta(days=offset), clock.min, tz)

        since = None if since_days is None else midnight(since_days)
        loaded = data.calendar_load(alias, plans, until=midnight(days), since=since)
        if backend == "postgresql":  # as after the admin's load: statistics before timing
            with connections[alias].cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        return loaded

    year, week = load("default", CALENDAR_YEAR), load("small", CALENDAR_WEEK)
    progress(
        f"calendar loaded: {year['visits']:,} visits and {year['time_off']} time-off entries "
        f"over {CALENDAR_YEAR} days; {week['visits']} and {week['time_off']} over "
        f"{CALENDAR_WEEK}"
    )
    clients = {"default": runner_with_case("default"), "small": runner_with_case("small")}

    def on(alias: str | None, url: str, cold: bool = False):
        def prepare():
            SwitchRouter.alias = alias
            if cold:  # as the first view after any calendar change
                cache.clear()
            return lambda: clients[alias or "default"].get(url)

        return prepare

    def page(alias: str, cold: bool = False) -> tuple[int, int]:
        """(queries, slots shown) of the page on `alias`, after one request to warm up."""
        SwitchRouter.alias = alias
        expect(200)(clients[alias].get(BOOKING_URL))
        if cold:
            cache.clear()
        with CaptureQueriesContext(connections[alias]) as captured:
            response = clients[alias].get(BOOKING_URL)
        expect(200, contains=SLOT_LINK)(response)
        return len(captured), response.content.decode().count(SLOT_LINK)

    shows_slots = expect(200, contains=SLOT_LINK)
    try:
        (queries_year, slots_year), (queries_week, slots_week) = page("default"), page("small")
        (cold_queries_year, _), (cold_queries_week, _) = page("default", True), page("small", True)
        medians = interleaved(
            {
                "year": Series(on("default", BOOKING_URL), shows_slots),
                "week": Series(on("small", BOOKING_URL), shows_slots),
                "trivial": Series(on(None, "/bench/trivial/"), expect(200)),
            },
            ROUNDS["booking"],
        )
        # Apart, since a cold request empties the cache the warm ones read.
        cold = interleaved(
            {
                "year_cold": Series(on("default", BOOKING_URL, cold=True), shows_slots),
                "week_cold": Series(on("small", BOOKING_URL, cold=True), shows_slots),
                "trivial_cold": Series(on(None, "/bench/trivial/"), expect(200)),
            },
            ROUNDS["booking"],
        )
        medians.update(cold)
        # A week of calendar leaves the page's second week empty, so the two pages differ
        # in more than the stored data. Control: the small calendar extended to the shown
        # days, the same page as the year's, byte for byte in its slots.
        SwitchRouter.alias = None
        load("small", WEEK_DAYS, since_days=CALENDAR_WEEK)
        queries_shown, slots_shown = page("small")
        control = interleaved(
            {
                "year": Series(on("default", BOOKING_URL), shows_slots),
                "shown": Series(on("small", BOOKING_URL), shows_slots),
            },
            ROUNDS["booking"],
        )
    finally:
        SwitchRouter.alias = None
    assert slots_shown == slots_year, (slots_shown, slots_year)
    results["booking_page"] = entry(
        medians["year"],
        "ms",
        "trivial",
        medians["trivial"],
        6,
        horizon_ratio=round(medians["year"] / medians["week"], 3),
        horizon_goal=1.2,
        week_ms=round(medians["week"], 3),
        queries_year=queries_year,
        queries_week=queries_week,
        # The page right after a calendar change: availability computed, not cached.
        cold_ms=round(medians["year_cold"], 3),
        cold_ratio=round(medians["year_cold"] / medians["trivial_cold"], 3),
        cold_horizon_ratio=round(medians["year_cold"] / medians["week_cold"], 3),
        cold_queries_year=cold_queries_year,
        cold_queries_week=cold_queries_week,
        slots_shown_year=slots_year,
        slots_shown_week=slots_week,
        same_page_ratio=round(control["year"] / control["shown"], 3),
        queries_shown_days=queries_shown,
    )
    result = results["booking_page"]
    progress(
        f"booking_page {medians['year']:.2f} ms with a year vs trivial {medians['trivial']:.2f}"
        f" ms ({result['ratio']:.2f}x); {medians['week']:.2f} ms with a week (horizon_ratio "
        f"{result['horizon_ratio']:.2f}); queries {queries_year} vs {queries_week}; slots "
        f"shown {slots_year} vs {slots_week}"
    )
    progress(
        f"cold cache (right after a calendar change): {medians['year_cold']:.2f} ms with a "
        f"year ({result['cold_ratio']:.2f}x trivial), {medians['week_cold']:.2f} ms with a week "
        f"(horizon_ratio {result['cold_horizon_ratio']:.2f}); queries {cold_queries_year} vs "
        f"{cold_queries_week}"
    )
    progress(
        f"control: the same page with only its {WEEK_DAYS} days stored {control['shown']:.2f} "
        f"ms vs {control['year']:.2f} ms with the year (same_page_ratio "
        f"{result['same_page_ratio']:.2f}); queries {queries_shown}"
    )


def metric_booking_race(results: dict, info: dict, servers: int = 1) -> None:
    """`servers` > 1: as many portal processes on their own ports sharing the database (two
    machines behind the proxy), the racers split across them in turn."""
    from contextlib import ExitStack
    from importlib import import_module

    from django.conf import settings
    from django.db import transaction

    from bench import data, race
    from clinic.models import ClinicProfile, Therapist
    from intake.booking.selectors import BookingRules, default_visit_type, free_slots
    from intake.booking.views import slot_param
    from intake.demo import demo_answers
    from intake.models import ACTIVE_VISIT, Visit
    from intake.services import case_open
    from intake.views import CASE_KEY

    name = "booking_race" if servers == 1 else "booking_race_two_servers"
    say(
        f"{name}: {RACERS} runners POST /book/confirm/ for one slot at the same moment, real "
        f"HTTP to {servers} manage.py runserver process(es) (threaded) on the year's calendar"
    )
    # A free time of the first therapist, a few days ahead, in the middle of the day's slots.
    therapist = Therapist.objects.get(display_name=info["calendar"][0].name)
    rules = BookingRules.for_clinic(ClinicProfile.load())
    visit_type = default_visit_type()
    day, slots = rules.today + timedelta(days=3), []
    while not slots:
        slots = free_slots(days=[day], therapists=[therapist], visit_type=visit_type, rules=rules)
        day += timedelta(days=1)
    start = slots[len(slots) // 2].start
    slot = {"start": slot_param(start), "therapist": str(therapist.pk)}

    # Fifty runners, each with a routine case in a session of their own.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    first = RACERS * (servers - 1)  # each race its own runners
    contacts = [data.runner_contact(number) for number in range(first, first + RACERS)]
    keys = []
    with transaction.atomic():
        for contact in contacts:
            case = case_open(contact=contact, answers=demo_answers({}))
            session = store()
            session[CASE_KEY] = case.pk
            session.create()
            keys.append(session.session_key)
    fields = [{**slot, "email": c["email"], "phone": c["phone"]} for c in contacts]
    started = time.perf_counter()
    with ExitStack() as stack:
        addresses = [
            stack.enter_context(race.portal_server(ROOT, BENCH_VAR / f"runserver-{n}.log"))
            for n in range(servers)
        ]
        progress(f"portal server(s) up at {addresses} in {time.perf_counter() - started:.1f}s")
        browsers = [
            race.Browser(addresses[n % servers], settings.SESSION_COOKIE_NAME, key)
            for n, key in enumerate(keys)
        ]
        opened = race.open_all(browsers, f"/book/confirm/?{urlencode(slot)}")
        assert all(answer.status == 200 for answer in opened), Counter(a.status for a in opened)
        answers = race.race(browsers, "/book/confirm/", fields)

    failed = [answer for answer in answers if not isinstance(answer, race.Answer)]
    answered = [answer for answer in answers if isinstance(answer, race.Answer)]
    won = [a.status == 302 and a.location == "/book/done/" for a in answered]
    winners = [a for a, w in zip(answered, won, strict=True) if w]
    losers = [a for a, w in zip(answered, won, strict=True) if not w]
    taken = [a for a in losers if a.status == 409 and "That time was just taken" in a.said()]
    latencies = sorted(answer.ms for answer in losers) or [0.0]
    p95 = (
        statistics.quantiles(latencies, n=20, method="inclusive")[-1]
        if len(latencies) > 1
        else latencies[0]
    )
    booked = Visit.objects.filter(ACTIVE_VISIT, therapist=therapist, start=start).count()
    results[name] = entry(
        len(winners),
        "winners",
        "one_slot",
        1,
        1,
        p95_ms=round(p95, 1),
        p50_ms=round(statistics.median(latencies), 1),
        requests=RACERS,
        losers_409_taken=len(taken),
        losers_other=len(losers) - len(taken),
        server_errors=sum(1 for a in answered if a.status >= 500),
        client_errors=len(failed),
        visits_booked=booked,
        server="runserver",
        servers=servers,
    )
    progress(
        f"{name} {len(winners)} winner(s), {booked} visit(s) in the database; losers' "
        f"p95 {p95:.0f} ms; answers: "
        + ", ".join(
            f"{count} x {status} {said[:48]}"
            for (status, said), count in Counter((a.status, a.said()) for a in answered).items()
        )
        + (f"; {len(failed)} failed: {failed[0]!r}" if failed else "")
    )


def metric_intake_under_load(results: dict, info: dict) -> None:
    from bench import load

    say(f"intake_under_load: {load.HEADLINE}")
    page, plain = load.measure(ROOT, BENCH_VAR, progress)
    results["intake_under_load"] = entry(
        page["rps"], "req/s", "plain_form", plain["rps"], load.GOAL, **load.fields(page, plain)
    )
    progress(f"intake_under_load {load.summary(page, plain)}")


# --- report -----------------------------------------------------------------------------------


def table(results: dict) -> None:
    say()
    say(f"{'metric':<24}{'value':>12}  {'baseline':<26}{'ratio':>8}  {'goal':<8}{'met':<5}")
    for name, result in results.items():
        unit = result["unit"]
        value = f"{result['value']:.2f} {unit}" if unit == "ms" else f"{result['value']} {unit}"
        base = result["baseline_value"]
        base = f"{base:.2f} {unit}" if unit == "ms" else f"{base}"
        goal = result["goal"] if result["goal"] == "equal" else f"<= {result['goal']}"
        exact = name.startswith("booking_race") or name == "plan_offline"
        goal = f"== {result['goal']}" if exact else goal
        goal = f">= {result['goal']}" if name == "intake_under_load" else goal
        say(
            f"{name:<24}{value:>12}  {result['baseline'] + ' ' + base:<26}"
            f"{result['ratio']:>7.2f}x  {goal:<8}{'yes' if goal_met(name, result) else 'NO':<5}"
        )
        # Per-surface tables (admin_scale) were printed as they were measured.
        extra = {
            key: v
            for key, v in result.items()
            if key not in STANDARD_FIELDS and not isinstance(v, dict)
        }
        if extra:
            say(f"{'':<24}  " + ", ".join(f"{key}={v}" for key, v in extra.items()))


def chosen_metrics(metrics: dict, names: list[str]) -> list[str]:
    """The metrics named on the command line (all when none), with those they need, in the
    bench's own order; an unknown name or an option stops the run before any set-up."""
    if any(name.startswith("-") for name in names):
        sys.exit(f"usage: bench/run.py [METRIC ...]; metrics: {', '.join(metrics)}")
    unknown = sorted(set(names) - set(metrics))
    if unknown:
        sys.exit(f"bench: unknown metric {', '.join(unknown)}; known: {', '.join(metrics)}")
    wanted = set(names or metrics)
    for name in list(wanted):
        wanted.update(metrics[name][0])
    return [name for name in metrics if name in wanted]


def main() -> int:
    results: dict = {}
    info: dict = {}
    metrics = {  # name -> (the metrics it needs first, how to measure it)
        "intake_step_get": ((), lambda: metric_step_get(results, info)),
        "intake_step_get_spanish": (
            ("intake_step_get",),
            lambda: metric_step_get_spanish(results, info),
        ),
        "intake_submit": (("intake_step_get",), lambda: metric_submit(results, info)),
        "intake_submit_queries": ((), lambda: metric_submit_queries(results, info)),
        "admin_case_list": ((), lambda: metric_admin_case_list(results, info, backend)),
        "booking_page": ((), lambda: metric_booking_page(results, info, backend)),
        "booking_race": (("booking_page",), lambda: metric_booking_race(results, info)),
        "booking_race_two_servers": (
            ("booking_page",),
            lambda: metric_booking_race(results, info, servers=2),
        ),
        "plan_build": ((), lambda: plans.metric_plan_build(results, info)),
        "plan_page": (("plan_build",), lambda: plans.metric_plan_page(results, info)),
        "care_page": (("plan_build",), lambda: plans.metric_care_page(results, info)),
        "intake_under_load": ((), lambda: metric_intake_under_load(results, info)),
        "checkin_page": ((), lambda: checkins.metric_checkin_page(results, info)),
        "checkin_dispatch": (
            (),
            lambda: dispatch.metric_checkin_dispatch(results, info, ROOT, BENCH_VAR, backend),
        ),
        "dispatch_two_workers": (
            (),
            lambda: dispatch.metric_dispatch_two_workers(results, info, ROOT, BENCH_VAR),
        ),
        "admin_scale": ((), lambda: scale.metric_admin_scale(results, backend)),
        "jobs_scale": ((), lambda: scale.metric_jobs_scale(results, backend)),
        "outcomes_page": ((), lambda: scale.metric_outcomes_page(results, backend)),
        "intake_taps_routine": (
            (),
            lambda: taps.metric_intake_taps_routine(results, ROOT, BENCH_VAR),
        ),
        "plan_offline": (
            (),
            lambda: offline.metric_plan_offline(results, ROOT, BENCH_VAR, progress),
        ),
        "front_desk_day": ((), lambda: front_desk.metric_front_desk_day(results, info, backend)),
        "home_page": ((), lambda: guide.metric_public_page(results, "home_page")),
        "guide_page": ((), lambda: guide.metric_public_page(results, "guide_page")),
    }
    chosen = chosen_metrics(metrics, sys.argv[1:])
    databases = django_setup()
    backend = databases.backend
    from django.db import connection

    say(
        f"bench: Django on {backend} ({connection.settings_dict['NAME']}), Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs"
    )
    progress("databases migrated")
    from bench import data

    info.update(answers_zero=data.answers_firing_none(), answers_max=data.answers_firing_most())
    progress(
        f"answer sets found: {data.rules_fired(info['answers_zero'])} and "
        f"{data.rules_fired(info['answers_max'])} rules fire"
    )
    for number, name in enumerate(chosen, start=1):
        say(f"\n[{number}/{len(chosen)}] {name}")
        metrics[name][1]()
    table(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    say(f"\nwrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - STARTED:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
