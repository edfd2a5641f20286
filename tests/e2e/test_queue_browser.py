"""The case queue at 1280x800 in a real Chromium: a therapist finds whom to call first, sees
the number and the "call today" marker, marks the call done, and nothing is clipped."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from intake.demo import demo_answers
from intake.models import Case
from intake.services import case_open
from tests.e2e.staff_login import log_in_in_the_browser
from tests.e2e.test_intake_browser import posting, scroll_width
from tests.staff import device_for

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 800}


def open_case(first_name, overrides, hours_ago):
    case = case_open(
        contact={
            "first_name": first_name,
            "last_name": "Runner",
            "email": f"{first_name.lower()}@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers(overrides),
    )
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(hours=hours_ago))
    return case


def test_a_therapist_finds_the_first_case_to_call_and_marks_it_called(page, portal):
    user = get_user_model().objects.create_superuser(
        "pt", "pt@clinic.example", "a long test password"
    )
    device_for(user)
    open_case("Rosa", {}, hours_ago=50)
    urgent = open_case("Chris", {"fever_or_unwell": True}, hours_ago=3)
    Case.objects.filter(pk=urgent.pk).update(call_today=True)
    page.set_viewport_size(LAPTOP)
    log_in_in_the_browser(page, portal, "pt")
    page.goto(f"{portal}/admin/intake/case/")
    first = page.locator("#result_list tbody tr").first
    expect(first).to_contain_text("Chris Runner")
    expect(first).to_contain_text("Call today")
    expect(first).to_contain_text("3 h")
    expect(first.get_by_role("link", name="919-555-0100")).to_have_attribute(
        "href", "tel:9195550100"
    )
    assert scroll_width(page) <= 1280  # every column on the screen, none clipped

    first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("mark_contacted")
    posting(page, lambda: page.get_by_role("button", name="Go").click())
    expect(page.locator("#result_list tbody tr").first).to_contain_text("Called")


def test_a_therapist_marks_a_check_in_reviewed_from_the_case_timeline(page, portal):
    from programs.models import CheckIn
    from programs.services import library_seed
    from tests.programs.conftest import build
    from tests.programs.test_checkins import WALK_RUN

    library_seed()
    user = get_user_model().objects.create_superuser(
        "pt", "pt@clinic.example", "a long test password"
    )
    device_for(user)
    plan = build(names=(WALK_RUN,))
    checkin = CheckIn.objects.filter(plan=plan, kind="weekly").first()
    CheckIn.objects.filter(pk=checkin.pk).update(
        status="answered", answered_at=timezone.now(), needs_review=True, review_rank=4
    )
    page.set_viewport_size(LAPTOP)
    log_in_in_the_browser(page, portal, "pt")
    page.goto(f"{portal}/admin/intake/case/{plan.case_id}/change/")
    expect(page.locator(".trend-chart")).to_be_visible()
    posting(page, lambda: page.get_by_role("button", name="Mark 1 check-in reviewed").click())
    expect(page.get_by_text("1 check-in(s) marked reviewed.")).to_be_visible()
    checkin.refresh_from_db()
    assert checkin.reviewed_at is not None
