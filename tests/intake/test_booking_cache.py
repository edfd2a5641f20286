"""The times page reuses the availability it computed while the calendar stands still, and
shows every change at once: a booking, a cancellation, time off or a longer visit type."""

from datetime import UTC, datetime, time

import pytest
from django.contrib.auth import get_user_model

from clinic.models import Therapist, TimeOff
from intake.booking.services import visit_cancel
from intake.models import Visit, VisitType
from tests.admin_forms import change_form_data
from tests.intake.steps import complete_intake
from tests.intake.test_booking import at, book, new_case, slot_links

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]

TEN_AM = "20260602T1400Z"  # Tuesday 2 June, 10:00 in New York
TUESDAY = "/book/times/?day=2026-06-02"


def offered(client, url=TUESDAY) -> str:
    return " ".join(slot_links(client.get(url).content.decode()))


def test_a_booking_and_a_cancellation_show_on_the_page_at_once(client, therapist):
    complete_intake(client)
    assert TEN_AM in offered(client)
    visit = book(new_case(email="quick@example.com"), therapist, at(10))
    assert TEN_AM not in offered(client)
    visit_cancel(visit=visit)
    assert TEN_AM in offered(client)


def test_time_off_added_in_the_admin_shows_on_the_page_at_once(client, admin_client, therapist):
    complete_intake(client)
    assert TEN_AM in offered(client)
    url = f"/admin/clinic/therapist/{therapist.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "time_off-0-start_0": "2026-06-02",
            "time_off-0-start_1": "09:45:00",
            "time_off-0-end_0": "2026-06-02",
            "time_off-0-end_1": "10:45:00",
            "time_off-0-reason": "course",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert TimeOff.objects.count() == 1
    times = offered(client)
    assert TEN_AM not in times and "20260602T1300Z" in times  # 09:00 still free


def test_a_longer_visit_type_set_in_the_admin_changes_the_times_at_once(client, admin_client):
    user = get_user_model().objects.create_user("sam")
    short_day = Therapist.objects.create(user=user, display_name="Sam")
    short_day.working_hours.create(weekday=1, start=time(9), end=time(10))
    complete_intake(client)
    assert "2 times" in client.get(TUESDAY).content.decode()  # 09:00 and 09:30
    visit_type = VisitType.objects.get(is_default=True)
    url = f"/admin/intake/visittype/{visit_type.pk}/change/"
    data = change_form_data(admin_client.get(url))
    data["duration_minutes"] = 60
    assert admin_client.post(url, data).status_code == 302
    assert "1 time<" in client.get(TUESDAY).content.decode()  # only 09:00 fits an hour


def test_booking_checks_the_calendar_itself_not_the_page_it_was_offered(client, therapist):
    """Time off written behind the portal's back (a shell, an import) can leave a page
    showing a time for a few minutes; booking it is still refused and nothing is written."""
    complete_intake(client)
    assert TEN_AM in offered(client)
    TimeOff.objects.create(
        therapist=therapist,
        start=datetime(2026, 6, 2, 13, 30, tzinfo=UTC),
        end=datetime(2026, 6, 2, 15, 0, tzinfo=UTC),
    )
    assert TEN_AM in offered(client)  # the cached page
    response = client.post(
        "/book/confirm/",
        {"start": TEN_AM, "therapist": "", "email": "maya@example.com", "phone": "919 555 0101"},
    )
    assert response.status_code == 409
    assert "That time is not available" in response.content.decode()
    assert not Visit.objects.exists()


def test_clicking_through_the_days_reads_the_calendar_once(
    client, therapist, django_assert_max_num_queries
):
    complete_intake(client)
    client.get("/book/times/")
    # The session, the clinic profile, the case and the calendar version: nothing more.
    with django_assert_max_num_queries(4):
        page = client.get("/book/times/?day=2026-06-03").content.decode()
    assert "Wednesday, June 3" in page and "20260603T1300Z" in page
