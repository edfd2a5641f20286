from datetime import UTC, datetime

import pytest
import time_machine

from intake.booking.selectors import default_visit_type
from intake.booking.services import visit_book
from intake.demo import demo_answers
from intake.models import Case, Visit, VisitType
from intake.services import case_open

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]
VISITS_URL = "/admin/intake/visit/"


def booked(therapist, name, day, hour, level_answers=None):
    case = case_open(
        contact={
            "first_name": name,
            "last_name": "Runner",
            "email": f"{name}@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers(level_answers or {}),
    )
    start = datetime(2026, 6, day, hour + 4, tzinfo=UTC)
    return visit_book(case=case, therapist=therapist, start=start, visit_type=default_visit_type())


def test_the_day_list_shows_upcoming_visits_today_first_with_level_and_therapist(
    admin_client, therapist
):
    booked(therapist, "Later", 3, 9)
    booked(therapist, "Today", 1, 15, {"fever_or_unwell": True})
    booked(therapist, "Tomorrow", 2, 9)
    response = admin_client.get(VISITS_URL)
    names = [visit.case.runner.first_name for visit in response.context["cl"].result_list]
    assert names == ["Today", "Tomorrow", "Later"]
    page = response.content.decode()
    assert "triage-urgent" in page and "Alex Rivera, PT" in page
    assert "Mon Jun 01, 03:00 PM" in page  # clinic time
    today = admin_client.get(f"{VISITS_URL}?when=today").context["cl"].result_list
    assert [visit.case.runner.first_name for visit in today] == ["Today"]


def test_marking_attended_moves_the_case_on_and_no_show_is_recorded(admin_client, therapist):
    came = booked(therapist, "Came", 1, 11)
    missed = booked(therapist, "Missed", 1, 12)
    with time_machine.travel(datetime(2026, 6, 1, 17, 0, tzinfo=UTC), tick=False):  # 13:00
        admin_client.post(VISITS_URL, {"action": "mark_attended", "_selected_action": [came.pk]})
        admin_client.post(VISITS_URL, {"action": "mark_no_show", "_selected_action": [missed.pk]})
    came.refresh_from_db()
    missed.refresh_from_db()
    assert came.status == "attended" and came.case.status == "in_program"
    assert missed.status == "no_show"


def test_a_visit_in_the_future_cannot_be_marked_attended_or_no_show(admin_client, therapist):
    later = booked(therapist, "Later", 2, 10)
    for action in ("mark_attended", "mark_no_show"):
        response = admin_client.post(
            VISITS_URL, {"action": action, "_selected_action": [later.pk]}, follow=True
        )
        assert "1 visit(s) not marked" in response.content.decode()
        assert "they have not started yet" in response.content.decode()
    later.refresh_from_db()
    assert later.status == "booked" and later.case.status == "visit_booked"


def test_cancelling_from_the_admin_frees_the_time_and_sets_the_case_back(admin_client, therapist):
    visit = booked(therapist, "Maya", 2, 10)
    admin_client.post(VISITS_URL, {"action": "cancel_visits", "_selected_action": [visit.pk]})
    visit.refresh_from_db()
    assert visit.status == "cancelled"
    assert visit.case.status == "new"


def test_the_front_desk_books_for_a_caller_with_the_same_rules(admin_client, therapist):
    case = case_open(
        contact={
            "first_name": "Caller",
            "last_name": "Runner",
            "email": "c@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers({}),
    )
    form = {
        "case": case.pk,
        "therapist": therapist.pk,
        "start_0": "2026-06-02",
        "start_1": "10:00",
        "mode": "in_clinic",
    }
    response = admin_client.post(f"{VISITS_URL}add/", form)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.booked_by_staff and visit.start == datetime(2026, 6, 2, 14, tzinfo=UTC)
    again = admin_client.post(f"{VISITS_URL}add/", form)
    assert "That time was just taken" in again.content.decode()
    outside = admin_client.post(f"{VISITS_URL}add/", {**form, "start_1": "20:00"})
    assert "That time is not available" in outside.content.decode()
    assert Visit.objects.count() == 1


def test_booking_for_a_caller_with_no_default_visit_type_says_what_to_set(admin_client, therapist):
    VisitType.objects.update(is_default=False)
    case = case_open(
        contact={"first_name": "Caller", "last_name": "Runner", "email": "c@example.com"},
        answers=demo_answers({}),
    )
    form = {
        "case": case.pk,
        "therapist": therapist.pk,
        "start_0": "2026-06-02",
        "start_1": "10:00",
        "mode": "in_clinic",
    }
    response = admin_client.post(f"{VISITS_URL}add/", form)
    assert response.status_code == 200
    assert "mark one visit type as the default" in response.content.decode()
    assert not Visit.objects.exists()


def test_the_front_desk_cannot_book_an_emergency_case(role_client, therapist):
    case = case_open(
        contact={
            "first_name": "E",
            "last_name": "R",
            "email": "e@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers({"saddle_numbness": True}),
    )
    response = role_client("Front desk").post(
        f"{VISITS_URL}add/",
        {
            "case": case.pk,
            "therapist": therapist.pk,
            "start_0": "2026-06-02",
            "start_1": "10:00",
            "mode": "in_clinic",
        },
    )
    assert "emergency" in response.content.decode()
    assert not Case.objects.get().visits.exists()
