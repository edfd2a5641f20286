"""The plan builder at 1280x800 in a real Chromium: a therapist picks the templates, finds an
exercise in the library and adds it, swaps one, moves one, changes a dosage, sees each change
on the runner's phone preview, and issues the plan; axe-core finds nothing serious."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from intake.demo import demo_answers
from intake.services import case_open
from programs.models import Plan, PlanItem
from programs.services import library_seed
from tests.e2e.staff_login import log_in_in_the_browser
from tests.e2e.test_intake_browser import posting, scroll_width
from tests.staff import device_for

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 800}


def test_a_therapist_arranges_and_issues_a_plan(page, portal, assert_accessible):
    library_seed()
    user = get_user_model().objects.create_superuser(
        "pt", "pt@clinic.example", "a long test password"
    )
    device_for(user)
    case = case_open(
        contact={"first_name": "Maya", "last_name": "Lopez", "email": "maya@example.com",
                 "phone": "919-555-0101"},
        answers=demo_answers({}),
    )  # fmt: skip
    page.set_viewport_size(LAPTOP)
    log_in_in_the_browser(page, portal, "pt")
    page.goto(f"{portal}/admin/programs/plan/build/{case.pk}/")
    assert_accessible(page, "the plan builder's first step")
    if os.environ.get("SHOTS"):
        page.screenshot(path=f"{os.environ['SHOTS']}/builder-choose.png", full_page=True)
    posting(page, lambda: page.get_by_role("button", name="Next: exercises and dosage").click())
    # The runner's own plan page, framed at a phone's width.
    frame = page.locator("iframe.phone")
    assert frame.bounding_box()["width"] == 390 + 2 * 8  # 390 px inside its bezel
    phone = page.frame_locator("iframe.phone").locator("main")
    expect(phone.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
    expect(phone).to_contain_text("Glute bridge")

    page.get_by_label("Find an exercise").fill("band")
    posting(page, lambda: page.get_by_label("Find an exercise").press("Enter"))
    page.get_by_label("Add to").select_option(label="Hip strength for runners: Settle and activate")
    posting(page, lambda: page.get_by_role("button", name="Add Monster walk").click())
    expect(phone).to_contain_text("Monster walk")

    posting(page, lambda: page.get_by_role("button", name="Swap Clamshells").first.click())
    page.get_by_label("Find an exercise").fill("lunge")
    posting(page, lambda: page.get_by_role("button", name="Find").click())
    posting(page, lambda: page.get_by_role("button", name="Swap in Side lunge").click())
    posting(page, lambda: page.get_by_role("button", name="Move Glute bridge down").first.click())
    first_rows = page.locator(".plan-dosage tbody tr:not(.phase-row) th")
    expect(first_rows.nth(0)).to_contain_text("Side lunge")
    expect(first_rows.nth(1)).to_contain_text("Glute bridge")

    # Keyboard only, across phases: the last of the first phase into the second.
    crossing = page.get_by_role("button", name="Move Monster walk down into Build strength")
    crossing.focus()
    posting(page, lambda: page.keyboard.press("Enter"))
    second = page.locator(".plan-dosage tbody tr.phase-row").nth(1)
    expect(second.locator("xpath=following-sibling::tr[1]/th")).to_contain_text("Monster walk")

    page.get_by_label("Reps of Glute bridge").first.fill("10")
    posting(page, lambda: page.get_by_role("button", name="Update the preview").click())
    expect(phone).to_contain_text("3 sets of 10 reps")
    assert scroll_width(page) <= 1280
    assert_accessible(page, "the plan builder's arrange step")
    if os.environ.get("SHOTS"):
        page.screenshot(path=f"{os.environ['SHOTS']}/builder.png", full_page=True)
        page.screenshot(path=f"{os.environ['SHOTS']}/builder-fold.png")
    posting(
        page, lambda: page.get_by_role("button", name="Issue plan and e-mail the runner").click()
    )
    expect(page.get_by_text(re.compile(r"Plan issued: \d+ dated sessions"))).to_be_visible()

    plan = Plan.objects.get()
    settle = PlanItem.objects.filter(plan=plan, phase__order=1).order_by("order")
    assert [item.name for item in settle][:3] == [
        "Side lunge",
        "Glute bridge",
        "Side-lying hip abduction",
    ]
    assert settle.get(name="Glute bridge").reps == 10
    assert not settle.filter(name="Monster walk").exists()
    strength = PlanItem.objects.filter(plan=plan, phase__order=2).order_by("order")
    assert strength.first().name == "Monster walk"  # added to phase 1, moved into phase 2
