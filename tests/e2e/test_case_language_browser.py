"""The case page of a runner who read their result in Spanish, at 1280x800 in a real
Chromium: the language, what they were told in Spanish beside the English, the review
badges, and nothing clipped. (No axe-core run: Django's own admin breadcrumbs fail its
link-in-text-block rule on every admin page, which this change does not touch.)"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from playwright.sync_api import expect

from intake.demo import demo_answers
from intake.services import case_open
from intake.triage.translations import SPANISH
from tests.e2e.staff_login import log_in_in_the_browser
from tests.e2e.test_intake_browser import scroll_width
from tests.staff import PASSWORD, device_for

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 800}


def test_a_therapist_reads_what_a_spanish_reader_was_told_beside_the_english(
    page, portal, assert_accessible
):
    user = get_user_model().objects.create_superuser("pt", "pt@clinic.example", PASSWORD)
    device_for(user)
    with translation.override("es"):
        case = case_open(
            contact={
                "first_name": "Lucía",
                "last_name": "Runner",
                "email": "lucia@example.com",
                "phone": "919-555-0100",
            },
            answers=demo_answers({"fever_or_unwell": True, "night_pain": True}),
        )
    page.set_viewport_size(LAPTOP)
    log_in_in_the_browser(page, portal, "pt")

    page.goto(f"{portal}/admin/intake/case/{case.pk}/change/")

    expect(page.locator(".field-runner_language")).to_contain_text("Spanish (español)")
    told = page.locator("table.told")
    expect(told).to_contain_text("Deje de correr y vea a un médico en un plazo de 24-48 horas.")
    expect(told).to_contain_text("Stop running and see a physician within 24-48 hours.")
    rules = page.locator(".fired-rules")
    expect(rules).to_contain_text(SPANISH["fever-or-unwell"].message)
    expect(rules).to_contain_text("In English:")
    expect(rules.locator(".needs-review", has_text="translation").first).to_be_visible()
    assert scroll_width(page) <= 1280
    # Django's own parts too (its breadcrumbs were white on light blue, not underlined).
    assert_accessible(page, "the staff case page")
