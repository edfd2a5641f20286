"""The plan as an app with no signal, the server's side: the service worker's script and
scope, whose copy a plan page is, a log sent twice recorded once, and signing out clearing
what the phone kept. tests/e2e/test_plan_offline_browser.py drives the real round trip."""

import re
import uuid

import pytest
from django.test import Client

from programs.models import SessionLog
from tests.programs.conftest import PLAN_START, build, open_case
from tests.programs.test_plans import log, open_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


def today_session(plan):
    return plan.sessions.filter(date=PLAN_START, kind="exercise").first()


def test_a_log_sent_twice_with_one_key_is_recorded_once_and_the_retry_changes_nothing(client):
    plan = build()
    open_plan(client, plan)
    session = today_session(plan)
    key = str(uuid.uuid4())
    first = log(client, session, outcome="done", pain="2", note="Easy", client_key=key)
    assert first.status_code == 302
    retry = log(client, session, outcome="done", pain="2", note="Easy", client_key=key)
    assert retry.status_code == 302 and retry.url == first.url  # the same answer: it arrived
    assert SessionLog.objects.filter(client_key=key).count() == 1
    # A late retry of that log after the runner changed it online leaves the change alone.
    log(client, session, outcome="partly", pain="4")
    log(client, session, outcome="done", pain="2", note="Easy", client_key=key)
    saved = SessionLog.objects.get()
    assert (saved.outcome, saved.pain_during, saved.client_key) == ("partly", 4, uuid.UUID(key))


def test_a_key_that_is_not_a_uuid_is_ignored_and_a_key_reused_for_another_session_refused(
    client,
):
    plan = build()
    open_plan(client, plan)
    session = today_session(plan)
    assert log(client, session, outcome="done", pain="1", client_key="x" * 500).status_code == 302
    assert SessionLog.objects.get().client_key is None
    key = str(uuid.uuid4())
    log(client, session, outcome="done", pain="1", client_key=key)
    other = plan.sessions.filter(date=PLAN_START, kind="run").first()
    page = log(client, other, outcome="done", pain="1", client_key=key).content.decode()
    assert "That log was sent already" in page
    assert not SessionLog.objects.filter(session=other).exists()


def test_the_service_worker_is_served_for_the_plan_scope_and_keeps_only_public_files(client):
    response = client.get("/plan/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]  # a new release is picked up at once
    assert "Service-Worker-Allowed" not in response  # its own folder, /plan/, is its scope
    script = response.content.decode()
    assert '"/static/js/timer.js"' in script and '"/static/js/offline.js"' in script
    assert 'const MEDIA_BASE = "/media/"' in script and 'const STATIC_BASE = "/static/"' in script
    assert "/admin/" not in script and "/care/" not in script


def test_the_plan_page_names_its_copy_per_session_and_the_copy_differs_for_another(client):
    plan = build()
    open_plan(client, plan)
    first = client.get("/plan/")["X-Plan-Copy"]
    assert client.get("/plan/?day=2026-06-02")["X-Plan-Copy"] == first
    other = Client()
    open_plan(other, plan)
    assert other.get("/plan/")["X-Plan-Copy"] != first
    theo = Client()
    open_plan(theo, build(open_case("Theo", "theo@example.com")))
    assert theo.get("/plan/")["X-Plan-Copy"] != first
    # Still no-store for the browser's cache: the worker keeps its own copy.
    assert "no-store" in client.get("/plan/")["Cache-Control"]


def test_signing_out_clears_what_the_phone_kept_and_the_plan_answers_404(client):
    open_plan(client, build())
    response = client.post("/care/sign-out/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    # The service worker drops its copy of the plan when the plan answers 404.
    assert client.get("/plan/").status_code == 404


def test_the_manifest_opens_the_plan_installed_and_the_csp_allows_the_worker(client):
    manifest = client.get("/site.webmanifest").json()
    assert (manifest["start_url"], manifest["display"]) == ("/plan/", "standalone")
    assert manifest["theme_color"] and manifest["icons"]
    policy = client.get("/plan/sw.js")["Content-Security-Policy"]
    for directive in ("worker-src 'self'", "manifest-src 'self'", "media-src 'self'"):
        assert directive in policy


def test_the_service_worker_names_the_hashed_files_production_serves(client, settings, tmp_path):
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    response = client.get("/plan/sw.js")
    assert response.status_code == 200
    assert re.search(r'"/static/js/timer\.[0-9a-f]{12}\.js"', response.content.decode())
