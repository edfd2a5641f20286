"""Walking the ids: no admin URL opens a record the role may not see, and no runner URL
opens another runner's data, whatever id is tried."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from clinic.roles import FRONT_DESK, THERAPIST
from programs.models import PlanSession, SessionLog
from programs.services import library_seed
from tests.programs.conftest import build, open_case, plan_link_from_mail

pytestmark = pytest.mark.django_db

# Custom admin URLs that take an id, with the permission each needs.
EXTRA_URLS = {
    "admin:intake_runner_export": "intake.export_runner",
    "admin:intake_runner_export_json": "intake.export_runner",
    "admin:intake_runner_erase": "intake.erase_runner",
    "admin:programs_plan_build": "programs.add_plan",
}


@pytest.fixture
def two_runners(db):
    library_seed()
    today = timezone.localdate()
    mine = build(case=open_case(first="Maya", email="maya@example.com"), start=today)
    theirs = build(case=open_case(first="Sam", email="sam@example.com"), start=today)
    return mine, theirs


def ids_to_walk(model) -> list[int]:
    top = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    return list(range(1, min(top, 25) + 3))


@pytest.mark.parametrize("role", [FRONT_DESK, THERAPIST])
def test_walking_every_admin_change_url_opens_only_what_the_role_may_see(
    role, role_client, two_runners
):
    client = role_client(role)
    user = client.get("/admin/").wsgi_request.user
    for model in admin.site._registry:
        meta = model._meta
        may_see = user.has_perm(f"{meta.app_label}.view_{meta.model_name}") or user.has_perm(
            f"{meta.app_label}.change_{meta.model_name}"
        )
        name = f"admin:{meta.app_label}_{meta.model_name}_change"
        for pk in ids_to_walk(model):
            status = client.get(reverse(name, args=[pk])).status_code
            if may_see:
                assert status in (200, 302), (role, name, pk, status)  # 302: no such id
            else:
                assert status == 403, (role, name, pk, status)


@pytest.mark.parametrize("role", [FRONT_DESK, THERAPIST])
def test_walking_the_export_erase_and_builder_urls(role, role_client, two_runners):
    client = role_client(role)
    user = client.get("/admin/").wsgi_request.user
    for name, permission in EXTRA_URLS.items():
        for pk in range(1, 6):
            status = client.get(reverse(name, args=[pk])).status_code
            if user.has_perm(permission) and user.has_perm("intake.view_clinical"):
                assert status in (200, 404), (role, name, pk, status)
            else:
                assert status == 403, (role, name, pk, status)


def test_a_runner_cannot_log_a_session_of_another_runners_plan(client, two_runners):
    client.get(plan_link_from_mail())  # the newest plan e-mail's link: Sam's plan
    mine_id = client.session["plan_id"]
    others = PlanSession.objects.exclude(plan_id=mine_id)
    assert others.exists()
    for session in others:
        response = client.post(
            "/plan/", {"session": session.pk, "outcome": "done", "pain": "1", "note": "x"}
        )
        assert response.status_code == 200
        assert "not in your plan" in response.content.decode()
    assert not SessionLog.objects.exclude(session__plan_id=mine_id).exists()


def test_without_a_link_no_runner_page_shows_anything(client, two_runners):
    for url in ("/plan/", "/plan/print/", "/visit/"):
        assert client.get(url).status_code == 404, url
    for url in ("/intake/result/", "/book/done/", "/book/times/"):
        response = client.get(url)
        assert response.status_code == 302, url
    assert client.post("/plan/calendar/").status_code == 404
