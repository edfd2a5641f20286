"""`make bench`: the portal's performance figures, each beside its baseline.

Every figure is timed in this process, in the same run as its baseline, through Django's test
client (the full middleware stack, in process). Measured and baseline requests are
interleaved, one of each per round with the order rotated every round, so drift (CPU
frequency, caches, a neighbour on the machine) falls on both alike; the median of many rounds
is reported. DEBUG is off while timing; query counts are taken apart with
CaptureQueriesContext.

Runs on its own databases, created afresh each time: PostgreSQL databases `portal_bench` and
`portal_bench_small` on the server of DATABASE_URL when it is set, otherwise SQLite files
under var/bench/. Results: a table on stdout and var/bench.json (format in DESIGN.md).

    .venv/bin/python bench/run.py
"""

import json
import os
import platform
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.db import SwitchRouter, prepare  # noqa: E402 - needs ROOT on sys.path

VAR = ROOT / "var"
BENCH_VAR = VAR / "bench"
RESULTS = VAR / "bench.json"

# Rounds per metric (one request of each series per round), after WARMUP unrecorded rounds.
ROUNDS = {"step": 300, "submit": 200, "admin": 200}
WARMUP = 10
ADMIN_SMALL, ADMIN_BIG = 100, 100_000
ADMIN_URL = "/admin/intake/case/"

STARTED = time.perf_counter()


def say(line: str = "") -> None:
    print(line, flush=True)


def progress(line: str) -> None:
    say(f"  {time.perf_counter() - STARTED:6.1f}s  {line}")


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
        # The bench's broker folders and mail stay out of the developer's var/.
        PORTAL_VAR_DIR=str(BENCH_VAR),
    )
    # Whitenoise looks for collected static files; the pages only need their URLs.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django
    from django.conf import settings

    settings.DATABASES["small"]["NAME"] = databases.small_name
    django.setup()

    from django.core.management import call_command

    for alias in ("default", "small"):
        call_command("migrate", database=alias, interactive=False, verbosity=0)
    assert not settings.DEBUG
    return databases


# --- timing -----------------------------------------------------------------------------------


@dataclass
class Series:
    """One kind of request. `prepare` runs untimed and returns the call to time; `check`
    looks at the response afterwards, also untimed."""

    prepare: Callable[[], Callable[[], object]]
    check: Callable[[object], None]


def interleaved(series: dict[str, Series], rounds: int, warmup: int = WARMUP) -> dict:
    """Median milliseconds per series; every round runs each series once, order rotated."""
    names = list(series)
    samples: dict[str, list[int]] = {name: [] for name in names}
    for number in range(warmup + rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            act = series[name].prepare()
            start = time.perf_counter_ns()
            response = act()
            elapsed = time.perf_counter_ns() - start
            series[name].check(response)
            if number >= warmup:
                samples[name].append(elapsed)
    return {name: statistics.median(values) / 1e6 for name, values in samples.items()}


def expect(status: int, location: str | None = None, contains: str | None = None):
    def check(response):
        assert response.status_code == status, (response.status_code, response.get("Location"))
        if location is not None:
            assert response["Location"] == location, response["Location"]
        if contains is not None:
            assert contains in response.content.decode(), contains

    return check


def get(client, url: str) -> Callable[[], Callable[[], object]]:
    return lambda: lambda: client.get(url)


STANDARD_FIELDS = ("value", "unit", "baseline", "baseline_value", "ratio", "goal")


def entry(value, unit, baseline, baseline_value, goal, **extra) -> dict:
    ratio = value / baseline_value if baseline_value else None
    return {
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(baseline_value, 3),
        "ratio": None if ratio is None else round(ratio, 3),
        "goal": goal,
        **extra,
    }


def goal_met(name: str, result: dict) -> bool:
    if result["goal"] == "equal":
        return result["value"] == result["baseline_value"]
    met = result["ratio"] is not None and result["ratio"] <= result["goal"]
    if name == "admin_case_list":
        met = met and result["queries_100"] == result["queries_100000"]
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
        f"[1/4] intake_step_get: GET {url} (step {step}, {fields} fields for a runner "
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
        f"[2/4] intake_submit: POST /intake/review/ vs plain_form of step {final_step}, "
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

    say("[3/4] intake_submit_queries: SQL queries of one submit, 0 rules vs the most rules")
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
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import data

    say(
        f"[4/4] admin_case_list: GET {ADMIN_URL} as a superuser at {ADMIN_BIG:,} cases vs "
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
        client = Client()
        client.force_login(data.superuser(alias))
        clients[alias] = client
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
        say(
            f"{name:<24}{value:>12}  {result['baseline'] + ' ' + base:<26}"
            f"{result['ratio']:>7.2f}x  {goal:<8}{'yes' if goal_met(name, result) else 'NO':<5}"
        )
        extra = {key: v for key, v in result.items() if key not in STANDARD_FIELDS}
        if extra:
            say(f"{'':<24}  " + ", ".join(f"{key}={v}" for key, v in extra.items()))


def main() -> int:
    databases = django_setup()
    from django.db import connection

    say(
        f"bench: Django on {databases.backend} ({connection.settings_dict['NAME']}), Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs"
    )
    progress("databases migrated")
    from bench import data

    results: dict = {}
    info = {"answers_zero": data.answers_firing_none(), "answers_max": data.answers_firing_most()}
    progress(
        f"answer sets found: {data.rules_fired(info['answers_zero'])} and "
        f"{data.rules_fired(info['answers_max'])} rules fire"
    )
    metric_step_get(results, info)
    metric_submit(results, info)
    metric_submit_queries(results, info)
    metric_admin_case_list(results, info, databases.backend)
    table(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    say(f"\nwrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - STARTED:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
