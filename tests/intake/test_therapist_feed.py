"""A therapist's private calendar feed: got and turned off from the admin, fetched without a
login by a calendar app, parsed by icalendar, and holding no health details."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from clinic.models import Therapist
from clinic.roles import THERAPIST
from tests.intake.test_calendar import book, ny
from tests.staff import staff_user, verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]
FEED_PAGE = "/admin/intake/visit/feed/"


@pytest.fixture
def pt(therapist):
    """The `therapist` fixture's own login, in the Therapist role."""
    user = therapist.user
    user.is_staff = True
    user.save()
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=THERAPIST))
    return verified(Client(), user)


def new_address(pt) -> str:
    page = pt.post(FEED_PAGE, {"_new": "1"}).content.decode()
    assert "Your new calendar address" in page
    address = re.search(r'id="feed-address" type="text" readonly size="90" value="([^"]+)"', page)
    return address.group(1).removeprefix("http://testserver")


def test_a_therapist_subscribes_and_the_feed_parses_with_their_visits_only(pt, therapist):
    assert "Your feed is off." in pt.get(FEED_PAGE).content.decode()
    book(therapist, "Maya", ny(2, 10), {"fever_or_unwell": True})
    book(therapist, "Sam", ny(3, 11))
    other = Therapist.objects.create(
        user=get_user_model().objects.create_user("kim"), display_name="Kim Lee, PT"
    )
    other.working_hours.create(weekday=1, start="09:00", end="17:00")
    book(other, "Elsewhere", ny(2, 10))
    response = Client().get(new_address(pt))  # a calendar app: no cookies, no login
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("no-store")
    assert response["Referrer-Policy"] == "no-referrer"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Discovery Visit: Maya R.",
        "Discovery Visit: Sam R.",
    ]
    assert events[0].decoded("dtstart") == ny(2, 10)
    assert "/admin/intake/visit/" in str(events[0]["description"])


def test_the_feed_holds_no_health_details_or_contact_details(pt, therapist):
    book(therapist, "Maya", ny(2, 10), {"fever_or_unwell": True})
    body = Client().get(new_address(pt)).content.decode()
    for word in ("Maya Runner", "Urgent", "urgent", "fever", "919-555", "@example.com", "pain"):
        assert word not in body, word


def test_a_turned_off_or_replaced_address_answers_410_in_words(pt, therapist):
    first = new_address(pt)
    second = new_address(pt)  # a new address retires the old one
    refused = Client().get(first)
    assert refused.status_code == 410
    assert "This calendar address was turned off or has expired." in refused.content.decode()
    assert Client().get(second).status_code == 200
    page = pt.post(FEED_PAGE, {"_off": "1"}, follow=True).content.decode()
    assert "Your calendar feed is off." in page and "Your feed is off." in page
    assert Client().get(second).status_code == 410


def test_an_unknown_address_answers_404_in_words(db):
    response = Client().get("/feed/visits/not-a-real-token.ics")
    assert response.status_code == 404
    assert response.content.decode() == "This calendar address is not known."


def test_the_feed_reads_the_same_queries_for_one_visit_or_many(pt, therapist):
    address = new_address(pt)
    book(therapist, "One", ny(2, 9))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(address).status_code == 200
        return len(captured)

    one = count()
    for hour in range(10, 16):
        book(therapist, f"More{hour}", ny(2, hour))
    assert count() == one


def test_staff_without_a_therapist_profile_are_told_why_there_is_no_feed(db):
    admin = verified(Client(), staff_user("owner", is_superuser=True))
    page = admin.get(FEED_PAGE).content.decode()
    assert "your login has no therapist profile" in page
