"""`make bench` figures of years of data (issue 15), on PostgreSQL only:

- `admin_scale`: every staff surface (lists filtered, unfiltered and searched, the case page,
  history pages, a runner's export and erasure, the check-in page) with SMALL_ROWS rows per
  table vs BIG_ROWS, median ms of ROUNDS requests alternating the two databases, with query
  counts. BIG_ROWS is 100,000, not a million: seeding ten tables of a million rows (with
  their indexes, trigram ones included) takes the whole bench past its 15 minutes on this
  machine's two cores. Cases, the table the check-in tick reads, are a million.
- `jobs_scale`: the nightly drafts purge of 500,000 abandoned drafts (seconds, goal 10), and
  the one-minute check-in tick at a million cases vs a thousand (goal 1.5x).
"""

import time

from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from bench.db import SwitchRouter
from bench.harness import Series, entry, expect, interleaved, progress, say

SMALL_ROWS, BIG_ROWS = 1_000, 100_000
SMALL_CASES, BIG_CASES = 1_000, 1_000_000
OLD_DRAFTS = {"small": 1_000, "default": 500_000}
ROUNDS, WARMUP = 15, 3
RATIO_GOAL, PURGE_GOAL_SECONDS, TICK_GOAL = 1.5, 10, 1.5
ALIASES = ("small", "default")

# name -> URL, formatted with the long-history runner's ids of each database.
SURFACES = {
    "audit_list": "/admin/clinic/auditevent/",
    "audit_search_number": "/admin/clinic/auditevent/?q=4242",
    "audit_filtered": "/admin/clinic/auditevent/?action__exact=view&object_type=intake.case",
    "emails_list": "/admin/clinic/outboundemail/",
    "emails_search_address": "/admin/clinic/outboundemail/?q=runner777%40example.com",
    "emails_failed": "/admin/clinic/outboundemail/?status__exact=failed",
    "emails_kind": "/admin/clinic/outboundemail/?kind=visit_reminder",
    "links_list": "/admin/clinic/privatelink/?purpose__exact=plan",
    "runners_list": "/admin/intake/runner/",
    "runners_search_email": "/admin/intake/runner/?q=runner777%40",
    "runners_search_name": "/admin/intake/runner/?q=ofdata",
    "runners_search_phone": "/admin/intake/runner/?q=919-555-0199",
    "visits_upcoming": "/admin/intake/visit/",
    "visits_past": "/admin/intake/visit/?when=past",
    "visits_search": "/admin/intake/visit/?when=all&q=years%40example.com",
    "plans_list": "/admin/programs/plan/?status__exact=active",
    "checkins_review": "/admin/programs/checkin/",
    "checkins_all": "/admin/programs/checkin/?review=all",
    "decisions_list": "/admin/programs/decision/?status__exact=pending",
    "drafts_list": "/admin/intake/intakedraft/",
    "drafts_search": "/admin/intake/intakedraft/?q=runner777%40",
    "case_page": "/admin/intake/case/{case}/change/",
    "case_history": "/admin/intake/case/{case}/history/",
    "plan_history": "/admin/programs/plan/{plan}/history/",
    "checkin_page": "/admin/programs/checkin/{checkin}/change/",
    "export_page": "/admin/intake/runner/{runner}/export/",
    "export_json": "/admin/intake/runner/{runner}/export.json",
}

_state: dict = {}


def _load() -> dict:
    """Both databases seeded once for both metrics: tables, a million cases, the long-history
    runner, a superuser's client each."""
    if _state:
        return _state
    from bench import data, scale_data

    for alias, rows, cases in (
        ("small", SMALL_ROWS, SMALL_CASES),
        ("default", BIG_ROWS, BIG_CASES),
    ):
        started = time.perf_counter()
        SwitchRouter.alias = alias
        try:
            scale_data.tables_load(alias, rows, cases)
            ids = scale_data.long_history(alias)
            scale_data.vacuum(alias)
            _state[alias] = {"ids": ids, "client": data.staff_client(alias)}
        finally:
            SwitchRouter.alias = None
        progress(
            f"seeded {alias}: {rows:,} rows per table, {cases:,} cases, a runner with "
            f"{scale_data.HISTORY} in {time.perf_counter() - started:.0f}s"
        )
    return _state


def _on(alias: str, act):
    def prepare():
        SwitchRouter.alias = alias
        return act

    return prepare


def _queries(alias: str, act) -> int:
    """Queries on both connections: a bare transaction.atomic() (the erasure's) opens on
    the default one whichever database the router points at."""
    SwitchRouter.alias = alias
    try:
        act()  # warm: the clinic profile row, content types
        with (
            CaptureQueriesContext(connections["small"]) as small,
            CaptureQueriesContext(connections["default"]) as default,
        ):
            act()
    finally:
        SwitchRouter.alias = None
    return len(small) + len(default)


def _erase(alias: str, runner_id: int):
    """The erasure of the long-history runner, rolled back so it can run again."""
    from intake.models import Runner
    from intake.privacy import runner_erase

    def act():
        with transaction.atomic(using=alias):
            runner_erase(runner=Runner.objects.using(alias).get(pk=runner_id))
            transaction.set_rollback(True, using=alias)

    return act


def _measure(name: str, acts: dict, check) -> dict:
    queries = {alias: _queries(alias, acts[alias]) for alias in ALIASES}
    try:
        medians = interleaved(
            {alias: Series(_on(alias, acts[alias]), check) for alias in ALIASES},
            ROUNDS,
            warmup=WARMUP,
        )
    finally:
        SwitchRouter.alias = None
    result = {
        "small_ms": round(medians["small"], 2),
        "big_ms": round(medians["default"], 2),
        "ratio": round(medians["default"] / medians["small"], 2),
        "queries_small": queries["small"],
        "queries_big": queries["default"],
    }
    same = "=" if queries["small"] == queries["default"] else "!="
    progress(
        f"{name:<24}{result['small_ms']:>9.1f} ms {result['big_ms']:>9.1f} ms "
        f"{result['ratio']:>6.2f}x  queries {queries['small']} {same} {queries['default']}"
    )
    return result


def metric_admin_scale(results: dict, backend: str) -> None:
    if backend != "postgresql":
        say("admin_scale: needs PostgreSQL (seeded with generate_series); skipped on SQLite")
        return
    say(
        f"admin_scale: {len(SURFACES) + 1} staff surfaces at {SMALL_ROWS:,} vs {BIG_ROWS:,} rows "
        f"per table ({SMALL_CASES:,} vs {BIG_CASES:,} cases), median of {ROUNDS} alternating"
    )
    state = _load()
    surfaces = {}
    progress(f"{'surface':<24}{'small':>12} {'big':>12} {'ratio':>7}")
    for name, url in SURFACES.items():
        acts = {}
        for alias in ALIASES:
            client, full = state[alias]["client"], url.format(**state[alias]["ids"])
            acts[alias] = lambda client=client, full=full: client.get(full)
        surfaces[name] = _measure(name, acts, expect(200))
    acts = {alias: _erase(alias, state[alias]["ids"]["runner"]) for alias in ALIASES}
    surfaces["erase_rolled_back"] = _measure("erase_rolled_back", acts, lambda _: None)
    worst = max(surfaces.values(), key=lambda s: s["ratio"])
    unequal = sorted(n for n, s in surfaces.items() if s["queries_small"] != s["queries_big"])
    results["admin_scale"] = entry(
        worst["ratio"],
        "x",
        f"rows_{SMALL_ROWS}",
        1.0,
        RATIO_GOAL,
        rows_small=SMALL_ROWS,
        rows_big=BIG_ROWS,
        cases_big=BIG_CASES,
        worst=next(n for n, s in surfaces.items() if s is worst),
        unequal_queries=unequal,
        surfaces=surfaces,
    )
    progress(
        f"admin_scale worst ratio {worst['ratio']:.2f}x; unequal query counts: "
        f"{', '.join(unequal) or 'none'}"
    )


def _purge(alias: str) -> tuple[float, int, int]:
    from intake.services import drafts_purge_abandoned

    SwitchRouter.alias = alias
    try:
        with CaptureQueriesContext(connections[alias]) as captured:
            started = time.perf_counter()
            deleted = drafts_purge_abandoned()
            seconds = time.perf_counter() - started
    finally:
        SwitchRouter.alias = None
    return seconds, deleted, len(captured)


def metric_jobs_scale(results: dict, backend: str) -> None:
    from bench import scale_data
    from programs.tasks import checkins_tick

    if backend != "postgresql":
        say("jobs_scale: needs PostgreSQL (seeded with generate_series); skipped on SQLite")
        return
    say(
        f"jobs_scale: the check-in tick at {BIG_CASES:,} vs {SMALL_CASES:,} cases "
        f"({scale_data.RECENT_CASES} recent in each), median of {ROUNDS}; the drafts purge of "
        f"{OLD_DRAFTS['default']:,} abandoned drafts vs {OLD_DRAFTS['small']:,}"
    )
    _load()
    tick = _measure("checkins_tick", {alias: checkins_tick for alias in ALIASES}, lambda _: None)
    for alias, count in OLD_DRAFTS.items():
        scale_data.old_drafts_load(alias, count)
        scale_data.vacuum(alias)
    small_s, small_deleted, small_queries = _purge("small")
    big_s, big_deleted, big_queries = _purge("default")
    assert (small_deleted, big_deleted) == (OLD_DRAFTS["small"], OLD_DRAFTS["default"])
    results["jobs_scale"] = entry(
        tick["big_ms"],
        "ms",
        f"tick_{SMALL_CASES}_cases",
        tick["small_ms"],
        TICK_GOAL,
        tick_queries_small=tick["queries_small"],
        tick_queries_big=tick["queries_big"],
        purge_seconds=round(big_s, 2),
        purge_drafts=big_deleted,
        purge_queries=big_queries,
        purge_goal_seconds=PURGE_GOAL_SECONDS,
        purge_seconds_1000=round(small_s, 3),
        purge_queries_1000=small_queries,
    )
    progress(
        f"jobs_scale: tick {tick['big_ms']:.1f} ms vs {tick['small_ms']:.1f} ms "
        f"({tick['ratio']:.2f}x); purge of {big_deleted:,} drafts {big_s:.1f} s in "
        f"{big_queries} queries (of {small_deleted:,}: {small_s:.2f} s, {small_queries})"
    )


def _refresh(alias: str) -> float:
    from programs.outcomes import outcomes_refresh

    SwitchRouter.alias = alias
    try:
        started = time.perf_counter()
        outcomes_refresh()
        return time.perf_counter() - started
    finally:
        SwitchRouter.alias = None


def metric_outcomes_page(results: dict, backend: str) -> None:
    """The Outcomes dashboard (its default last 12 weeks: ~77 intakes in the small database,
    ~77,000 in the big one) on admin_scale's databases, after the nightly refresh; the
    refresh's own seconds are reported beside it."""
    if backend != "postgresql":
        say("outcomes_page: needs PostgreSQL (seeded with generate_series); skipped on SQLite")
        return
    say(
        f"outcomes_page: the Outcomes dashboard at {BIG_CASES:,} vs {SMALL_CASES:,} cases "
        f"({BIG_ROWS:,} vs {SMALL_ROWS:,} visits, plans, check-ins, decisions), median of {ROUNDS}"
    )
    state = _load()
    refresh = {alias: _refresh(alias) for alias in ALIASES}
    for alias in ALIASES:  # as autovacuum would after the night's rewrite
        with connections[alias].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE programs_outcomefact")
    progress(
        f"nightly refresh: {refresh['small']:.2f} s small, {refresh['default']:.1f} s big "
        "(what counting the figures live would cost a page)"
    )
    url = "/admin/programs/outcomefact/"
    acts = {alias: lambda client=state[alias]["client"]: client.get(url) for alias in ALIASES}
    page = _measure("outcomes_page", acts, expect(200, contains="The funnel"))
    results["outcomes_page"] = entry(
        page["big_ms"],
        "ms",
        f"cases_{SMALL_CASES}",
        page["small_ms"],
        RATIO_GOAL,
        cases_small=SMALL_CASES,
        cases_big=BIG_CASES,
        queries_small=page["queries_small"],
        queries_big=page["queries_big"],
        refresh_seconds_small=round(refresh["small"], 2),
        refresh_seconds_big=round(refresh["default"], 1),
    )
