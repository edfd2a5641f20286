"""Each role sees only what it should: list views, change views, actions and exports.

Front desk: visits, availability, runners' contact details; no answers, reasons, notes,
plans or logs. Therapist: cases, plans and logs; no users or settings. Clinic admin:
everything, plus users, settings and the audit trail."""

import pytest
from django.contrib.auth.models import Group

from clinic.models import Therapist
from clinic.roles import CLINIC_ADMIN, FRONT_DESK, ROLES, THERAPIST
from tests.admin_forms import change_form_data
from tests.security.conftest import LOG_NOTE, NOTE, PLAN_NOTE, STORY
from tests.staff import staff_user

pytestmark = pytest.mark.django_db

CLINICAL_WORDS = (STORY, NOTE, LOG_NOTE, PLAN_NOTE, "Rules that fired", "Answers")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_the_migration_created_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        FRONT_DESK,
        THERAPIST,
        CLINIC_ADMIN,
    }
    assert set(ROLES) == {FRONT_DESK, THERAPIST, CLINIC_ADMIN}


def test_the_front_desk_sees_contact_and_workflow_but_no_clinical_content(role_client, clinical):
    case, plan = clinical
    desk = role_client(FRONT_DESK)
    queue = page(desk, "/admin/intake/case/")
    assert "Maya Lopez" in queue
    assert "main complaint" not in queue.lower()
    # What the desk needs to make the call: the number as a link and whether it is due.
    assert 'href="tel:9195550101"' in queue
    assert "field-call" in queue and "field-waiting" in queue
    case_page = page(desk, f"/admin/intake/case/{case.pk}/change/")
    assert "maya@example.com" in case_page and "919-555-0101" in case_page
    for word in (*CLINICAL_WORDS, "Create plan", "Adherence", "knee scope"):
        assert word not in case_page, word
    assert "Assign to me" not in case_page


def test_the_front_desk_cannot_open_plans_logs_history_or_the_builder(role_client, clinical):
    case, plan = clinical
    desk = role_client(FRONT_DESK)
    for url in (
        "/admin/programs/plan/",
        f"/admin/programs/plan/{plan.pk}/change/",
        f"/admin/programs/plan/build/{case.pk}/",
        f"/admin/intake/case/{case.pk}/history/",
        "/admin/programs/exercise/",
        "/admin/clinic/auditevent/",
        "/admin/auth/user/",
        f"/admin/intake/runner/{case.runner_id}/export/",
        f"/admin/intake/runner/{case.runner_id}/export.json",
        f"/admin/intake/runner/{case.runner_id}/erase/",
    ):
        assert desk.get(url).status_code == 403, url


def test_the_front_desk_has_only_the_call_back_action_and_cannot_write_notes(role_client, clinical):
    case, _ = clinical
    desk = role_client(FRONT_DESK)
    actions = (
        desk.get("/admin/intake/case/")
        .context["cl"]
        .model_admin.get_actions(desk.get("/admin/intake/case/").wsgi_request)
    )
    assert set(actions) == {"mark_contacted"}
    desk.post(
        "/admin/intake/case/",
        {"action": "assign_to_me", "_selected_action": [case.pk]},
    )
    case.refresh_from_db()
    assert case.assigned_therapist is None
    url = f"/admin/intake/case/{case.pk}/change/"
    data = {**change_form_data(desk.get(url)), "status": "contacted"}
    assert "notes" not in data  # the form has no notes field for the front desk
    response = desk.post(url, {**data, "notes": "front desk wrote this"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.notes == NOTE and case.status == "contacted"


def test_the_front_desk_search_matches_contact_details_only(role_client, clinical):
    desk = role_client(FRONT_DESK)
    assert "Maya Lopez" in page(desk, "/admin/intake/case/?q=maya@example.com")
    assert "Maya Lopez" not in page(desk, f"/admin/intake/case/?q={NOTE}")


def test_the_front_desk_runs_the_day_visits_and_availability(role_client):
    user = staff_user("alex")
    therapist = Therapist.objects.create(user=user, display_name="Alex Rivera, PT")
    desk = role_client(FRONT_DESK)
    page(desk, "/admin/intake/visit/")
    page(desk, "/admin/intake/visit/add/")
    page(desk, f"/admin/clinic/therapist/{therapist.pk}/change/")
    page(desk, "/admin/intake/runner/")


def test_a_therapist_sees_the_whole_clinical_picture(role_client, clinical):
    case, plan = clinical
    pt = role_client(THERAPIST)
    case_page = page(pt, f"/admin/intake/case/{case.pk}/change/")
    for word in (NOTE, LOG_NOTE, "Rules that fired", "Create plan", "knee scope"):
        assert word in case_page, word
    assert PLAN_NOTE in page(pt, f"/admin/programs/plan/{plan.pk}/change/")
    page(pt, f"/admin/programs/plan/build/{case.pk}/")
    page(pt, f"/admin/intake/case/{case.pk}/history/")
    actions = pt.get("/admin/programs/plan/").context["action_form"].fields["action"].choices
    assert {"pause", "resume", "end"} <= {name for name, _ in actions}


def test_a_therapist_cannot_manage_users_settings_audit_or_exports(role_client, clinical):
    case, _ = clinical
    pt = role_client(THERAPIST)
    for url in (
        "/admin/auth/user/",
        "/admin/auth/group/",
        "/admin/clinic/auditevent/",
        "/admin/otp_totp/totpdevice/",
        f"/admin/intake/runner/{case.runner_id}/export/",
        f"/admin/intake/runner/{case.runner_id}/erase/",
    ):
        assert pt.get(url).status_code == 403, url
    settings_page = pt.get("/admin/clinic/clinicprofile/1/change/")
    assert settings_page.status_code == 200
    assert pt.post("/admin/clinic/clinicprofile/1/change/", {"name": "X"}).status_code == 403


def test_a_clinic_admin_has_users_settings_audit_and_exports(role_client, clinical):
    case, _ = clinical
    boss = role_client(CLINIC_ADMIN)
    for url in (
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/clinic/clinicprofile/1/change/",
        "/admin/clinic/auditevent/",
        "/admin/axes/accessattempt/",
        "/admin/otp_totp/totpdevice/",
        f"/admin/intake/case/{case.pk}/change/",
        f"/admin/intake/runner/{case.runner_id}/export/",
        f"/admin/intake/runner/{case.runner_id}/erase/",
    ):
        page(boss, url)
    assert STORY in page(boss, f"/admin/intake/runner/{case.runner_id}/export/")


def test_a_new_model_is_one_line_in_the_roles():
    """The roles are data: each entry is a model label and its actions."""
    for grants in ROLES.values():
        for model, actions in grants.items():
            assert model.count(".") == 1 and isinstance(actions, tuple)
