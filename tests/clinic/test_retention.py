"""Tables that grow without bound lose their old rows every night, in batches; what staff or
the audit still need stays."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic.models import AuditEvent, OutboundEmail, PrivateLink
from clinic.retention import delete_in_batches
from clinic.tasks import retention_purge
from intake.models import Case, IntakeDraft
from intake.services import drafts_purge_abandoned
from tests.programs.conftest import open_case

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def email(key: str, status: str, sent_days_ago: float | None) -> OutboundEmail:
    now = timezone.now()
    return OutboundEmail.objects.create(
        idempotency_key=key,
        kind="checkin",
        object_id=1,
        to="maya@example.com",
        status=status,
        due_at=now,
        sent_at=None if sent_days_ago is None else now - sent_days_ago * DAY,
    )


def test_sent_emails_go_after_the_retention_and_unsent_ones_stay():
    days = settings.OUTBOX_RETENTION_DAYS
    email("old-sent", OutboundEmail.Status.SENT, days + 1)
    email("new-sent", OutboundEmail.Status.SENT, days - 1)
    email("old-failed", OutboundEmail.Status.FAILED, None)
    email("pending", OutboundEmail.Status.PENDING, None)
    assert retention_purge()["sent_emails"] == 1
    kept = set(OutboundEmail.objects.values_list("idempotency_key", flat=True))
    assert kept == {"new-sent", "old-failed", "pending"}


def link(key: str, expires_days: float, revoked_days_ago: float | None = None) -> None:
    now = timezone.now()
    PrivateLink.objects.create(
        token_hash=key,
        purpose=PrivateLink.Purpose.PLAN,
        object_id=1,
        expires_at=now + expires_days * DAY,
        revoked_at=None if revoked_days_ago is None else now - revoked_days_ago * DAY,
    )


def test_links_that_died_long_ago_go_and_the_others_stay():
    days = settings.PRIVATE_LINK_RETENTION_DAYS
    link("long-expired", -(days + 1))
    link("just-expired", -1)
    link("long-revoked", 30, revoked_days_ago=days + 1)
    link("live", 30)
    assert retention_purge()["private_links"] == 2
    assert set(PrivateLink.objects.values_list("token_hash", flat=True)) == {"just-expired", "live"}


def test_expired_sessions_and_login_attempts_past_the_cool_off_go():
    live, dead = SessionStore(), SessionStore()
    live.create()
    dead.create()
    Session.objects.filter(pk=dead.session_key).update(expire_date=timezone.now() - DAY)
    old = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    for name, when in (("old", old), ("recent", timezone.now())):
        attempt = AccessAttempt.objects.create(
            username=name, ip_address="127.0.0.1", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
    assert retention_purge() == {
        "sent_emails": 0,
        "private_links": 0,
        "sessions": 1,
        "login_attempts": 1,
    }
    assert list(Session.objects.values_list("pk", flat=True)) == [live.session_key]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]


def test_the_audit_trail_is_never_purged():
    AuditEvent.objects.create(username="x", action="view", object_type="intake.case")
    retention_purge()
    assert AuditEvent.objects.count() == 1


def test_the_purges_run_nightly_from_beat():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "clinic.tasks.retention_purge" in tasks


def test_a_purge_deletes_by_id_range_one_batch_at_a_time():
    for number in range(5):
        email(f"sent-{number}", OutboundEmail.Status.SENT, 1)
    rows = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)
    with CaptureQueriesContext(connection) as captured:
        assert delete_in_batches(rows, batch=2) == 5
    deletes = [q["sql"] for q in captured if q["sql"].startswith("DELETE")]
    assert len(deletes) == 3
    assert all('"id" >= ' in sql and '"id" < ' in sql for sql in deletes)


def abandoned_drafts(count: int) -> None:
    IntakeDraft.objects.bulk_create(IntakeDraft(steps={"1": {"x": "y"}}) for _ in range(count))
    IntakeDraft.objects.update(updated_at=timezone.now() - timedelta(days=31))


def purge_queries() -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        deleted = drafts_purge_abandoned()
    return deleted, len(captured)


def test_the_drafts_purge_is_a_few_statements_whatever_the_number_of_drafts(client):
    abandoned_drafts(3)
    few = purge_queries()
    abandoned_drafts(300)
    many = purge_queries()
    assert (few[0], many[0]) == (3, 300)
    assert few[1] == many[1]


def test_the_drafts_purge_keeps_recent_and_submitted_drafts_and_unlinks_cases():
    case = open_case()
    stale = IntakeDraft.objects.create(steps={})
    recent = IntakeDraft.objects.create(steps={})
    submitted = IntakeDraft.objects.create(steps={}, submitted_at=timezone.now())
    Case.objects.filter(pk=case.pk).update(draft=stale)
    IntakeDraft.objects.filter(pk__in=[stale.pk, submitted.pk]).update(
        updated_at=timezone.now() - timedelta(days=31)
    )
    assert drafts_purge_abandoned() == 1
    assert set(IntakeDraft.objects.values_list("pk", flat=True)) == {recent.pk, submitted.pk}
    assert Case.objects.get(pk=case.pk).draft_id is None
