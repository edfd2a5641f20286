"""Every staff view and change of a runner's case, answers, plan or logs is recorded: who,
what, when, from where; append-only; browsable by clinic admins only."""

import pytest
from django.db import DatabaseError, connection, transaction

from clinic.models import AuditEvent
from clinic.roles import CLINIC_ADMIN, FRONT_DESK, THERAPIST
from tests.admin_forms import change_form_data
from tests.security.conftest import NOTE

pytestmark = pytest.mark.django_db


def events(**filters):
    return list(
        AuditEvent.objects.filter(**filters).values_list(
            "username", "action", "object_type", "object_id"
        )
    )


def test_opening_a_case_records_who_what_when_and_from_where(role_client, clinical):
    case, _ = clinical
    pt = role_client(THERAPIST, "pt")
    pt.get(f"/admin/intake/case/{case.pk}/change/", REMOTE_ADDR="10.20.30.40")
    event = AuditEvent.objects.get(action="view")
    assert (event.username, event.object_type, event.object_id) == (
        "pt",
        "intake.case",
        str(case.pk),
    )
    assert event.ip == "10.20.30.40" and event.at is not None


def test_the_queue_the_runner_page_and_the_plan_page_are_recorded(role_client, clinical):
    case, plan = clinical
    pt = role_client(THERAPIST, "pt")
    pt.get("/admin/intake/case/?status__exact=new")
    pt.get(f"/admin/intake/runner/{case.runner_id}/change/")
    pt.get(f"/admin/programs/plan/{plan.pk}/change/")
    pt.get(f"/admin/programs/plan/build/{case.pk}/")
    assert events() == [
        ("pt", "view", "intake.case", str(case.pk)),
        ("pt", "view", "programs.plan", str(plan.pk)),
        ("pt", "view", "intake.runner", str(case.runner_id)),
        ("pt", "list", "intake.case", ""),
    ]


def test_a_change_records_the_fields_never_their_values(role_client, clinical):
    case, _ = clinical
    pt = role_client(THERAPIST, "pt")
    url = f"/admin/intake/case/{case.pk}/change/"
    data = {**change_form_data(pt.get(url)), "notes": "a new private note"}
    assert pt.post(url, data).status_code == 302
    change = AuditEvent.objects.get(action="change")
    assert change.object_id == str(case.pk) and "notes" in change.detail
    assert "private" not in change.detail and NOTE not in change.detail


def test_list_actions_record_each_case(role_client, clinical):
    case, _ = clinical
    desk = role_client(FRONT_DESK, "desk")
    desk.post("/admin/intake/case/", {"action": "mark_contacted", "_selected_action": [case.pk]})
    assert events(action="action") == [("desk", "action", "intake.case", str(case.pk))]
    assert AuditEvent.objects.get(action="action").detail == "mark_contacted"


def test_plan_changes_and_a_new_plan_are_recorded(role_client, clinical):
    case, plan = clinical
    pt = role_client(THERAPIST, "pt")
    pt.post("/admin/programs/plan/", {"action": "pause", "_selected_action": [plan.pk]})
    url = f"/admin/programs/plan/{plan.pk}/change/"
    data = {**change_form_data(pt.get(url)), "note_to_runner": "Easy this week"}
    assert pt.post(url, data).status_code == 302
    assert ("pt", "action", "programs.plan", str(plan.pk)) in events()
    assert ("pt", "change", "programs.plan", str(plan.pk)) in events()


def test_the_trail_is_append_only_in_the_code(clinical, rf):
    from django.contrib.auth.models import AnonymousUser

    from clinic.audit import audit_record

    request = rf.get("/")
    request.user = AnonymousUser()
    audit_record(request, "view", obj=clinical[0])
    event = AuditEvent.objects.get()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(detail="rewritten")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


@pytest.mark.postgresql
def test_on_postgresql_the_database_refuses_to_rewrite_the_trail(clinical, rf):
    from django.contrib.auth.models import AnonymousUser

    from clinic.audit import audit_record

    request = rf.get("/")
    request.user = AnonymousUser()
    audit_record(request, "view", obj=clinical[0])
    for sql in ("UPDATE clinic_auditevent SET detail = 'x'", "DELETE FROM clinic_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == 1


def test_only_clinic_admins_browse_the_trail_and_nobody_edits_it(role_client, admin_client):
    role_client(THERAPIST).get("/admin/intake/case/")
    boss = role_client(CLINIC_ADMIN)
    page = boss.get("/admin/clinic/auditevent/")
    assert page.status_code == 200 and "intake.case" in page.content.decode()
    event = AuditEvent.objects.filter(object_type="intake.case").first()
    for client in (boss, admin_client):  # not even a superuser
        assert client.get("/admin/clinic/auditevent/add/").status_code == 403
        assert client.post(f"/admin/clinic/auditevent/{event.pk}/change/", {}).status_code == 403
        assert client.get(f"/admin/clinic/auditevent/{event.pk}/delete/").status_code == 403
    assert role_client(THERAPIST).get("/admin/clinic/auditevent/").status_code == 403
    assert role_client(FRONT_DESK).get("/admin/clinic/auditevent/").status_code == 403


def test_a_forwarded_address_is_believed_only_behind_a_trusted_proxy(
    role_client, clinical, settings
):
    case, _ = clinical
    pt = role_client(THERAPIST)
    url = f"/admin/intake/case/{case.pk}/change/"
    pt.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    settings.TRUSTED_PROXY_COUNT = 1
    pt.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert list(AuditEvent.objects.order_by("pk").values_list("ip", flat=True)) == [
        "10.0.0.1",
        "203.0.113.9",
    ]


def test_the_queue_writes_one_event_whatever_it_lists(admin_client, clinical):
    from tests.programs.conftest import open_case

    for number in range(5):
        open_case(first=f"Runner{number}", email=f"r{number}@example.com")
    admin_client.get("/admin/intake/case/")
    assert AuditEvent.objects.filter(action="list").count() == 1
