"""Every kind of e-mail the portal sends, each sent once, read back as a mail app would: the
strict e-mail policy, Message-IDs and calendar UIDs at the portal's host, calendar parts
parsed with icalendar (tests/mail.py). A kind added later fails here until it is sent too."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch, renderer_kinds
from intake.booking.services import visit_cancel, visit_reschedule
from programs.checkins.answers import checkin_answer
from programs.models import CheckIn
from programs.services import plan_checkins_pause
from tests.intake.steps import BOOKING_NOW, complete_intake
from tests.intake.test_booking import at, book, new_case
from tests.mail import assert_well_formed
from tests.programs.conftest import build
from tests.programs.test_checkins import WEEKLY_FINE

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("library")
def test_every_email_kind_is_well_formed(client, therapist):
    with time_machine.travel(BOOKING_NOW, tick=False):
        complete_intake(client, {4: {"fever_or_unwell": "yes"}})  # urgent: a staff alert too
        client.post("/care/lost-link/", {"email": "maya@example.com"})
        Client().post(  # another runner, booking without an intake: the invitation
            "/book/",
            {
                "first_name": "Sam",
                "last_name": "Okafor",
                "email": "sam@example.com",
                "phone": "919 555 0102",
                "problem": "Outside of the hip hurts on long runs",
            },
        )
        visit = book(new_case(email="ana@example.com"), therapist, at(10))
        visit_reschedule(visit=visit, therapist=therapist, start=at(11))
        visit_cancel(visit=visit)
        book(new_case(email="lee@example.com"), therapist, at(12, day=3))
        plan = build()
        outbox_dispatch()
    weekly = CheckIn.objects.filter(plan=plan, kind="weekly").order_by("due_at").first()
    with time_machine.travel(weekly.due_at + timedelta(minutes=1), tick=False):
        outbox_dispatch()  # the check-ins due by then, and the visit's reminder
        warning = {**WEEKLY_FINE, "new_warning_signs": ["night_sweats"]}  # a staff alert
        checkin_answer(checkin=weekly, answers=warning, today=weekly.due_at.date())
        plan_checkins_pause(plan=plan)
        outbox_dispatch()
    sent = set(OutboundEmail.objects.filter(status="sent").values_list("kind", flat=True))
    assert sent == set(renderer_kinds()) - {"test"}, set(renderer_kinds()) - sent
    assert_well_formed(mail.outbox)
