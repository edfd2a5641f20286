"""Changelist query strings: each role filters a list only by what the list declares.

Django's admin accepts any lookup on a model's own fields, so without the guard a front desk
login could find cases by `?notes__icontains=depression`, or drafts by their answers. Every
field of Case, IntakeDraft, Plan, CheckIn and SessionLog (reached from the lists that lead
to it) is tried as each role."""

import pytest

from clinic.roles import CLINIC_ADMIN, FRONT_DESK, THERAPIST
from intake.models import Case, IntakeDraft
from programs.models import CheckIn, Plan, SessionLog
from tests.security.conftest import STORY

pytestmark = pytest.mark.django_db

ROLES = [FRONT_DESK, THERAPIST, CLINIC_ADMIN]


def fields(model, prefix="") -> list[str]:
    return [f"{prefix}{field.name}" for field in model._meta.concrete_fields]


LISTS = {
    "/admin/intake/case/": [
        *fields(Case),
        *fields(IntakeDraft, "draft__"),
        *fields(Plan, "plans__"),
        *fields(CheckIn, "checkins__"),
        *fields(SessionLog, "plans__sessions__log__"),
    ],
    "/admin/intake/intakedraft/": [*fields(IntakeDraft), *fields(Case, "case__")],
    "/admin/programs/plan/": [
        *fields(Plan),
        *fields(Case, "case__"),
        *fields(SessionLog, "sessions__log__"),
    ],
    "/admin/programs/checkin/": [
        *fields(CheckIn),
        *fields(Case, "case__"),
        *fields(SessionLog, "session__log__"),
    ],
}
# The issue's own examples, and the filters each list declares (these must keep working).
PROBES = {
    "/admin/intake/case/": [
        "notes__icontains=internal",
        "reasons__icontains=stress-fracture",
        "answers__has_key=pain_story",
        "answers__pain_story__icontains=zebra",
    ],
    "/admin/intake/intakedraft/": ["steps__4__saddle_numbness=yes", "steps__has_key=3"],
}
DECLARED = {
    "/admin/intake/case/": [
        "triage_level__exact=routine",
        "status__exact=new",
        "call_today__exact=1",
        "priority__exact=0",
        "assigned_therapist__id__exact=1",
        "assigned_therapist__isnull=True",
        "submitted_at__gte=2026-01-01T00:00:00%2B00:00",
        "q=Maya",
    ],
    "/admin/intake/intakedraft/": ["submitted_at__isnull=True", "q=maya"],
    "/admin/programs/plan/": ["status__exact=active", "q=Lopez"],
    "/admin/programs/checkin/": ["kind__exact=weekly", "status__exact=answered"],
}


# Fields with a list filter: their `__isnull` is one of the filter's own parameters.
FILTERED = {
    "/admin/intake/case/": {
        "triage_level",
        "status",
        "call_today",
        "priority",
        "assigned_therapist",
        "submitted_at",
    },
    "/admin/intake/intakedraft/": {"submitted_at"},
    "/admin/programs/plan/": {"status"},
    "/admin/programs/checkin/": {"kind", "status"},
}


def undeclared(url: str) -> list[str]:
    lookups = [f"{name}__icontains={STORY[:5]}" for name in LISTS[url]]
    lookups += [f"{name}__isnull=False" for name in LISTS[url] if name not in FILTERED[url]]
    lookups += [f"{name}=1" for name in LISTS[url]]
    return lookups + PROBES.get(url, [])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(LISTS))
def test_a_list_answers_only_its_declared_filters_for_every_role(role_client, clinical, url, role):
    client = role_client(role)
    allowed = client.get(url).status_code
    assert allowed in (200, 403)
    if role == FRONT_DESK:  # the roles table: cases and drafts yes, plans and check-ins no
        assert allowed == (200 if "/intake/" in url else 403)
    else:
        assert allowed == 200
    for query in undeclared(url):
        response = client.get(f"{url}?{query}")
        assert response.status_code == (400 if allowed == 200 else 403), (role, query)
        assert b"Maya" not in response.content and b"Lopez" not in response.content
    for query in DECLARED[url]:
        assert client.get(f"{url}?{query}").status_code == allowed, (role, query)


def test_the_front_desk_finds_cases_by_contact_details_and_the_queue_filters(role_client, clinical):
    client = role_client(FRONT_DESK)
    page = client.get("/admin/intake/case/?q=Maya&triage_level__exact=" + clinical[0].triage_level)
    assert page.status_code == 200 and b"Lopez" in page.content
