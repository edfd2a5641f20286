"""A runner who books from /book/ first and then finishes the intake with emergency answers
loses the visit: emergency advice, never a clinic booking. The runner is told on the result
page, the staff alert names the visit, and a clinician who books visits (a clinic admin:
therapists do not book) can rebook it; the front desk cannot."""

import pytest
from django.core import mail

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from intake.models import Case, Visit
from tests.intake.steps import complete_intake

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]

SLOT = "20260602T1400Z"  # Tuesday 2 June, 10:00 in New York
EMERGENCY = {4: {"saddle_numbness": "yes", "bladder_bowel_change": "yes"}}
VISITS_URL = "/admin/intake/visit/"


def book_then_intake(client, answers):
    client.post(
        "/book/",
        {
            "first_name": "Sam",
            "last_name": "Okafor",
            "email": "sam@example.com",
            "phone": "919 555 0102",
            "problem": "Hip pain",
        },
    )
    response = client.post(
        f"/book/confirm/?start={SLOT}", {"email": "sam@example.com", "phone": "919 555 0102"}
    )
    assert response.url == "/book/done/"
    outbox_dispatch()
    invite = next(m for m in mail.outbox if "/intake/invite/" in m.body)
    url = next(word for word in invite.body.split() if "/intake/invite/" in word)
    client.get(url.removeprefix("http://testserver"))
    complete_intake(
        client,
        {1: {"first_name": "Sam", "last_name": "Okafor", "email": "sam@example.com"}, **answers},
    )
    return client.get("/intake/result/").content.decode()


def test_an_emergency_intake_cancels_the_visit_booked_before_it(client, therapist):
    page = book_then_intake(client, EMERGENCY)
    visit = Visit.objects.get()
    assert visit.status == "cancelled" and visit.cancelled_at is not None
    assert (
        "We have cancelled your Discovery Visit on Tuesday, June 2 at 10:00 AM (Eastern time)"
        in page
    )
    assert "Book your free Discovery Visit" not in page
    case = Case.objects.get()
    assert case.triage_level == "emergency" and case.status == "new"
    # No reminder the day before; the time is free again for others.
    reminder = OutboundEmail.objects.get(kind="visit_reminder")
    assert reminder.status == "cancelled"
    mail.outbox.clear()
    outbox_dispatch()
    [alert] = [m for m in mail.outbox if m.subject == "A new intake needs a call today"]
    assert "Discovery Visit they had booked online for Tuesday, June 2 at 10:00 AM" in alert.body
    assert "Alex Rivera, PT" in alert.body and "Rebook it in Intake > Visits" in alert.body
    assert "saddle" not in alert.body.lower() and "numb" not in alert.body.lower()


def test_a_routine_intake_keeps_the_visit_and_says_nothing_of_cancelling(client, therapist):
    page = book_then_intake(client, {})
    assert Visit.objects.get().status == "booked"
    assert "cancelled" not in page


def test_a_clinic_admin_can_rebook_the_emergency_case_and_the_front_desk_cannot(
    client, therapist, role_client
):
    book_then_intake(client, EMERGENCY)
    case = Case.objects.get()
    booking = {
        "case": case.pk,
        "therapist": therapist.pk,
        "start_0": "2026-06-03",
        "start_1": "10:00",
        "mode": "in_clinic",
    }
    desk = role_client("Front desk").post(f"{VISITS_URL}add/", booking)
    assert "emergency" in desk.content.decode()
    assert case.visits.filter(status="booked").count() == 0
    response = role_client("Clinic admin").post(f"{VISITS_URL}add/", booking)
    assert response.status_code == 302
    assert case.visits.filter(status="booked").count() == 1
