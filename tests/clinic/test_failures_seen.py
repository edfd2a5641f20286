"""E-mail that stops getting out is loud: a banner on every admin page, the case whose staff
alert failed marked "alert not delivered" in the queue, and /healthz answering 503 with
"outbox": "failing" so the clinic's monitor pages someone. Failures come from a real SMTP
connection to a closed port on loopback."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from clinic.health import tick_record
from clinic.models import OutboundEmail
from clinic.outbox import email_enqueue, outbox_dispatch
from intake.demo import demo_answers
from intake.services import case_open
from tests.deploy.stack import free_port

pytestmark = pytest.mark.django_db

BANNER = "E-mail is not getting out."
MARK = '<span class="alert-undelivered">alert not delivered</span>'


def open_case(first_name: str, overrides=None):
    return case_open(
        contact={
            "first_name": first_name,
            "last_name": "Runner",
            "email": f"{first_name.lower()}@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers(overrides or {}),
    )


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    settings.OUTBOX_MAX_ATTEMPTS = 1  # fail at the first refusal instead of after 31 minutes


def queue_rows(admin_client) -> dict[int, str]:
    """The queue's table rows by case id."""
    page = admin_client.get("/admin/intake/case/").content.decode()
    rows = {}
    for row in page.split("<tr")[1:]:
        match = re.search(r'href="/admin/intake/case/(\d+)/change/', row)
        if match:
            rows[int(match[1])] = row
    return rows


def healthz(client) -> tuple[int, dict]:
    tick_record()
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


def test_a_failed_staff_alert_shows_on_every_admin_page_the_queue_and_healthz(
    admin_client, client, smtp_down
):
    emergency = open_case("Emergency", {"saddle_numbness": True})
    routine = open_case("Routine")
    outbox_dispatch()
    alert = OutboundEmail.objects.get(kind="staff_case_alert", object_id=emergency.pk)
    assert alert.status == OutboundEmail.Status.FAILED

    for url in ("/admin/", "/admin/intake/case/", "/admin/programs/plan/", "/admin/auth/user/"):
        assert BANNER in admin_client.get(url).content.decode(), url

    rows = queue_rows(admin_client)
    assert MARK in rows[emergency.pk]
    assert MARK not in rows[routine.pk]  # its runner's e-mail failed too, but no staff alert

    status, body = healthz(client)
    assert status == 503
    assert body["status"] == "failing"
    assert body["checks"]["outbox"] == "failing"


def test_an_overdue_runner_email_turns_the_banner_and_healthz_on(admin_client, client, settings):
    email_enqueue(kind="intake_received", object_id=1, to="ann@example.com", key="overdue-1")
    late = timezone.now() - timedelta(minutes=settings.OUTBOX_OVERDUE_MINUTES + 1)
    OutboundEmail.objects.filter(idempotency_key="overdue-1").update(due_at=late)
    assert BANNER in admin_client.get("/admin/").content.decode()
    assert healthz(client)[1]["checks"]["outbox"] == "failing"


def test_an_email_due_a_minute_ago_or_waiting_to_retry_is_no_alarm(admin_client, client):
    email_enqueue(kind="intake_received", object_id=1, to="ann@example.com", key="fresh")
    OutboundEmail.objects.filter(idempotency_key="fresh").update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    email_enqueue(
        kind="intake_received",
        object_id=2,
        to="bo@example.com",
        key="retrying",
        due_at=timezone.now() + timedelta(minutes=4),
    )
    OutboundEmail.objects.filter(idempotency_key="retrying").update(attempts=3)
    assert BANNER not in admin_client.get("/admin/").content.decode()
    status, body = healthz(client)
    assert (status, body["checks"]["outbox"]) == (200, "ok")


def test_marking_the_failed_alert_dealt_with_turns_everything_off(admin_client, client, smtp_down):
    emergency = open_case("Emergency", {"saddle_numbness": True})
    outbox_dispatch()
    failed = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED)
    assert failed.exists()
    response = admin_client.post(
        "/admin/clinic/outboundemail/",
        {"action": "mark_not_needed", "_selected_action": [e.pk for e in failed]},
        follow=True,
    )
    assert "marked no longer needed" in response.content.decode()
    assert BANNER not in response.content.decode()
    assert MARK not in queue_rows(admin_client)[emergency.pk]
    assert healthz(client)[0] == 200


def test_the_banner_is_not_shown_before_login(client, smtp_down):
    open_case("Emergency", {"saddle_numbness": True})
    outbox_dispatch()
    assert BANNER not in client.get("/admin/login/").content.decode()


def test_a_failure_after_a_quiet_page_reaches_the_banner_within_thirty_seconds(
    admin_client, settings, time_machine
):
    """The banner's "all is well" is kept per process for 30 s (one query fewer on every
    staff page); a failure is never kept, so dealing with it turns the banner off at once."""
    time_machine.move_to(timezone.now(), tick=False)
    assert BANNER not in admin_client.get("/admin/").content.decode()
    email_enqueue(kind="intake_received", object_id=1, to="ann@example.com", key="late-1")
    late = timezone.now() - timedelta(minutes=settings.OUTBOX_OVERDUE_MINUTES + 1)
    OutboundEmail.objects.filter(idempotency_key="late-1").update(due_at=late)
    time_machine.shift(timedelta(seconds=31))
    assert BANNER in admin_client.get("/admin/").content.decode()
    OutboundEmail.objects.filter(idempotency_key="late-1").update(status=OutboundEmail.Status.SENT)
    assert BANNER not in admin_client.get("/admin/").content.decode()
