import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from clinic.models import OutboundEmail
from clinic.outbox import RenderedEmail, email_enqueue, outbox_dispatch, renderer_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def test_renderer():
    renderer_register("test", lambda email: RenderedEmail("Hello", f"Body {email.object_id}"))


def enqueue(key="k1", **kwargs):
    return email_enqueue(kind="test", object_id=7, to="a@example.com", key=key, **kwargs)


def test_a_due_email_is_sent_once_with_its_own_message_id_at_the_portals_host():
    email = enqueue(key="staff-visit_booked-1-0-frontdesk@example.com:x")
    assert outbox_dispatch() == 1
    assert outbox_dispatch() == 0
    assert len(mail.outbox) == 1
    message_id = mail.outbox[0].extra_headers["Message-ID"]
    assert message_id == email.message_id  # the same on a re-send
    left, right = message_id.strip("<>").split("@")  # one @: the key's own @ is not in it
    assert right == "testserver" and ":" not in left
    assert enqueue(key="k2").message_id != message_id
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


def test_enqueueing_the_same_key_twice_keeps_one_row():
    enqueue()
    enqueue()
    assert OutboundEmail.objects.count() == 1


def test_an_email_due_later_waits_for_its_time():
    enqueue(due_at=timezone.now() + timedelta(hours=1))
    assert outbox_dispatch() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        assert outbox_dispatch() == 1


def test_a_failing_send_backs_off_and_is_marked_failed_after_the_cap(settings, monkeypatch):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 60

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP said no")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    email = enqueue()
    start = timezone.now()
    delays = []
    for attempt in range(3):
        with time_machine.travel(start + timedelta(hours=attempt)):
            outbox_dispatch()
            email.refresh_from_db()
            delays.append(round((email.due_at - timezone.now()).total_seconds()))
    assert delays[:2] == [60, 120]  # doubling backoff
    assert email.status == "failed"
    assert email.attempts == 3
    assert "SMTP said no" in email.last_error


def test_a_row_claimed_by_another_worker_is_not_sent_twice():
    email = enqueue()
    OutboundEmail.objects.filter(pk=email.pk).update(status="sending", claimed_at=timezone.now())
    assert outbox_dispatch() == 0
    assert mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_picked_up_again():
    email = enqueue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status="sending", claimed_at=timezone.now() - timedelta(minutes=11)
    )
    assert outbox_dispatch() == 1


def test_more_due_rows_than_a_batch_are_all_sent():
    for number in range(5):
        enqueue(key=f"k{number}")
    assert outbox_dispatch(batch=2) == 5


class Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no `except Exception`
    catches it."""


def test_each_email_is_marked_sent_right_after_its_own_send(monkeypatch):
    for number in range(5):
        enqueue(key=f"k{number}")
    sends = []

    def send_then_die_at_the_fourth(message, fail_silently=False):
        sends.append(message.extra_headers["Message-ID"])
        if len(sends) == 4:
            raise Killed

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send_then_die_at_the_fourth)
    with pytest.raises(Killed):
        outbox_dispatch()
    statuses = list(OutboundEmail.objects.order_by("due_at", "pk").values_list("status", flat=True))
    # Three sent and marked; the fourth was in flight (its one possible duplicate); the
    # fifth never left. Only the last two go out again once the claim is stale.
    assert statuses == ["sent", "sent", "sent", "sending", "sending"]


def test_a_claim_is_stale_after_outbox_stale_claim_seconds(settings):
    settings.OUTBOX_STALE_CLAIM_SECONDS = 5
    email = enqueue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status="sending", claimed_at=timezone.now() - timedelta(seconds=4)
    )
    assert outbox_dispatch() == 0
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        assert outbox_dispatch() == 1


@pytest.mark.parametrize(
    ("due", "dispatchers", "helpers"),
    [(2, 2, 0), (3, 2, 1), (50, 2, 1), (5, 4, 2), (50, 4, 3), (50, 1, 0)],
)
def test_a_tick_starts_one_helper_per_further_batch_up_to_the_dispatchers(
    settings, due, dispatchers, helpers
):
    from clinic.outbox import outbox_helpers_wanted

    settings.OUTBOX_DISPATCHERS = dispatchers
    for number in range(due):
        enqueue(key=f"k{number}")
    enqueue(key="later", due_at=timezone.now() + timedelta(hours=1))  # not due: not counted
    assert outbox_helpers_wanted(batch=2) == helpers


def test_the_tick_task_publishes_its_helpers_and_sends_too(settings, monkeypatch):
    from clinic import outbox, tasks

    settings.OUTBOX_DISPATCHERS = 3
    monkeypatch.setattr(
        tasks, "outbox_helpers_wanted", lambda: outbox.outbox_helpers_wanted(batch=2)
    )
    published = []
    monkeypatch.setattr(tasks.outbox_drain, "apply_async", lambda **kw: published.append(kw))
    for number in range(5):
        enqueue(key=f"k{number}")
    assert tasks.outbox_dispatch() == 5
    assert len(published) == 2
    assert published[0] == {"expires": settings.OUTBOX_TICK_EXPIRES}


def beat_outbox_entry(**env) -> list:
    """The outbox tick's entry in beat's schedule, as a fresh process reads the settings."""
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "e = s.CELERY_BEAT_SCHEDULE['outbox-dispatch-every-minute']; "
        "print(json.dumps([e['task'], e['schedule'], e['options']['expires']]))"
    )
    environ = {k: v for k, v in os.environ.items() if k != "OUTBOX_TICK_SECONDS"}
    environ |= {"DJANGO_SETTINGS_MODULE": "clinic.settings", **env}
    done = subprocess.run(  # noqa: S603 - our interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=environ,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_beat_ticks_the_outbox_every_minute_unless_told_otherwise():
    """A minute in production; the tests that run the real stack (make serve, the
    reliability tests) shorten it with OUTBOX_TICK_SECONDS so they need not wait a minute."""
    assert beat_outbox_entry() == ["clinic.tasks.outbox_dispatch", 60.0, 55]
    assert beat_outbox_entry(OUTBOX_TICK_SECONDS="5") == ["clinic.tasks.outbox_dispatch", 5.0, 4.5]


@pytest.mark.postgresql  # SKIP LOCKED; SQLite serializes claims in its write transaction
@pytest.mark.django_db(transaction=True)
def test_dispatchers_claiming_at_once_take_different_rows():
    import threading

    from django.db import connection, transaction

    from clinic.outbox import _claim_batch

    for number in range(4):
        enqueue(key=f"k{number}")
    oldest = list(OutboundEmail.objects.order_by("due_at", "pk").values_list("pk", flat=True))
    locked, release = threading.Event(), threading.Event()

    def another_dispatcher_mid_claim():
        try:
            with transaction.atomic():
                list(OutboundEmail.objects.select_for_update().filter(pk__in=oldest[:2]))
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    other = threading.Thread(target=another_dispatcher_mid_claim)
    other.start()
    try:
        assert locked.wait(10)
        claimed, found = _claim_batch(2)
    finally:
        release.set()
        other.join()
    # Not the two oldest (another claim holds them), and a full batch found: go on.
    assert sorted(email.pk for email in claimed) == oldest[2:]
    assert found == 2
