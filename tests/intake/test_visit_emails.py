"""Every visit and intake e-mail says what really happened, in a form mail and calendar apps
trust: parsed back with Python's strict e-mail policy and with icalendar."""

import re
from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.core import mail

from clinic.outbox import outbox_dispatch
from intake.booking.services import visit_cancel, visit_reschedule
from tests.intake.steps import BOOKING_NOW, complete_intake
from tests.intake.test_booking import at, book, new_case
from tests.mail import assert_well_formed, calendar_part

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]


def event_of(message):
    part = calendar_part(message)
    calendar = icalendar.Calendar.from_ical(part.get_content())
    return part.get_param("method"), calendar.walk("VEVENT")[0]


def runner_mail(subject_part: str):
    return [m for m in mail.outbox if m.to == ["maya@example.com"] and subject_part in m.subject]


def test_a_move_then_a_cancellation_a_minute_later_each_carry_their_own_event(therapist):
    visit = book(new_case(), therapist, at(10))
    visit_reschedule(visit=visit, therapist=therapist, start=at(14))
    with time_machine.travel(BOOKING_NOW + timedelta(minutes=1), tick=False):
        visit_cancel(visit=visit)
        outbox_dispatch()  # all three rendered after the cancellation, as a slow tick would

    [booked] = runner_mail("is booked")
    [moved] = runner_mail("new time")
    [cancelled] = runner_mail("cancelled")
    method, event = event_of(booked)
    assert (method, event["sequence"], event.decoded("dtstart")) == ("PUBLISH", 0, at(10))
    method, moved_event = event_of(moved)
    assert (method, moved_event["sequence"]) == ("PUBLISH", 1)
    assert moved_event.decoded("dtstart") == at(14) and str(moved_event["status"]) == "CONFIRMED"
    assert "2:00 PM" in moved.body
    method, gone = event_of(cancelled)
    assert (method, gone["sequence"], str(gone["status"])) == ("CANCEL", 2, "CANCELLED")
    assert gone["uid"] == moved_event["uid"] == event["uid"]
    assert_well_formed(mail.outbox)


def test_the_staff_visit_moved_email_gives_the_old_and_the_new_time(therapist):
    visit = book(new_case(), therapist, at(10))
    visit_reschedule(visit=visit, therapist=therapist, start=at(14))
    outbox_dispatch()
    [staff] = [m for m in mail.outbox if m.subject == "A Discovery Visit was moved"]
    assert "moved from Tue, Jun 2 at 10:00 AM to Tue, Jun 2 at 2:00 PM (Eastern time)" in (
        staff.body
    )


def test_the_cancellation_email_offers_to_book_again_from_my_care(client, therapist):
    visit_cancel(visit=book(new_case(), therapist, at(10)))
    outbox_dispatch()
    [cancelled] = runner_mail("cancelled")
    assert "Book again" in cancelled.body
    link = re.search(r"http://testserver(/care/open/\S+/)", cancelled.body).group(1)
    assert client.get(link).url == "/care/"
    assert "Book your free Discovery Visit" in client.get("/care/").content.decode()


def test_the_book_invitation_says_before_your_visit_only_once_a_visit_is_booked(client, therapist):
    contact = {"first_name": "Sam", "last_name": "Okafor", "phone": "919 555 0102"}
    problem = "Outside of the hip hurts on long runs"
    client.post("/book/", {**contact, "email": "sam@example.com", "problem": problem})
    other = someone_else_opens_a_case(contact, problem)
    booked = client.post(
        "/book/confirm/",
        {
            "start": "20260602T1400Z",
            "therapist": "",
            "email": "sam@example.com",
            "phone": "919 555 0102",
        },
    )
    assert booked.url == "/book/done/"
    outbox_dispatch()
    [booked] = [m for m in mail.outbox if m.to == ["sam@example.com"] and "intake" in m.subject]
    [not_booked] = [m for m in mail.outbox if m.to == [other] and "intake" in m.subject]
    assert "Before your visit" in booked.body
    assert "Before your visit" not in not_booked.body
    assert "then you can book your free Discovery Visit" in not_booked.body


def someone_else_opens_a_case(contact, problem) -> str:
    from django.test import Client

    Client().post("/book/", {**contact, "email": "lee@example.com", "problem": problem})
    return "lee@example.com"


def test_every_intake_and_visit_email_is_well_formed(client, therapist):
    complete_intake(client, {4: {"fever_or_unwell": "yes"}})  # urgent: a staff alert too
    client.post("/care/lost-link/", {"email": "maya@example.com"})
    visit = book(new_case(email="ana@example.com"), therapist, at(10))
    visit_reschedule(visit=visit, therapist=therapist, start=at(11))
    visit_cancel(visit=visit)
    book(new_case(email="lee@example.com"), therapist, at(12, day=3))
    with time_machine.travel(at(12, day=2), tick=False):  # the reminder is due
        outbox_dispatch()
    subjects = {m.subject for m in mail.outbox}
    for expected in (
        "Your intake form: continue where you left off",
        "A new intake needs a call today",
        "Your link to My care",
        "Your free Discovery Visit is booked",
        "Your Discovery Visit has a new time",
        "Your Discovery Visit is cancelled",
        "Reminder: your Discovery Visit tomorrow",
        "A Discovery Visit was moved",
    ):
        assert expected in subjects, subjects
    assert_well_formed(mail.outbox)
