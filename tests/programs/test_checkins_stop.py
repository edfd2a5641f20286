"""A plan's check-in e-mails say how to stop them, and carry List-Unsubscribe (RFC 8058):
one POST to that address stops them for the plan and tells staff."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from programs.models import CheckIn
from tests.mail import assert_well_formed, parsed
from tests.programs.conftest import build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


def first_checkin_email(plan):
    first = CheckIn.objects.filter(plan=plan).order_by("due_at").first()
    with time_machine.travel(first.due_at + timedelta(minutes=1), tick=False):
        outbox_dispatch()
    return next(m for m in mail.outbox if "/checkin/" in m.body)


def test_a_plans_check_in_email_carries_list_unsubscribe_and_says_how_to_stop(client):
    plan = build()
    message = parsed(first_checkin_email(plan))
    url = re.fullmatch(
        r"<http://testserver(/checkins/stop/\S+/)>", message["List-Unsubscribe"].strip()
    )
    assert url, message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Rather not get these check-ins?" in message.get_body().get_content()
    assert_well_formed(mail.outbox)

    asked = client.get(url.group(1))  # a person, or a mail scanner: nothing stops yet
    assert "Stop your check-in e-mails?" in asked.content.decode()
    plan.refresh_from_db()
    assert plan.checkins_paused_at is None

    # The mail app's one-click POST: no cookie, no CSRF token.
    stopped = Client(enforce_csrf_checks=True).post(
        url.group(1), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert stopped.status_code == 200 and "are stopped" in stopped.content.decode()
    plan.refresh_from_db()
    assert plan.checkins_paused_at is not None
    assert not CheckIn.objects.filter(plan=plan, status="scheduled").exists()
    assert OutboundEmail.objects.filter(kind="staff_checkins_paused").count() == 1
    sent = len(mail.outbox)
    with time_machine.travel(plan.end_date.isoformat() + " 23:00:00+00:00", tick=False):
        outbox_dispatch()
    later = mail.outbox[sent:]
    assert [m.subject for m in later] == ["A runner stopped their check-in e-mails"]


def test_the_booking_nudge_has_no_list_unsubscribe(client):
    from tests.programs.conftest import open_case

    open_case()
    from programs.checkins.services import checkins_derive_for_cases

    checkins_derive_for_cases()
    nudge = CheckIn.objects.get(kind="nudge_booking")
    with time_machine.travel(nudge.due_at + timedelta(minutes=1), tick=False):
        outbox_dispatch()
    message = next(m for m in mail.outbox if "/checkin/" in m.body)
    assert "List-Unsubscribe" not in parsed(message)
