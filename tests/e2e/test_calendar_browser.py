"""The front desk's calendar at 1280x800 in a real Chromium: a front desk user lands on the
day, moves to tomorrow, opens a free time from the keyboard, books a caller into it, and
sees the visit on the day and the week; axe-core finds nothing serious on either view."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from clinic.models import Therapist, TimeOff
from clinic.roles import FRONT_DESK
from intake.demo import demo_answers
from intake.models import Visit
from intake.services import case_open
from tests.e2e.staff_login import log_in_in_the_browser
from tests.e2e.test_intake_browser import posting, scroll_width
from tests.staff import device_for, staff_user

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 800}
NEW_YORK = ZoneInfo("America/New_York")


def test_the_front_desk_books_a_caller_into_a_free_time_from_the_calendar(
    page, portal, assert_accessible
):
    user = get_user_model().objects.create_user("alex", "alex@clinic.example")
    alex = Therapist.objects.create(user=user, display_name="Alex Rivera, PT")
    for weekday in range(7):
        alex.working_hours.create(weekday=weekday, start=time(9), end=time(17))
    tomorrow = timezone.now().astimezone(NEW_YORK).date() + timedelta(days=1)
    TimeOff.objects.create(
        therapist=alex,
        start=datetime.combine(tomorrow, time(14), NEW_YORK),
        end=datetime.combine(tomorrow, time(15), NEW_YORK),
    )
    case = case_open(
        contact={
            "first_name": "Casey",
            "last_name": "Caller",
            "email": "casey@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers({}),
    )
    device_for(staff_user("desk", FRONT_DESK))
    page.set_viewport_size(LAPTOP)
    log_in_in_the_browser(page, portal, "desk")
    expect(page).to_have_url(f"{portal}/admin/intake/visit/calendar/")  # the desk's home
    expect(page.get_by_text("All times are Eastern time (America/New_York)")).to_be_visible()
    assert_accessible(page, "the calendar's day")

    page.get_by_role("link", name="Next day →").click()
    expect(
        page.get_by_role("heading", name=f"{tomorrow:%A}, {tomorrow:%B} {tomorrow.day}")
    ).to_be_visible()
    expect(page.get_by_text("Time off 2:00 PM-3:00 PM")).to_be_visible()
    assert scroll_width(page) <= 1280
    free = page.get_by_role("link", name="Alex Rivera, PT, Free 9:00 AM · Add visit")
    free.focus()  # the keyboard way in: every block is a link in time order
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Add visit")).to_be_visible()
    expect(page.locator("#id_start_0")).to_have_value(f"{tomorrow:%Y-%m-%d}")
    expect(page.locator("#id_start_1")).to_have_value("09:00:00")
    page.locator("#id_case + .select2").click()
    page.locator(".select2-search__field").fill("Casey")
    page.get_by_role("option", name=f"Case #{case.pk}").click()
    posting(page, lambda: page.get_by_role("button", name="Save", exact=True).click())

    expect(page.get_by_text("Booked Casey Caller with Alex Rivera, PT on")).to_be_visible()
    block = page.get_by_role("link", name="9:00 AM-9:30 AM Casey Caller")
    expect(block).to_contain_text("Booked")
    visit = Visit.objects.get(case=case)
    assert visit.start == datetime.combine(tomorrow, time(9), NEW_YORK)
    assert visit.booked_by_staff
    assert_accessible(page, "the calendar's day with the visit")

    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.get_by_role("link", name="9:00 AM Casey Caller")).to_be_visible()
    assert scroll_width(page) <= 1280
    assert_accessible(page, "the calendar's week")
    block = page.get_by_role("link", name="9:00 AM Casey Caller")
    block.click()
    expect(page).to_have_url(f"{portal}/admin/intake/visit/{visit.pk}/change/")
