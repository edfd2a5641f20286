"""The free Discovery Visit is one per case: the database refuses a second self-booked one,
and the runner is told which visit they have, with the way to change it."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta
from importlib import import_module
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from clinic.models import ClinicProfile, Therapist, WorkingHours
from intake.booking.selectors import BookingRules, default_visit_type, free_slots
from intake.booking.services import AlreadyBooked, visit_book, visit_cancel
from intake.demo import demo_answers
from intake.models import Visit
from intake.services import case_open
from intake.views import CASE_KEY
from tests.intake.test_booking import at, book, new_case
from tests.intake.test_booking_race import SLOT_FORMAT, Answer, Browser

ALREADY = (
    "You already have a Discovery Visit on Tuesday at 10:00 AM (Eastern time) - change it instead."
)


@pytest.mark.django_db
@pytest.mark.usefixtures("booking_clock")
class TestOnePerCase:
    def test_a_second_self_booking_is_refused_in_words(self, therapist):
        case = new_case()
        book(case, therapist, at(10))
        with pytest.raises(AlreadyBooked) as refused:
            book(case, therapist, at(14))
        assert refused.value.message == ALREADY
        assert Visit.objects.filter(case=case).count() == 1

    def test_the_database_refuses_a_second_booked_visit_without_the_check(self, therapist):
        first = book(new_case(), therapist, at(10))
        twin = Visit(
            case=first.case,
            therapist=therapist,
            visit_type=first.visit_type,
            start=at(14),
            end=at(14, 30),
            blocked_until=at(14, 30),
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            twin.save()

    def test_staff_may_book_further_visits_for_a_case(self, therapist):
        case = new_case()
        book(case, therapist, at(10))
        visit_book(
            case=case,
            therapist=therapist,
            start=at(14),
            visit_type=default_visit_type(),
            by_staff=True,
        )
        assert Visit.objects.filter(case=case, status="booked").count() == 2

    def test_after_a_cancellation_the_runner_may_book_again(self, therapist):
        case = new_case()
        visit_cancel(visit=book(case, therapist, at(10)))
        assert book(case, therapist, at(14)).status == "booked"

    def test_the_booking_pages_show_the_booked_visit_with_its_change_link(self, client, therapist):
        case = new_case()
        book(case, therapist, at(10))
        session = client.session
        session[CASE_KEY] = case.pk
        session.save()
        page = client.get("/book/times/").content.decode()
        assert ALREADY in page and 'href="/visit/"' in page
        response = client.post("/book/confirm/", {"start": "20260602T1800Z", "therapist": ""})
        assert ALREADY in response.content.decode()
        # The change link opens this visit: the session holds its case.
        assert "Choose another time" in client.get("/visit/").content.decode()
        result = client.get("/intake/result/").content.decode()
        assert "Book your free Discovery Visit" not in result
        assert "Book a free Discovery Visit" not in result  # the headline too
        assert "Tuesday, June 2 at 10:00 AM" in result and "Eastern time" in result


TIMES = 20


@pytest.fixture
def one_runner(live_server, transactional_db, settings):
    """One runner's browser with a routine case, and TIMES free starts."""
    from tests.intake.test_booking_race import default_visit_type

    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "booking-ip": (TIMES * 3, 3600),
        "booking-email": (TIMES * 3, 3600),
    }
    visit_type = default_visit_type()
    user = get_user_model().objects.create_user("pt-one", "pt-one@example.com")
    therapist = Therapist.objects.create(user=user, display_name="Alex Kim, PT")
    WorkingHours.objects.bulk_create(
        WorkingHours(therapist=therapist, weekday=day, start="08:00", end="17:00")
        for day in range(7)
    )
    rules = BookingRules.for_clinic(ClinicProfile.load())
    days = [rules.today + timedelta(days=n) for n in (3, 4)]
    slots = free_slots(days=days, therapists=[therapist], visit_type=visit_type, rules=rules)
    starts = [slot.start for slot in slots][:TIMES]
    assert len(starts) == TIMES
    case = case_open(
        contact={
            "first_name": "Runner",
            "last_name": "One",
            "email": "one@example.com",
            "phone": "919 555 0100",
        },
        answers=demo_answers({}),
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[CASE_KEY] = case.pk
    store.create()
    return therapist, starts, Browser(live_server.url, store.session_key), case


@pytest.mark.postgresql
def test_twenty_concurrent_bookings_by_one_runner_for_twenty_times_make_one_visit(one_runner):
    therapist, starts, browser, case = one_runner
    slots = [
        {"start": start.astimezone(UTC).strftime(SLOT_FORMAT), "therapist": str(therapist.pk)}
        for start in starts
    ]
    browser.open_confirm(urlencode(slots[0]))  # the CSRF cookie and token, as a page gives
    barrier = threading.Barrier(TIMES)
    connections = [browser.connect() for _ in range(TIMES)]

    def press_book(number: int) -> Answer:
        fields = {**slots[number], "email": "one@example.com", "phone": "919 555 0100"}
        return browser.post_when_released(connections[number], fields, barrier)

    with ThreadPoolExecutor(max_workers=TIMES) as pool:
        answers = list(pool.map(press_book, range(TIMES)))

    assert [a.status for a in answers if a.status >= 500] == []
    assert Visit.objects.filter(case=case).exclude(status="cancelled").count() == 1
    winners = [a for a in answers if a.status == 302 and a.location == "/book/done/"]
    told = [a for a in answers if a.status == 409 and "You already have a" in a.body]
    assert (len(winners), len(told)) == (1, TIMES - 1), [(a.status, a.location) for a in answers]
