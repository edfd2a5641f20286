"""The outbox writes a message's bytes from a per-batch template (clinic/outbox_wire.py)
instead of Django's EmailMessage: the bytes must be Django's own, or the e-mail must go
through Django. Compared byte for byte, and over a real SMTP server (aiosmtpd on loopback)."""

import email
import re
from contextlib import contextmanager
from datetime import timedelta
from email import policy
from email.header import decode_header, make_header
from email.utils import formatdate

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage

from clinic.outbox import outbox_dispatch
from clinic.outbox_wire import Wire
from programs.models import CheckIn
from tests.deploy.stack import free_port
from tests.programs.conftest import PLAN_NOW, build, library  # noqa: F401 - a fixture

DATE = formatdate()
ID = "<20261202042819.77.0123456789abcdef@testserver>"
STOP = "<http://testserver/checkins/stop/" + "Ab-_9" * 9 + "/>"
BODY = "Hello,\n\nYour weekly check-in: http://testserver/c/" + "x" * 43 + "/\n\nThe clinic\n"


def django_bytes(to, subject, body, headers) -> bytes:
    message = EmailMessage(subject=subject, body=body, to=[to], headers=dict(headers))
    return message.message().as_bytes(linesep="\r\n")


def headers(*extra):
    return (("Date", DATE), ("Message-ID", ID), *extra)


UNSUBSCRIBE = (("List-Unsubscribe", STOP), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
WRITTEN = [  # what the portal sends: written from the template, byte for byte Django's
    ("maya@example.com", "Your weekly check-in", BODY, headers()),
    ("maya.l+runs@mail.example.co.uk", "Your weekly check-in", BODY, headers(*UNSUBSCRIBE)),
    ("maya@example.com", "How is it this morning?", BODY.replace("\n", "\r\n"), headers()),
    ("maya@example.com", "Your weekly check-in", "Endurance Unleashed, Zo\u00eb\n", headers()),
    ("a" * 90 + "@example.com", "Your weekly check-in", ".\n..dots\rend", headers()),
    ("maya@example.com", "Votre bilan \u00e9t\u00e9", BODY, headers()),  # the subject: Django's
    ("maya@example.com", "A" * 120, BODY, headers(("X-Long", "x" * 200))),
    ("maya@example.com", "Your weekly check-in", "", headers(("X-Short", "a b; c, d"))),
    ("maya@example.com", "Your weekly check-in", BODY, headers(("X-Long", "a b, " * 30))),
    ("maya@example.com", "Your weekly check-in", BODY, headers(("X-Spaces", " a  b "))),
    ("maya@example.com", "Your weekly check-in", BODY, headers(("List-Unsubscribe", STOP * 2))),
]
LEFT_TO_DJANGO = [  # what only Django writes: the template says None
    ("Maya L <maya@example.com>", "Your weekly check-in", BODY, headers()),
    ("zo\u00eb@example.com", "Your weekly check-in", BODY, headers()),
    ("maya@example.com", "Your weekly check-in", "x" * 999, headers()),
    ("maya@example.com", "Your weekly check-in", BODY, headers(("X-Name", "Zo\u00eb"))),
    ("maya@example.com", "Your weekly check-in", BODY, headers(("X-Bad", "a\r\nBcc: x@y.z"))),
]


@pytest.mark.parametrize(("to", "subject", "body", "extra"), WRITTEN)
def test_the_template_writes_djangos_bytes(to, subject, body, extra):
    wire = Wire()
    for _ in range(2):  # the template made, then used again
        assert wire.wire_bytes(to=to, subject=subject, body=body, headers=extra) == (
            django_bytes(to, subject, body, extra)
        )


@pytest.mark.parametrize(("to", "subject", "body", "extra"), LEFT_TO_DJANGO)
def test_what_the_template_cannot_write_is_left_to_django(to, subject, body, extra):
    assert Wire().wire_bytes(to=to, subject=subject, body=body, headers=extra) is None


def test_a_sender_with_a_name_is_djangos_too(settings):
    settings.DEFAULT_FROM_EMAIL = "Endurance Unleashed PT \u2013 Raleigh <portal@example.com>"
    wire = Wire()
    assert wire.wire_bytes(to="maya@example.com", subject="Hi", body=BODY, headers=headers()) == (
        django_bytes("maya@example.com", "Hi", BODY, headers())
    )
    assert (
        wire.sender == "=?utf-8?q?Endurance_Unleashed_PT_=E2=80=93_Raleigh?= <portal@example.com>"
    )


class Keeping:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append((envelope.mail_from, envelope.rcpt_tos, envelope.original_content))
        return "250 OK"


@contextmanager
def smtp_server(settings):
    handler = Keeping()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler.received
    finally:
        controller.stop()


def unfolded(value: str) -> str:
    return re.sub(r"\r?\n[ \t]+", " ", value).strip()


def rebuilt(data: bytes) -> bytes:
    """The message Django's EmailMessage writes from what a received one says."""
    message = email.message_from_bytes(data)
    own = {"content-type", "mime-version", "content-transfer-encoding", "subject", "from", "to"}
    return django_bytes(
        message["To"],
        str(make_header(decode_header(message["Subject"]))),
        message.get_payload(decode=True).decode(),
        [(name, unfolded(value)) for name, value in message.items() if name.lower() not in own],
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
def test_check_ins_arrive_over_smtp_as_django_would_write_them(settings):
    with time_machine.travel(PLAN_NOW, tick=False):
        plan = build()  # a plan's check-ins: each with its own stop link in List-Unsubscribe
    third = CheckIn.objects.filter(plan=plan).order_by("due_at")[2]
    with (
        time_machine.travel(third.due_at + timedelta(minutes=1), tick=False),
        smtp_server(settings) as received,
    ):
        sent = outbox_dispatch()
    assert sent == len(received) >= 3
    for sender, recipients, data in received:
        assert (sender, recipients) == (settings.DEFAULT_FROM_EMAIL, ["maya@example.com"])
        assert data.rstrip(b"\r\n") == rebuilt(data).rstrip(b"\r\n")
        message = email.message_from_bytes(data, policy=policy.strict)
        assert not message["Message-ID"].defects
    subjects = [email.message_from_bytes(d)["Subject"] for *_, d in received]
    assert subjects.count("How is it this morning?") >= 3  # the plan's first check-ins
    assert any(
        b"List-Unsubscribe: \r\n <http://testserver/checkins/stop/" in d for *_, d in received
    )
