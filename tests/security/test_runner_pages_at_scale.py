"""The case page, the history pages, a runner's export and erasure run as many queries for a
runner with one of everything as for one with many cases, plans, check-ins and versions."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from intake.models import Case
from intake.privacy import runner_erase
from programs.models import Plan
from tests.scale import runner_with

pytestmark = pytest.mark.django_db


def count(client, url: str, method: str = "get") -> int:
    getattr(client, method)(url)  # warm: the clinic profile, the content types
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def with_versions(case: Case, plan: Plan, n: int) -> None:
    for number in range(n):
        case.notes = f"call {number}"
        case.save()
        plan.note_to_runner = f"note {number}"
        plan.save()


def pages(case: Case) -> list[str]:
    plan = Plan.objects.filter(case=case).first()
    runner = case.runner_id
    return [
        f"/admin/intake/case/{case.pk}/change/",
        f"/admin/intake/case/{case.pk}/history/",
        f"/admin/programs/plan/{plan.pk}/history/",
        f"/admin/programs/plan/{plan.pk}/change/",
        f"/admin/intake/runner/{runner}/change/",
        f"/admin/intake/runner/{runner}/export/",
        f"/admin/intake/runner/{runner}/export.json",
        f"/admin/intake/runner/{runner}/erase/",
    ]


@pytest.mark.parametrize("one_case", [True, False], ids=["all-on-one-case", "many-cases"])
def test_runner_pages_run_the_same_queries_whatever_the_runners_history(admin_client, one_case):
    small = runner_with(1, email="ellie@example.com", one_case=one_case)
    with_versions(small, Plan.objects.filter(case=small).first(), 1)
    big = runner_with(12, one_case=one_case)
    with_versions(big, Plan.objects.filter(case=big).first(), 12)
    for small_url, big_url in zip(pages(small), pages(big), strict=True):
        assert count(admin_client, small_url) == count(admin_client, big_url), big_url


def erase_queries(case: Case) -> int:
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        runner_erase(runner=case.runner)
    return len(captured)


def test_erasure_runs_the_same_queries_whatever_the_runners_history():
    erase_queries(runner_with(1, email="first@example.com"))  # warms the content types
    small = runner_with(1, email="ellie@example.com")
    big = runner_with(12)
    assert erase_queries(small) == erase_queries(big)
