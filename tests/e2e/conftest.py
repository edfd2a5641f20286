"""Real-browser tests: Debian's Chromium driven by pytest-playwright against `live_server`.

Playwright's sync API runs an event loop in the test thread, so Django refuses ORM calls made
there (the tests deliver the outbox themselves) unless async-unsafe calls are allowed. It has
to be set before any test runs, hence at import time.
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from bench.harness import CHROMIUM
from intake.models import VisitType

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    # `pytestmark` in a conftest marks nothing, so mark every test of this folder here.
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here + os.sep):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # Debian's Chromium: Playwright must never download a browser of its own.
    return {**CHROMIUM, "args": list(CHROMIUM["args"])}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A phone: the runners this portal is for fill it in on one.
    return {**browser_context_args, "viewport": PHONE, "locale": "en-US"}


@pytest.fixture
def context(new_context):
    context = new_context()
    # Fail in seconds, not the default 30, so a broken page cannot eat the time budget.
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def portal(live_server, transactional_db):
    """The live portal's base URL, on a database the server thread can see, holding the
    rows the migrations seed (the free Discovery Visit), which the flush after every
    transactional test removes: without them a page reads as on a clinic with no visits."""
    VisitType.objects.get_or_create(
        is_default=True,
        defaults={"name": "Discovery Visit", "duration_minutes": 30, "is_free": True},
    )
    return live_server.url


SERIOUS = {"serious", "critical"}
_axe = Axe()


def _describe(violation: dict) -> str:
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    lines.append(f"  {violation['helpUrl']}")
    for node in violation["nodes"]:
        lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
        summary = node.get("failureSummary", "").replace("\n", " ")
        if summary:
            lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page as it is; fail on any serious or critical violation."""

    def check(page, where: str = "") -> None:
        results = _axe.run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
        report = "\n".join(_describe(v) for v in bad)
        assert not bad, f"axe found serious/critical violations on {where or page.url}:\n{report}"

    return check
