"""Privacy: consent stored with its version and time; a clinic admin exports everything
about one runner (JSON and a readable page) and erases a runner, keeping de-identified rows
for counts; abandoned drafts go after 30 days."""

import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from clinic.models import AuditEvent, ClinicProfile, OutboundEmail, PrivateLink
from clinic.outbox import outbox_dispatch
from clinic.roles import CLINIC_ADMIN
from intake.models import Case, IntakeDraft, Runner
from intake.services import drafts_purge_abandoned
from programs.models import Plan, SessionLog
from tests.admin_forms import change_form_data
from tests.intake.steps import complete_intake
from tests.security.conftest import LOG_NOTE, NOTE, PLAN_NOTE, STORY

pytestmark = pytest.mark.django_db


def test_consent_is_stored_with_the_texts_version_and_the_time(client):
    profile = ClinicProfile.load()
    profile.consent_version = "2027-01"
    profile.save()
    before = timezone.now()
    complete_intake(client)
    case = Case.objects.get()
    assert case.consent_version == "2027-01"
    assert before <= case.consent_at <= timezone.now()


def test_the_json_export_holds_everything_about_the_runner(role_client, clinical):
    case, plan = clinical
    outbox_dispatch()  # links are made when their e-mail is sent
    boss = role_client(CLINIC_ADMIN, "boss")
    response = boss.get(f"/admin/intake/runner/{case.runner_id}/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["runner"]["email"] == "maya@example.com"
    (exported_case,) = data["cases"]
    assert exported_case["answers"]["pain_story"] == STORY
    assert exported_case["notes"] == NOTE and exported_case["consent_version"]
    (exported_plan,) = data["plans"]
    assert exported_plan["note_to_runner"] == PLAN_NOTE
    logged = [s["logged"] for s in exported_plan["sessions"] if s["logged"]]
    assert logged[0]["note"] == LOG_NOTE
    assert {e["kind"] for e in data["emails_sent"]} >= {"intake_received", "plan_issued"}
    assert any(link["purpose"].startswith("Open an exercise") for link in data["private_links"])
    assert ("boss", "export") in AuditEvent.objects.values_list("username", "action")


def test_the_readable_export_page_shows_it_in_words(role_client, clinical):
    case, _ = clinical
    boss = role_client(CLINIC_ADMIN)
    page = boss.get(f"/admin/intake/runner/{case.runner_id}/export/").content.decode()
    for shown in ("Maya", "maya@example.com", STORY, NOTE, LOG_NOTE, "Consent", "Answers"):
        assert shown in page, shown
    assert (
        "Export (page)"
        in boss.get(f"/admin/intake/runner/{case.runner_id}/change/").content.decode()
    )


def test_erasing_a_runner_removes_every_personal_detail_but_keeps_the_counts(role_client, clinical):
    case, plan = clinical
    outbox_dispatch()
    from clinic.links import link_issue

    link_issue(purpose=PrivateLink.Purpose.CARE, object_id=case.pk, ttl=timedelta(days=1))
    link_issue(purpose=PrivateLink.Purpose.CHECKINS_STOP, object_id=plan.pk, ttl=timedelta(days=1))
    runner_id = case.runner_id
    boss = role_client(CLINIC_ADMIN, "boss")
    url = f"/admin/intake/case/{case.pk}/change/"
    boss.post(url, {**change_form_data(boss.get(url)), "status": "contacted"})
    assert LogEntry.objects.filter(object_repr__icontains="Maya").exists()  # the admin's log
    confirm = boss.get(f"/admin/intake/runner/{runner_id}/erase/")
    assert confirm.status_code == 200 and "Erase this runner" in confirm.content.decode()
    response = boss.post(f"/admin/intake/runner/{runner_id}/erase/", {"confirm": "erase"})
    assert response.status_code == 302

    runner = Runner.objects.get(pk=runner_id)
    assert runner.erased_at is not None
    assert "Maya" not in str(runner) and "maya" not in runner.email and runner.phone == ""
    case.refresh_from_db()
    assert case.notes == "" and "pain_story" not in case.answers
    assert "surgeries" not in case.answers and "goal_race" not in case.answers
    # de-identified counts survive
    assert case.triage_level == "routine" and case.main_location and case.lefs_total
    assert case.answers["pain_now"] is not None
    plan.refresh_from_db()
    assert plan.note_to_runner == ""
    assert not SessionLog.objects.filter(note=LOG_NOTE).exists()
    assert SessionLog.objects.filter(session__plan=plan).count() == 1
    assert not Case.history.filter(id=case.pk).exists()
    assert not Plan.history.filter(id=plan.pk, note_to_runner=PLAN_NOTE).exists()
    assert not IntakeDraft.objects.filter(email="maya@example.com").exists()
    assert not OutboundEmail.objects.filter(to="maya@example.com").exists()
    assert not OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).exists()
    assert not PrivateLink.objects.filter(revoked_at__isnull=True).exists()
    assert not LogEntry.objects.filter(object_repr__icontains="Maya").exists()
    assert ("boss", "erase") in AuditEvent.objects.values_list("username", "action")
    # nothing personal left in the export either
    export = boss.get(f"/admin/intake/runner/{runner_id}/export.json").content.decode()
    for private in ("Maya", "maya@example.com", "919-555-0101", STORY, NOTE, LOG_NOTE, PLAN_NOTE):
        assert private not in export, private


def test_the_erase_page_needs_a_post_with_confirmation(role_client, clinical):
    case, _ = clinical
    boss = role_client(CLINIC_ADMIN)
    boss.post(f"/admin/intake/runner/{case.runner_id}/erase/", {})
    assert Runner.objects.get(pk=case.runner_id).erased_at is None


def test_abandoned_drafts_are_removed_after_30_days_and_submitted_ones_kept(client):
    complete_intake(client)
    client.get("/intake/start/")
    client.post("/intake/step/1/", {})
    stale = IntakeDraft.objects.filter(submitted_at__isnull=True).get()
    IntakeDraft.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(days=31))
    assert drafts_purge_abandoned() == 1
    assert IntakeDraft.objects.filter(submitted_at__isnull=False).count() == 1
