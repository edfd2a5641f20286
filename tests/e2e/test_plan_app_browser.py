"""The plan page as an app in a real Chromium on a phone: the strip of days, today's cards,
progress, and the timer with its sound, spoken cues and screen wake lock."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.links import link_issue
from clinic.models import PrivateLink
from programs.services import library_seed
from programs.suggest import HIP_STRENGTH, WALK_RUN, WARM_UP
from tests.e2e.test_intake_browser import SMALL_PHONE, posting, scroll_width
from tests.programs.conftest import build

pytestmark = pytest.mark.browser

# Records what the page asks the browser to say, then lets the browser say it.
SPOKEN = """
window.spoken = [];
const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
window.speechSynthesis.speak = (utterance) => {
  window.spoken.push(utterance.text);
  speak(utterance);
};
"""


@pytest.fixture
def plan_url(portal):
    library_seed()  # transactional tests start from an empty database
    today = timezone.now().astimezone(ZoneInfo("America/New_York")).date()
    plan = build(names=(HIP_STRENGTH, WARM_UP, WALK_RUN), start=today)  # the demo plan
    token = link_issue(purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=timedelta(days=1))
    return f"{portal}/plan/open/{token}/"


def test_the_plan_opens_on_today_with_the_week_as_a_strip(page, plan_url, assert_accessible):
    page.goto(plan_url)
    strip = page.locator(".strip")
    expect(strip.get_by_role("link")).to_have_count(7)
    today = strip.get_by_role("link", name=re.compile(", today: Today$"))
    expect(today).to_have_attribute("aria-current", "true")
    expect(page.locator(".exercise-card").first).to_be_visible()
    card = page.locator(".exercise-card").first
    card.get_by_text("How to do it").click()
    expect(card.locator(".exercise-steps li").first).to_be_visible()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.locator(".ladder-near .rung-current")).to_contain_text("Level 1")
    every_level = page.locator(".ladder-all .rung")
    expect(every_level.first).to_be_hidden()  # folded on a phone
    page.get_by_text("All 10 levels").click()
    expect(every_level).to_have_count(10)
    expect(every_level.last).to_be_visible()
    assert_accessible(page, "plan page, today")

    strip.get_by_role("link").nth(1).click()  # tomorrow: a rest day, or its sessions
    expect(page.get_by_role("link", name="Back to today")).to_be_visible()
    expect(strip.get_by_role("link").nth(1)).to_have_attribute("aria-current", "true")
    assert_accessible(page, "plan page, another day")
    page.set_viewport_size(SMALL_PHONE)
    assert scroll_width(page) <= 360


def test_the_timer_beeps_keeps_the_screen_on_while_running_and_speaks(page, plan_url):
    page.add_init_script(SPOKEN)
    page.goto(plan_url)
    timer = page.locator(".interval-timer")
    expect(timer).to_have_attribute("data-audio", "off")  # nothing before the first tap
    expect(timer.locator(".timer-clock")).to_have_text("9:00")  # the first interval, walking
    timer.get_by_label("Say each change out loud").check()
    timer.get_by_role("button", name="Start").click()
    expect(timer).to_have_attribute("data-state", "running")
    expect(timer).to_have_attribute("data-audio", "running")
    expect(timer).to_have_attribute("data-wake-lock", "held")
    expect(timer).to_have_attribute("data-beeps", "1")
    assert page.evaluate("window.spoken") == ["Walk 9 minutes"]

    timer.get_by_role("button", name="Pause").click()
    expect(timer).to_have_attribute("data-state", "paused")
    expect(timer).to_have_attribute("data-wake-lock", "released")
    timer.get_by_role("button", name="Resume").click()
    expect(timer).to_have_attribute("data-wake-lock", "held")
    timer.get_by_role("button", name="Reset").click()
    expect(timer).to_have_attribute("data-wake-lock", "released")

    page.reload()  # the spoken cues stay chosen on this phone
    expect(page.get_by_label("Say each change out loud")).to_be_checked()


def test_the_timer_is_right_after_the_phone_was_locked(page, plan_url):
    page.clock.install()
    page.add_init_script(SPOKEN)
    page.goto(plan_url)
    page.get_by_label("Say each change out loud").check()
    timer = page.locator(".interval-timer")
    timer.get_by_role("button", name="Start").click()
    # Locked for 9 min 10 s: the page's timers fire once at most (as on a sleeping phone),
    # and the clock says where the runner is.
    page.clock.fast_forward("09:10")
    expect(timer.locator(".timer-label")).to_have_text("Run")
    expect(timer.locator(".timer-clock")).to_have_text("0:50")
    expect(timer.locator(".timer-progress")).to_have_text("Interval 2 of 6, 20:50 left in all")
    expect(timer).to_have_attribute("data-beeps", "2")
    assert page.evaluate("window.spoken")[-1] == "Run 1 minute"


def test_the_saved_log_shows_in_words_with_the_form_ready_to_change_it(page, plan_url):
    page.goto(plan_url)
    session = page.locator("article.session").first
    session.locator(".pain-scale label", has_text=re.compile("^3$")).click()
    session.get_by_label("Note (optional)").fill("Left hip tight at the end")
    posting(page, lambda: session.get_by_role("button", name="Partly").click())
    saved = page.locator("article.session").first.locator(".saved-log")
    expect(saved.locator("dt")).to_have_text(["How it went", "Pain during", "Your note"])
    expect(saved.locator("dd")).to_have_text(["Partly", "3 out of 10", "Left hip tight at the end"])
    expect(page.get_by_text("Change your log.").first).to_be_visible()
    expect(page.locator("article.session").first.locator("input[value='3']")).to_be_checked()


# Letter paper less the print CSS's @page margins (12 mm at the sides, 14 mm top and bottom),
# in CSS pixels (96 an inch).
PRINTED_WIDTH, PRINTED_HEIGHT = 816 - 2 * 45, 1056 - 2 * 53


def test_the_printed_plan_carries_this_week_on_its_first_page(page, plan_url, assert_accessible):
    page.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    page.goto(plan_url)
    page.get_by_role("link", name="Printable plan").click()
    page.get_by_role("button", name="Print").click()  # js/print.js shows it and prints
    assert page.evaluate("window.printed") == 1
    assert_accessible(page, "printable plan")
    page.set_viewport_size({"width": PRINTED_WIDTH, "height": PRINTED_HEIGHT})
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator(".print-week tbody th")).to_have_count(7)
    week = page.locator(".print-week").bounding_box()
    assert week["y"] + week["height"] <= PRINTED_HEIGHT, week
