"""The mail server failing: refusing for a while (451), refusing for good (550), or accepting
the connection and never answering. Real SMTP servers on loopback; the dispatcher runs here,
with the clock moved to each retry.

What the clinic must see: each failed attempt counted with its error, the next one backed off
by the doubling delay, the e-mail failed after OUTBOX_MAX_ATTEMPTS, and all of it on the
outbound e-mail's admin list and on the check-in's own admin page.
"""

import socket
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from programs.models import CheckIn
from tests.deploy.stack import free_port
from tests.reliability.rows import checkins_due_now

pytestmark = pytest.mark.django_db

BASE = 60  # OUTBOX_RETRY_BASE_SECONDS
EMAILS = 3


class Refusing:
    """Greylists (451 at RCPT) for the first attempts, then rejects the data for good (550)."""

    def __init__(self, temporary_attempts: int):
        self.temporary_attempts = temporary_attempts
        self.rcpts = 0

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        self.rcpts += 1
        if self.rcpts <= self.temporary_attempts * EMAILS:
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        return "550 5.7.1 Message rejected as spam"


@contextmanager
def smtp_server(handler):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@contextmanager
def silent_server():
    """Accepts connections (the kernel does, into the backlog) and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    settings.OUTBOX_RETRY_BASE_SECONDS = BASE
    return settings


def rows() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(kind="checkin").order_by("pk"))


def attempt_when_due(start):
    """Move the clock to the moment the e-mails are due again (not before `start`), dispatch;
    the rows after, and the moved clock's time."""
    due = max(email.due_at for email in rows())
    with time_machine.travel(max(due, start) + timedelta(seconds=1)):
        outbox_dispatch()
        return [*rows()], timezone.now()


def test_a_refusing_server_gets_backed_off_attempts_then_the_email_fails(
    smtp_settings, admin_client
):
    smtp_settings.OUTBOX_MAX_ATTEMPTS = 4
    checkins_due_now(EMAILS, prefix="refused")
    handler = Refusing(temporary_attempts=2)
    history = []
    with smtp_server(handler) as port:
        smtp_settings.EMAIL_PORT = port
        now = timezone.now()
        for _ in range(4):
            emails, now = attempt_when_due(now)
            history.append(emails)

    # Each attempt: counted, its error kept, the next one due after the doubling delay.
    for number, emails in enumerate(history[:3], start=1):
        for email in emails:
            assert (email.status, email.attempts) == ("pending", number)
    delays = [round((h[0].due_at - h[0].claimed_at).total_seconds()) for h in history[:3]]
    assert delays == [BASE, 2 * BASE, 4 * BASE]
    assert "451" in history[0][0].last_error and "Greylisted" in history[0][0].last_error
    assert "550" in history[2][0].last_error and "rejected" in history[2][0].last_error
    # After the cap: failed.
    assert [(e.status, e.attempts) for e in history[3]] == [("failed", 4)] * EMAILS
    assert handler.rcpts == 4 * EMAILS  # every attempt reached the server

    listing = admin_client.get("/admin/clinic/outboundemail/?status__exact=failed").content
    listing = listing.decode()
    assert listing.count("SMTPDataError: (550") == EMAILS
    checkin = CheckIn.objects.get(pk=history[3][0].object_id)
    page = admin_client.get(f"/admin/programs/checkin/{checkin.pk}/change/").content.decode()
    assert "failed (4 of 4 attempts)" in page
    assert "last error: SMTPDataError: (550" in page


def test_a_server_that_never_answers_costs_one_timeout_per_batch_then_the_email_fails(
    smtp_settings, admin_client
):
    smtp_settings.OUTBOX_MAX_ATTEMPTS = 2
    checkins_due_now(EMAILS, prefix="silent")
    with silent_server() as port:
        smtp_settings.EMAIL_PORT = port
        started = time.monotonic()
        first, now = attempt_when_due(timezone.now())
        waited = time.monotonic() - started
        second, _ = attempt_when_due(now)

    # One connection per batch: the dead server is waited for once, not once per e-mail.
    assert 1 <= waited < 2 * smtp_settings.EMAIL_TIMEOUT + 1
    assert [(e.status, e.attempts) for e in first] == [("pending", 1)] * EMAILS
    assert all("timed out" in e.last_error for e in first), first[0].last_error
    # Backed off from the moment the attempt failed, the time-out after the claim.
    backoff = (first[0].due_at - first[0].claimed_at).total_seconds()
    assert BASE <= backoff < BASE + waited + 1
    assert [(e.status, e.attempts) for e in second] == [("failed", 2)] * EMAILS

    checkin = CheckIn.objects.get(pk=second[0].object_id)
    page = admin_client.get(f"/admin/programs/checkin/{checkin.pk}/change/").content.decode()
    assert "failed (2 of 2 attempts)" in page and "timed out" in page
