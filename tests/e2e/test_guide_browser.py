"""A runner on a phone finds the clinic's guide from the home page, reads it, and follows
"Check your symptoms in 10 minutes" from a warning sign into the intake: every guide page
axe-clean, no horizontal scroll at 390 or 360 px, nothing refused by the CSP (the clinic's
schema.org block is data, not script)."""

import re

from playwright.sync_api import expect

from content.models import Page
from content.seed import pages_write
from programs.services import library_seed
from tests.e2e.test_csp_browser import watch_violations

EXERCISES = ["Glute bridge", "Monster walk", "Hip flexor stretch", "Single-leg deadlift"]


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_runner_reads_the_guide_and_checks_their_symptoms(portal, page, assert_accessible):
    library_seed()
    pages_write(Page)
    refused = watch_violations(page)
    page.goto(portal + "/")
    page.get_by_role("link", name="Read the guide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hip pain in runners: our guide")
    assert_accessible(page, "the guide's index")
    no_sideways_scroll(page)

    for guide_page in Page.objects.published():
        page.goto(portal + guide_page.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(guide_page.title)
        cta = page.locator(".guide-cta")
        expect(cta.get_by_role("link", name="Book your free Discovery Visit")).to_be_visible()
        expect(cta.get_by_role("link", name="919-516-9050")).to_be_visible()
        assert_accessible(page, guide_page.slug)
        no_sideways_scroll(page)
        page.set_viewport_size({"width": 360, "height": 740})
        no_sideways_scroll(page)
        page.set_viewport_size({"width": 390, "height": 844})

    page.goto(portal + "/guide/exercises/")
    names = page.locator(".exercise-card h2").all_inner_texts()
    assert names == EXERCISES

    page.goto(portal + "/guide/")
    page.get_by_role("link", name="Warning signs: when to stop running and get checked").click()
    check = "Check your symptoms in 10 minutes"
    signs = page.locator(".guide-body").get_by_role("link", name=check)
    expect(signs).to_have_count(4)
    signs.first.click()
    page.wait_for_url(re.compile(r"/intake/step/1/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "the intake's first step, from the guide")
    assert refused == []


def test_a_spanish_reader_reads_the_clinics_words_and_the_guide_in_spanish(
    portal, page, assert_accessible
):
    library_seed()
    pages_write(Page)
    page.goto(portal + "/")
    page.get_by_role("button", name="Español").click()
    expect(page.locator(".lead").first).to_contain_text("Fisioterapia para corredores")
    assert_accessible(page, "home in Spanish")
    page.goto(portal + "/intake/step/1/")
    expect(page.locator("#consent-text")).to_contain_text("Acepto que Endurance Unleashed")
    page.goto(portal + "/guide/warning-signs/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Señales de alarma: cuándo dejar de correr y hacerse revisar"
    )
    assert_accessible(page, "a guide page in Spanish")
    no_sideways_scroll(page)
    page.set_viewport_size({"width": 360, "height": 740})
    no_sideways_scroll(page)
