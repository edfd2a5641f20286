"""A plan end to end in a real Chromium: the therapist builds it in the admin from a case,
and the runner opens the e-mailed link on a phone, runs the interval timer and logs a
session."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from clinic.outbox import outbox_dispatch
from intake.demo import demo_answers
from intake.services import case_open
from programs.services import library_seed
from tests.e2e.staff_login import log_in_in_the_browser
from tests.e2e.test_intake_browser import SMALL_PHONE, heading, posting, scroll_width
from tests.staff import device_for

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def case(portal):
    library_seed()  # transactional tests start from an empty database
    user = get_user_model().objects.create_superuser(
        "pt", "pt@clinic.example", "a long test password"
    )
    device_for(user)  # the therapist's authenticator app
    return case_open(
        contact={
            "first_name": "Maya",
            "last_name": "Lopez",
            "email": "maya@example.com",
            "phone": "919-555-0101",
        },
        answers=demo_answers({}),
    )


def build_plan_in_the_admin(new_context, portal, case):
    context = new_context()
    context.set_default_timeout(10_000)
    admin = context.new_page()
    admin.set_viewport_size(LAPTOP)
    log_in_in_the_browser(admin, portal, "pt")
    admin.goto(f"{portal}/admin/intake/case/{case.pk}/change/")
    admin.get_by_role("link", name="Create plan").click()
    expect(admin.get_by_text("Suggested from the intake")).to_be_visible()
    # The suggestion is ticked already; the therapist starts the plan today.
    expect(admin.get_by_label("Walk/run return: 10 levels")).to_be_checked()
    today = timezone.now().astimezone(ZoneInfo("America/New_York")).date()
    admin.get_by_label("Start date").fill(today.isoformat())
    posting(admin, lambda: admin.get_by_role("button", name="Next: exercises and dosage").click())
    bridge = admin.get_by_role("row", name=re.compile("^Glute bridge")).first
    bridge.locator("input[name$='-reps']").fill("10")
    posting(
        admin, lambda: admin.get_by_role("button", name="Issue plan and e-mail the runner").click()
    )
    expect(admin.get_by_text(re.compile("Plan issued: \\d+ dated sessions"))).to_be_visible()
    context.close()


def plan_link():
    outbox_dispatch()
    body = next(m.body for m in mail.outbox if m.subject == "Your exercise plan is ready")
    return re.search(r"http://testserver(/plan/open/\S+/)", body).group(1)


def test_a_therapist_builds_a_plan_and_the_runner_follows_it_on_a_phone(
    page, portal, case, new_context, assert_accessible
):
    build_plan_in_the_admin(new_context, portal, case)
    page.goto(portal + plan_link())
    expect(heading(page)).to_have_text("Your plan")
    assert page.url == f"{portal}/plan/"  # the token is gone from the address bar
    today = page.locator("section.chosen-day")
    expect(today.get_by_text("10 reps", exact=False).first).to_be_visible()  # the changed dose
    assert_accessible(page, "plan page")

    timer = today.locator(".interval-timer")
    expect(timer.locator(".timer-label")).to_have_text("Ready")
    timer.get_by_role("button", name="Start").click()
    expect(timer.locator(".timer-label")).to_have_text("Walk")
    expect(timer.locator(".timer-clock")).to_have_text(re.compile(r"^8:5\d$"), timeout=5_000)
    timer.get_by_role("button", name="Pause").click()
    paused = timer.locator(".timer-clock").text_content()
    page.wait_for_timeout(1_500)
    expect(timer.locator(".timer-clock")).to_have_text(paused)

    session = today.locator("article.session").first
    session.locator(".pain-scale label", has_text=re.compile("^2$")).click()
    posting(page, lambda: session.get_by_role("button", name="Done").click())
    expect(page.locator("section.chosen-day .logged").first).to_contain_text(
        "Logged: Done, pain 2/10"
    )
    assert_accessible(page, "plan page after logging")

    page.set_viewport_size(SMALL_PHONE)
    assert scroll_width(page) <= 360
    page.get_by_role("link", name="Printable plan").click()
    expect(page.get_by_role("heading", name="Dates")).to_be_visible()
    assert_accessible(page, "printable plan")


def test_a_missing_pain_score_is_asked_for_and_the_note_kept(page, portal, case, new_context):
    build_plan_in_the_admin(new_context, portal, case)
    page.goto(portal + plan_link())
    session = page.locator("section.chosen-day article.session").first
    session.get_by_label("Note (optional)").fill("Left hip tight after")
    posting(page, lambda: session.get_by_role("button", name="Partly").click())
    expect(page.get_by_role("alert")).to_contain_text("How much did it hurt")
    expect(page.locator("textarea", has_text="Left hip tight after")).to_have_count(1)
