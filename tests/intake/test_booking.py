from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction

from clinic.models import OutboundEmail, Therapist
from clinic.outbox import outbox_dispatch
from intake.booking.selectors import default_visit_type
from intake.booking.services import (
    BookingRefused,
    SlotTaken,
    SlotUnavailable,
    TooLate,
    visit_book,
    visit_cancel,
    visit_reschedule,
    visits_mark,
)
from intake.demo import demo_answers
from intake.models import Case, IntakeDraft, Visit
from intake.services import case_open
from tests.intake.steps import BOOKING_NOW, complete_intake

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]


def new_case(level_answers=None, email="maya@example.com"):
    return case_open(
        contact={
            "first_name": "Maya",
            "last_name": "Lopez",
            "email": email,
            "phone": "919-555-0101",
        },
        answers=demo_answers(level_answers or {}),
    )


def at(hour, minute=0, day=2):
    """A local New York time in June 2026 (EDT), as UTC."""
    return datetime(2026, 6, day, hour + 4, minute, tzinfo=UTC)


def book(case, therapist, start):
    return visit_book(case=case, therapist=therapist, start=start, visit_type=default_visit_type())


# --- services -------------------------------------------------------------------------------


def test_booking_marks_the_case_and_queues_confirmation_reminder_and_staff_notice(therapist):
    case = new_case()
    visit = book(case, therapist, at(10))
    case.refresh_from_db()
    assert case.status == "visit_booked"
    kinds = set(OutboundEmail.objects.values_list("kind", flat=True))
    assert {"visit_booked", "staff_visit_booked", "visit_reminder"} <= kinds
    reminder = OutboundEmail.objects.get(kind="visit_reminder")
    assert reminder.due_at == visit.start - timedelta(hours=24)


def test_it_refuses_a_second_booking_for_the_same_slot(therapist):
    book(new_case(), therapist, at(10))
    with pytest.raises(SlotTaken):
        book(new_case(email="other@example.com"), therapist, at(10))
    assert Visit.objects.count() == 1


def test_the_database_refuses_the_same_start_twice_even_without_the_check(therapist):
    first = book(new_case(), therapist, at(10))
    twin = Visit(
        case=first.case,
        therapist=therapist,
        visit_type=first.visit_type,
        start=first.start,
        end=first.end,
        blocked_until=first.blocked_until,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.postgresql
def test_on_postgresql_the_database_refuses_overlapping_visits(therapist):
    first = book(new_case(), therapist, at(10))
    overlapping = Visit(
        case=first.case,
        therapist=therapist,
        visit_type=first.visit_type,
        start=at(10, 15),
        end=at(10, 45),
        blocked_until=at(10, 45),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapping.save()


def test_the_service_refuses_an_overlapping_start_on_every_backend(therapist):
    therapist.working_hours.create(weekday=1, start=time(10, 15), end=time(11))
    book(new_case(), therapist, at(10))
    with pytest.raises(SlotTaken):
        book(new_case(email="other@example.com"), therapist, at(10, 15))


def test_a_race_loser_is_told_the_slot_was_taken(therapist, monkeypatch):
    case = new_case()
    book(new_case(email="first@example.com"), therapist, at(10))
    # The loser's availability check ran before the winner committed:
    monkeypatch.setattr("intake.booking.services.slot_is_free", lambda **kwargs: True)
    with pytest.raises(SlotTaken):
        book(case, therapist, at(10))
    case.refresh_from_db()
    assert case.status == "new"  # nothing half-written


def test_an_emergency_case_can_never_be_booked(therapist):
    case = new_case({"saddle_numbness": True})
    with pytest.raises(BookingRefused):
        book(case, therapist, at(10))


def test_soon_marks_priority_and_urgent_keeps_the_same_day_call(therapist):
    soon = new_case({"night_pain": True, "night_pain_constant": False})
    urgent = new_case({"fever_or_unwell": True}, email="u@example.com")
    book(soon, therapist, at(10))
    book(urgent, therapist, at(11))
    soon.refresh_from_db()
    urgent.refresh_from_db()
    assert soon.priority and not soon.call_today
    assert urgent.call_today


def test_minimum_notice_applies_to_booking_and_to_changes(therapist):
    with pytest.raises(SlotUnavailable):
        book(new_case(), therapist, BOOKING_NOW + timedelta(minutes=60))  # 2 h notice by default
    visit = book(new_case(), therapist, at(10, day=1))  # 10:00 today, 2 h ahead
    with time_machine.travel(at(8, 30, day=1), tick=False), pytest.raises(TooLate):
        visit_cancel(visit=visit)
    visit_cancel(visit=visit, by_staff=True)  # the front desk can still cancel


def test_cancel_then_rebook_works_and_the_case_status_follows(therapist):
    case = new_case()
    visit = book(case, therapist, at(10))
    visit_cancel(visit=visit)
    case.refresh_from_db()
    assert case.status == "new"
    again = book(case, therapist, at(10))
    assert again.status == "booked"
    visits_mark(visit_ids=[again.pk], status=Visit.Status.ATTENDED, now=again.end)
    case.refresh_from_db()
    assert case.status == "in_program"


def test_rescheduling_moves_the_visit_and_replaces_the_reminder(therapist):
    visit = book(new_case(), therapist, at(10))
    moved = visit_reschedule(visit=visit, therapist=therapist, start=at(14))
    assert (moved.pk, moved.start, moved.sequence) == (visit.pk, at(14), 1)
    reminders = dict(
        OutboundEmail.objects.filter(kind="visit_reminder").values_list("idempotency_key", "status")
    )
    assert reminders == {
        f"visit-reminder-{visit.pk}-0": "cancelled",
        f"visit-reminder-{visit.pk}-1": "pending",
    }


def test_rescheduling_to_a_taken_time_changes_nothing(therapist):
    visit = book(new_case(), therapist, at(10))
    book(new_case(email="other@example.com"), therapist, at(14))
    with pytest.raises(SlotUnavailable):
        visit_reschedule(visit=visit, therapist=therapist, start=at(14))
    visit.refresh_from_db()
    assert (visit.start, visit.status, visit.sequence) == (at(10), "booked", 0)


def test_a_reminder_for_a_cancelled_visit_is_never_sent(therapist):
    visit = book(new_case(), therapist, at(10, day=5))
    OutboundEmail.objects.filter(kind="visit_reminder").update(status="pending")
    Visit.objects.filter(pk=visit.pk).update(status="cancelled")
    with time_machine.travel(at(11, day=4), tick=False):
        outbox_dispatch()
    assert not [m for m in mail.outbox if "Reminder" in m.subject]
    assert OutboundEmail.objects.get(kind="visit_reminder").status == "cancelled"


def test_the_reminder_goes_out_the_day_before(therapist):
    book(new_case(), therapist, at(10, day=5))
    outbox_dispatch()
    assert not [m for m in mail.outbox if "Reminder" in m.subject]
    with time_machine.travel(at(10, 1, day=4), tick=False):
        outbox_dispatch()
    [reminder] = [m for m in mail.outbox if "Reminder" in m.subject]
    assert "/visit/" in reminder.body


# --- e-mail and calendar file ---------------------------------------------------------------


def test_the_confirmation_has_a_calendar_file_that_matches_the_visit(therapist):
    visit = book(new_case(), therapist, at(10))
    outbox_dispatch()
    [confirmation] = [
        m for m in mail.outbox if m.to == ["maya@example.com"] and "booked" in m.subject
    ]
    from tests.mail import calendar_part

    part = calendar_part(confirmation)
    assert (part.get_filename(), part.get_param("method")) == ("visit.ics", "PUBLISH")
    content = part.get_content()
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["uid"]).startswith(f"visit-{visit.pk}-")
    assert str(event["uid"]).endswith("@testserver")
    assert event.decoded("dtstart") == visit.start
    assert event.decoded("dtend") == visit.end
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert "BEGIN:VTIMEZONE" in content and "TZID:America/New_York" in content
    assert "Discovery Visit" in str(event["summary"])
    assert "Raleigh" in str(event["location"])
    assert "mailto:" in str(event["organizer"])
    assert "Tuesday, June 2, 2026 at 10:00 AM" in confirmation.body
    for private in ("pain", "hip", "triage", "routine"):
        assert private not in confirmation.body.lower()


def test_staff_get_an_email_on_booking_and_on_cancellation(therapist):
    visit = book(new_case(), therapist, at(10))
    visit_cancel(visit=visit)
    outbox_dispatch()
    staff = [m.subject for m in mail.outbox if m.to == ["frontdesk@endurance-unleashed.example"]]
    assert "A Discovery Visit was booked" in staff
    assert "A Discovery Visit was cancelled" in staff


# --- the runner's pages ---------------------------------------------------------------------


def slot_links(page):
    import re

    return [
        link.replace("&amp;", "&") for link in re.findall(r'href="(/book/confirm/\?[^"]+)"', page)
    ]


def test_the_result_page_leads_to_times_and_a_booking(client, therapist):
    complete_intake(client)
    assert "/book/times/" in client.get("/intake/result/").content.decode()
    times = client.get("/book/times/").content.decode()
    assert "Times are Eastern time" in times
    links = slot_links(times)
    assert links and "20260601T1400Z" in links[0]  # 10:00 today: the first time 2 h ahead
    confirm = client.get(links[0]).content.decode()
    assert 'value="maya@example.com"' in confirm  # prefilled from the intake
    assert "Monday, June 1, 2026 at 10:00 AM (Eastern time), 30 minutes" in confirm
    start = links[0].split("start=")[1].split("&")[0]
    response = client.post(
        "/book/confirm/",
        {"start": start, "therapist": "", "email": "maya@example.com", "phone": "919 555 0101"},
    )
    assert response.url == "/book/done/"
    done = client.get("/book/done/").content.decode()
    assert "Your free Discovery Visit is booked" in done
    assert "Monday, June 1, 2026 at 10:00 AM (Eastern time)" in done


def test_a_slot_taken_a_second_ago_gets_a_clear_409_with_fresh_times(client, therapist):
    complete_intake(client)
    book(new_case(email="fast@example.com"), therapist, at(12, day=1))
    response = client.post(
        "/book/confirm/",
        {
            "start": "20260601T1600Z",
            "therapist": "",
            "email": "maya@example.com",
            "phone": "919 555 0101",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "That time was just taken" in page
    assert "20260601T1600Z" not in page and slot_links(page)


def test_a_tampered_slot_gets_a_clear_not_available_answer(client, therapist):
    complete_intake(client)
    for bad in ("garbage", "20260601T0300Z", "20990101T1400Z"):
        response = client.get(f"/book/confirm/?start={bad}")
        assert response.status_code == 409
        assert "That time is not available" in response.content.decode()
    assert Visit.objects.count() == 0


def test_the_booking_urls_refuse_an_emergency_case(client, therapist):
    complete_intake(client, {4: {"saddle_numbness": "yes"}})
    for url in ("/book/", "/book/times/", "/book/confirm/?start=20260602T1400Z"):
        response = client.get(url, follow=True)
        page = response.content.decode()
        assert "Go to an emergency department now" in page
        # No way to a booking (the language switch may name the page it is on, to come back).
        assert 'href="/book/confirm/' not in page and '<form method="post" novalidate' not in page
    assert Visit.objects.count() == 0


def test_soon_shows_the_earliest_times_first(client, therapist):
    complete_intake(client, {3: {"night_pain": "yes", "night_pain_constant": "no"}})
    page = client.get("/book/times/").content.decode()
    assert "Earliest times" in page
    assert page.index("Earliest times") < page.index("Monday, June 1")


def test_later_weeks_are_one_click_away(client, therapist):
    complete_intake(client)
    page = client.get("/book/times/").content.decode()
    assert "?from=2026-06-15" in page
    later = client.get("/book/times/?from=2026-06-15").content.decode()
    assert "Monday, June 15" in later and "Earlier days" in later


def test_the_times_page_costs_the_same_queries_for_one_or_three_therapists(
    client, therapist, django_assert_max_num_queries
):
    complete_intake(client)
    with django_assert_max_num_queries(20) as one:
        client.get("/book/times/")
    for number in range(2):
        user = get_user_model().objects.create_user(f"t{number}")
        other = Therapist.objects.create(user=user, display_name=f"T{number}")
        other.working_hours.create(weekday=0, start=time(9), end=time(12))
        book(new_case(email=f"b{number}@example.com"), other, at(9, day=8))
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/book/times/")


def test_booking_without_an_intake_invites_the_runner_to_complete_it(client, therapist):
    response = client.post(
        "/book/",
        {
            "first_name": "Sam",
            "last_name": "Okafor",
            "email": "sam@example.com",
            "phone": "919 555 0102",
            "problem": "Outside of the hip hurts on long runs",
        },
    )
    assert response.url == "/book/times/"
    case = Case.objects.get()
    assert case.triage_level == "pending" and not case.intake_done
    outbox_dispatch()
    [invite] = [m for m in mail.outbox if m.to == ["sam@example.com"]]
    url = next(line for line in invite.body.split() if "/intake/invite/" in line)
    response = client.get(url.removeprefix("http://testserver"))
    assert response.url == "/intake/step/1/"
    assert 'value="Okafor"' in client.get("/intake/step/1/").content.decode()
    complete_intake(
        client, {1: {"first_name": "Sam", "last_name": "Okafor", "email": "sam@example.com"}}
    )
    case.refresh_from_db()
    assert Case.objects.count() == 1  # the intake completed the same case
    assert case.triage_level == "routine" and case.intake_done
    assert case.answers["problem_summary"].startswith("Outside")
    assert IntakeDraft.objects.get().for_case == case


# --- the private manage link ----------------------------------------------------------------


def manage_url():
    """The private link from the runner's latest e-mail."""
    outbox_dispatch()
    body = next(m.body for m in reversed(mail.outbox) if m.to == ["maya@example.com"])
    link = next(word for word in body.split() if "testserver/visit/" in word)
    return link.removeprefix("http://testserver")


def test_the_manage_link_cancels_a_visit(client, therapist):
    visit = book(new_case(), therapist, at(10))
    response = client.get(manage_url())
    assert response.url == "/visit/"
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get("/visit/").content.decode()
    assert "Cancel this visit" in page and "Choose another time" in page
    client.post("/visit/", {"action": "cancel"})
    visit.refresh_from_db()
    assert visit.status == "cancelled"


def test_the_manage_link_reschedules_a_visit(client, therapist):
    visit = book(new_case(), therapist, at(10))
    client.get(manage_url())
    page = client.get("/book/times/?reschedule=1").content.decode()
    assert "Choose a new time" in page
    response = client.post(
        "/book/confirm/", {"start": "20260602T1800Z", "therapist": "", "reschedule": "1"}
    )
    assert response.url == "/book/done/"
    visit.refresh_from_db()
    assert (visit.start, visit.sequence) == (at(14), 1)


@pytest.mark.parametrize("problem", ["expired", "revoked", "another-purpose", "tampered"])
def test_a_bad_manage_link_gets_a_clear_page_and_changes_nothing(client, therapist, problem):
    from clinic.links import link_issue
    from clinic.models import PrivateLink

    visit = book(new_case(), therapist, at(10))
    url = manage_url()
    expected = 410
    if problem == "expired":
        with time_machine.travel(at(10, 1), tick=False):
            response = client.get(url)
    else:
        if problem == "revoked":
            PrivateLink.objects.filter(purpose="visit-manage").update(revoked_at=BOOKING_NOW)
        elif problem == "another-purpose":
            token = link_issue(purpose="intake-resume", object_id=visit.pk, ttl=timedelta(days=1))
            url, expected = f"/visit/{token}/", 404
        else:
            url, expected = url[:-4] + "xyz/", 404
        response = client.get(url)
    assert response.status_code == expected
    assert client.get("/visit/").status_code == 404  # no session was granted
    visit.refresh_from_db()
    assert visit.status == "booked"


def test_inside_the_notice_period_the_manage_page_says_call_the_clinic(client, therapist):
    book(new_case(), therapist, at(10))
    link = manage_url()
    with time_machine.travel(at(9), tick=False):  # the link opened an hour before the visit
        client.get(link)
        page = client.get("/visit/").content.decode()
        assert "too close to change online" in page
        client.post("/visit/", {"action": "cancel"})
    assert Visit.objects.get().status == "booked"


def test_without_an_active_visit_type_the_runner_is_asked_to_call(client, therapist):
    from intake.models import VisitType

    complete_intake(client)
    VisitType.objects.update(is_active=False)
    for url in ("/book/times/", "/book/confirm/?start=20260602T1400Z"):
        page = client.get(url).content.decode()
        assert "Please call us to book" in page


def test_the_runner_picks_a_day_then_a_time(client, therapist):
    complete_intake(client)
    page = client.get("/book/times/").content.decode()
    assert "Monday, June 1" in page  # the first day with free times is open
    assert "14 times" in page  # a whole free day, 09:00-17:00 in half hours
    wednesday = client.get("/book/times/?day=2026-06-03").content.decode()
    assert "Wednesday, June 3" in wednesday
    assert "20260603T1300Z" in wednesday and "20260601T1400Z" not in wednesday
    nonsense = client.get("/book/times/?day=yesterday").content.decode()
    assert "Monday, June 1" in nonsense


def test_booking_never_moves_a_case_backwards(therapist):
    case = new_case()
    Case.objects.filter(pk=case.pk).update(status="in_program")
    book(case, therapist, at(10))
    case.refresh_from_db()
    assert case.status == "in_program"
