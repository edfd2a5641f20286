"""The front desk's calendar: a day with a column per therapist, a week with a row per
therapist, both from the booking engine; a free time opens the add form prefilled, and the
booking goes through visit_book with the public page's rules."""

from datetime import UTC, date, datetime, time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.models import ClinicProfile, Therapist, TimeOff
from clinic.roles import FRONT_DESK, THERAPIST
from intake.booking.calendar import FREE, TIME_OFF, VISIT
from intake.booking.selectors import BookingRules, default_visit_type, free_slots
from intake.booking.services import visit_book
from intake.demo import demo_answers
from intake.models import Case, Visit
from intake.services import case_open

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]
CALENDAR = "/admin/intake/visit/calendar/"
MONDAY = date(2026, 6, 1)  # booking_clock: 08:00 in New York on this day


def ny(day: int, hour: int, minute: int = 0) -> datetime:
    """June `day` at hour:minute New York time (EDT, UTC-4), as UTC."""
    return datetime(2026, 6, day, hour + 4, minute, tzinfo=UTC)


def caller(name: str, answers=None) -> Case:
    return case_open(
        contact={
            "first_name": name,
            "last_name": "Runner",
            "email": f"{name.lower()}@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers(answers or {}),
    )


def book(therapist, name, start, answers=None) -> Visit:
    return visit_book(
        case=caller(name, answers),
        therapist=therapist,
        start=start,
        visit_type=default_visit_type(),
        by_staff=True,
    )


@pytest.fixture
def second_therapist():
    user = get_user_model().objects.create_user("sam", "sam@clinic.example")
    sam = Therapist.objects.create(user=user, display_name="Sam Okafor, PT", buffer_minutes=10)
    for weekday in range(5):
        sam.working_hours.create(weekday=weekday, start=time(8), end=time(12))
    return sam


def blocks(response, therapist):
    columns = {column.therapist_id: column for column in response.context["columns"]}
    return columns[therapist.pk].blocks


def test_the_day_shows_a_column_per_therapist_with_visits_time_off_and_free_times(
    admin_client, therapist, second_therapist
):
    book(therapist, "Maya", ny(1, 11), {"fever_or_unwell": True})
    TimeOff.objects.create(therapist=therapist, start=ny(1, 14), end=ny(1, 16), reason="course")
    response = admin_client.get(CALENDAR)
    page = response.content.decode()
    assert "Monday, June 1, 2026" in page
    assert "All times are Eastern time (America/New_York)" in page
    assert [c.name for c in response.context["columns"]] == ["Alex Rivera, PT", "Sam Okafor, PT"]
    alex = blocks(response, therapist)
    visit = next(b for b in alex if b.kind == VISIT)
    assert (visit.at, visit.visit.runner) == ("11:00 AM", "Maya Runner")
    assert "triage-urgent" in page and "Booked" in page
    assert [b.span for b in alex if b.kind == TIME_OFF] == ["2:00 PM-4:00 PM"]
    assert "9:00 AM-5:00 PM" in page and "8:00 AM-12:00 PM" in page  # working hours
    # The free times are the booking engine's, after the 2 h notice (08:00 now): 10:00 on.
    assert [b.at for b in alex if b.kind == FREE][:3] == ["10:00 AM", "10:30 AM", "11:30 AM"]


def test_the_calendar_offers_exactly_the_free_times_of_the_public_booking_engine(
    admin_client, therapist, second_therapist
):
    book(therapist, "Maya", ny(1, 11))
    book(second_therapist, "Sam", ny(1, 10, 40))
    TimeOff.objects.create(therapist=second_therapist, start=ny(1, 11, 15), end=ny(1, 12))
    response = admin_client.get(CALENDAR)
    shown = {
        (column.therapist_id, block.start)
        for column in response.context["columns"]
        for block in column.blocks
        if block.kind == FREE
    }
    engine = free_slots(
        days=[MONDAY],
        therapists=[therapist, second_therapist],
        visit_type=default_visit_type(),
        rules=BookingRules.for_clinic(ClinicProfile.load()),
    )
    assert shown == {(pk, slot.start) for slot in engine for pk in slot.therapist_ids}


def test_a_free_time_opens_the_add_form_prefilled_and_booking_returns_to_the_day(
    admin_client, therapist
):
    case = caller("Caller")
    response = admin_client.get(CALENDAR)
    free = next(b for b in blocks(response, therapist) if b.kind == FREE)
    start = "2026-06-01T10:00:00-04:00"
    add = f"/admin/intake/visit/add/?therapist={therapist.pk}&start={start}&from=calendar"
    assert f"therapist={therapist.pk}&amp;start=2026-06-01T10%3A00%3A00-04%3A00" in (
        response.content.decode()
    )
    assert free.at == "10:00 AM"
    form = admin_client.get(add).context["adminform"].form
    assert form.initial["therapist"] == str(therapist.pk)
    assert form.initial["start"] == ny(1, 10)
    response = admin_client.post(
        add,
        {
            "case": case.pk,
            "therapist": therapist.pk,
            "start_0": "2026-06-01",
            "start_1": "10:00",
            "mode": "in_clinic",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{CALENDAR}?day=2026-06-01"
    assert "Booked Caller Runner with Alex Rivera, PT on Monday, June 1 at 10:00 AM" in (
        response.content.decode()
    )
    assert Visit.objects.get(case=case).start == ny(1, 10)


def test_a_time_taken_a_second_ago_is_refused_in_words_and_the_form_keeps_its_answers(
    admin_client, therapist
):
    late = caller("Late")
    book(therapist, "Quick", ny(1, 10))  # someone else, a second earlier
    response = admin_client.post(
        "/admin/intake/visit/add/?from=calendar",
        {
            "case": late.pk,
            "therapist": therapist.pk,
            "start_0": "2026-06-01",
            "start_1": "10:00",
            "mode": "in_clinic",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "That time was just taken by someone else. Please choose another." in page
    assert 'value="2026-06-01"' in page and 'value="10:00"' in page
    assert not Visit.objects.filter(case=late).exists()


def test_the_week_shows_each_therapist_by_day_with_runs_of_free_times(
    admin_client, therapist, second_therapist
):
    book(therapist, "Maya", ny(2, 11))
    TimeOff.objects.create(therapist=second_therapist, start=ny(3, 0), end=ny(4, 0))
    response = admin_client.get(f"{CALENDAR}?view=week&day=2026-06-03")
    page = response.content.decode()
    assert "Week of Monday, June 1, 2026" in page
    rows = {row.therapist_id: row for row in response.context["rows"]}
    tuesday = rows[therapist.pk].cells[1].blocks
    assert [b.kind for b in tuesday] == [FREE, VISIT, FREE]
    assert tuesday[0].span == "9:00 AM-11:00 AM" and tuesday[0].count == 4
    wednesday = rows[second_therapist.pk].cells[2]
    assert [b.kind for b in wednesday.blocks] == [TIME_OFF] and wednesday.free == 0
    assert rows[second_therapist.pk].cells[5].hours == "Not working"  # Saturday


def test_a_run_of_free_times_in_the_week_ends_at_a_break_in_the_hours(
    admin_client, second_therapist
):
    second_therapist.working_hours.create(weekday=1, start=time(13), end=time(14))
    response = admin_client.get(f"{CALENDAR}?view=week")
    tuesday = response.context["rows"][0].cells[1]
    assert tuesday.hours == "8:00 AM-12:00 PM, 1:00 PM-2:00 PM"
    # 30-minute visits, a 10-minute buffer: 8:00, 8:40, ... 11:20; then 1:00 PM alone.
    assert [(b.span, b.count) for b in tuesday.blocks] == [
        ("8:00 AM-11:50 AM", 6),
        ("1:00 PM-1:30 PM", 1),  # 1:40 PM would end past 2:00 PM
    ]


def test_the_calendar_reads_a_constant_number_of_queries_however_busy_the_week(
    admin_client, therapist, second_therapist, django_assert_num_queries
):
    url = f"{CALENDAR}?view=week&day=2026-06-08"

    def count() -> tuple[int, str]:
        admin_client.get(url)  # the offer, hours and time off cached on this version
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    quiet, page = count()
    assert "Time off" not in page
    for day in range(8, 13):
        for hour in (9, 10, 11):
            book(therapist, f"A{day}{hour}", ny(day, hour))
        TimeOff.objects.create(therapist=second_therapist, start=ny(day, 8), end=ny(day, 9))
    busy, page = count()
    assert busy == quiet
    # The time off added since is shown: the cached hours and time off followed the version.
    assert page.count("Time off 8:00 AM-9:00 AM") == 5
    # Session, user, TOTP device, clinic profile and the audit event (the e-mail banner's
    # "all is well" is kept for 30 s); the calendar's own: its version and the visits.
    assert quiet == 7
    admin_client.get(f"{CALENDAR}?day=2026-06-09")  # its first view reads hours and time off
    with django_assert_num_queries(quiet) as captured:
        admin_client.get(f"{CALENDAR}?day=2026-06-09")  # the day view: the same reads
    assert sum("intake_visit" in query["sql"] for query in captured.captured_queries) == 1


def test_an_unreadable_start_leaves_the_add_form_to_ask_for_it(admin_client, therapist):
    for start in ("tomorrow", "9999-12-31T23:59:00-12:00", "2026-06-01T10:00"):
        response = admin_client.get(f"/admin/intake/visit/add/?start={start}&from=calendar")
        assert response.status_code == 200, start
        assert "start" not in response.context["adminform"].form.initial, start


def test_a_date_that_cannot_be_read_shows_today_with_a_message(admin_client, therapist):
    response = admin_client.get(f"{CALENDAR}?day=2026-13-45&view=week")
    assert response.status_code == 200
    assert "is not a date like 2026-12-02: showing today." in response.content.decode()
    assert response.context["days"][0] == MONDAY


def test_the_front_desk_lands_on_the_calendar_and_a_therapist_on_the_admin_home(
    role_client, therapist
):
    desk = role_client(FRONT_DESK)
    response = desk.get("/admin/")
    assert response.status_code == 302 and response["Location"] == CALENDAR
    assert "free time" in desk.get(CALENDAR).content.decode()
    assert "Add visit" in desk.get(CALENDAR).content.decode()
    assert desk.get("/admin/?apps=1").status_code == 200  # every admin page, one link away
    pt = role_client(THERAPIST)
    assert pt.get("/admin/").status_code == 200
    page = pt.get(CALENDAR).content.decode()  # a therapist sees the day, without booking
    assert "Alex Rivera, PT" in page and "Add visit" not in page


def test_opening_the_calendar_is_audited(admin_client, therapist):
    from clinic.models import AuditEvent

    admin_client.get(CALENDAR)
    event = AuditEvent.objects.filter(object_type="intake.visit", action="list").first()
    assert event is not None and event.detail == "calendar day 2026-06-01"


def test_a_visit_block_opens_the_visit(admin_client, therapist):
    visit = book(therapist, "Maya", ny(1, 11))
    page = admin_client.get(CALENDAR).content.decode()
    assert f'href="/admin/intake/visit/{visit.pk}/change/"' in page
