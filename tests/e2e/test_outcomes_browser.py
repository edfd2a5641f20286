"""The Outcomes dashboard at 1280x800 in a real Chromium: a therapist opens it from the admin
home, picks June, reads the funnel, and axe-core finds nothing serious."""

import os

import pytest
import time_machine
from playwright.sync_api import expect

from programs.outcomes import outcomes_refresh
from tests.e2e.staff_login import log_in_in_the_browser
from tests.programs.outcomes_data import NOW, clinic_june, therapists
from tests.staff import device_for, staff_user

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 800}


def test_a_therapist_reads_june_s_outcomes(page, portal, assert_accessible):
    with time_machine.travel(NOW, tick=False):
        clinic_june(*therapists())
        outcomes_refresh()
    device_for(staff_user("pt", "Therapist"))
    page.set_viewport_size(LAPTOP)
    log_in_in_the_browser(page, portal, "pt")
    page.get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="The funnel")).to_be_visible()
    page.get_by_label("From").fill("2026-06-01")
    page.get_by_label("To", exact=True).fill("2026-06-30")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**until=2026-06-30**")
    funnel = page.get_by_role("table", name="Runners at each step")
    expect(funnel.get_by_role("row", name="Intakes submitted")).to_contain_text("6")
    expect(funnel.get_by_role("row", name="Returned to running")).to_contain_text("50%")
    expect(page.locator(".outcome-figures")).to_contain_text(["1 h 30 min"])
    expect(page.get_by_role("img", name="The funnel: runners at each step")).to_be_visible()
    assert_accessible(page, "the Outcomes dashboard")
    if os.environ.get("SHOTS"):
        page.screenshot(path=f"{os.environ['SHOTS']}/outcomes.png", full_page=True)
        page.screenshot(path=f"{os.environ['SHOTS']}/outcomes-fold.png")
