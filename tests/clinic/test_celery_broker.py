"""The beat task through the configured broker (Redis in CI's first pass, the filesystem
broker in the second) and a real Celery worker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from clinic.celery import app
from clinic.models import OutboundEmail
from clinic.outbox import RenderedEmail, email_enqueue, renderer_register
from clinic.tasks import outbox_dispatch

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dispatch_task_sends_due_email_through_a_real_broker_and_worker():
    renderer_register("test", lambda email: RenderedEmail("Hello", "Body"))
    email_enqueue(kind="test", object_id=1, to="a@example.com", key="broker-test")
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        outbox_dispatch.delay()
        # A deadline, not a timing: on a loaded machine the worker can take a while to start.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if OutboundEmail.objects.filter(status="sent").exists():
                break
            time.sleep(0.2)
    assert OutboundEmail.objects.get().status == "sent"
    assert len(mail.outbox) == 1
