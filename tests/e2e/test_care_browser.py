"""My care on a phone: every link a runner gets leads to one home that knows their visit,
plan and check-ins; the free visit cannot be booked twice; a lost link can be asked for."""

import re
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from clinic.links import link_issue
from clinic.models import ClinicProfile, PrivateLink
from clinic.outbox import outbox_dispatch
from intake.demo import demo_answers
from intake.models import Visit
from intake.services import case_open
from programs.models import ProgramTemplate
from programs.services import PlanDraft, library_seed, plan_build
from tests.e2e.test_booking_browser import (
    another_device,
    dispatched,
    manage_link,
    slot_links,
    slot_start,
    spoken,
    therapist,  # noqa: F401 - a fixture
)
from tests.e2e.test_checkin_browser import checkin_link, yesterdays_run  # noqa: F401
from tests.e2e.test_intake_browser import (
    RUNNER,
    SMALL_PHONE,
    continue_,
    fill_contact,
    fill_function,
    heading,
    posting,
    reach_step,
    scroll_width,
    submit_answers,
)

pytestmark = pytest.mark.browser
# Screenshots to look at (never committed): under the system's temporary directory.
SHOTS = Path(tempfile.gettempdir()) / "portal-care-shots"


def fits_a_small_phone(page) -> None:
    page.set_viewport_size(SMALL_PHONE)
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(11, 85, 99)")
    assert scroll_width(page) <= 360, page.url
    page.set_viewport_size({"width": 390, "height": 844})


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_book_then_the_emailed_link_on_a_fresh_phone_opens_my_care_and_refuses_a_second_visit(
    page,
    portal,
    therapist,  # noqa: F811 - the fixture
    new_context,
    settings,
    assert_accessible,  # noqa: F811
):
    reach_step(page, portal, 5)
    fill_function(page)
    continue_(page)
    submit_answers(page)
    page.get_by_role("link", name="Book your free Discovery Visit").click()
    first = slot_links(page).first
    booked_at = slot_start(first)
    first.click()
    posting(page, page.get_by_role("button", name="Book this time").click)
    expect(heading(page)).to_have_text("Your free Discovery Visit is booked")
    expect(page.get_by_role("link", name="Add to calendar")).to_be_visible()
    expect(page.get_by_role("link", name="Change or cancel")).to_be_visible()
    assert_accessible(page, "done")
    shot(page, "done")
    ics = page.request.get(f"{portal}/visit/calendar.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "METHOD:PUBLISH" in ics.text()

    # The result page now shows the visit, not the booking button.
    page.goto(f"{portal}/intake/result/")
    expect(page.get_by_role("link", name="Book your free Discovery Visit")).to_have_count(0)
    expect(page.get_by_text(re.compile("Your Discovery Visit is booked"))).to_be_visible()

    settings.PORTAL_BASE_URL = portal
    confirmation = dispatched("Your free Discovery Visit is booked")
    phone = another_device(new_context)
    phone.goto(manage_link(portal, confirmation))
    phone.get_by_role("link", name="Go to My care").click()
    expect(phone).to_have_url(f"{portal}/care/")
    expect(heading(phone)).to_have_text("My care")
    visit_card = phone.locator(
        "section", has=phone.get_by_role("heading", name="Your Discovery Visit")
    )
    when = spoken(booked_at).replace(f", {booked_at.year}", "")
    expect(visit_card).to_contain_text(f"{when} (Eastern time)")
    expect(phone.get_by_role("heading", name="Your intake result")).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile("919-516-9050")).first).to_be_visible()
    assert_accessible(phone, "my care")
    fits_a_small_phone(phone)
    shot(phone, "care")

    # Booking again from the fresh phone: the clear answer, with the way to change it.
    phone.goto(f"{portal}/book/times/")
    expect(heading(phone)).to_have_text("You already have a visit")
    expect(phone.get_by_role("alert")).to_contain_text(
        f"You already have a Discovery Visit on {booked_at:%A} at"
    )
    expect(phone.get_by_role("alert")).to_contain_text("change it instead")
    assert_accessible(phone, "already booked")
    fits_a_small_phone(phone)
    shot(phone, "already")
    phone.get_by_role("link", name="Change or cancel it").click()
    expect(phone).to_have_url(f"{portal}/visit/")
    posting(phone, phone.get_by_role("button", name="Cancel this visit").click)
    expect(phone.get_by_text(f"Cancel your visit on {booked_at:%A} at")).to_be_visible()
    assert_accessible(phone, "cancel, asked once")
    shot(phone, "cancel-ask")
    assert Visit.objects.get().status == "booked"
    assert Visit.objects.count() == 1


@pytest.fixture
def plan_today(portal):
    library_seed()
    case = case_open(
        contact={
            "first_name": "Maya",
            "last_name": "Lopez",
            "email": "maya@example.com",
            "phone": "919-555-0101",
        },
        answers=demo_answers({}),
    )
    return plan_build(
        case=case,
        draft=PlanDraft(
            templates=list(ProgramTemplate.objects.filter(kind="exercise")[:1]),
            # The clinic's today (New York), not the server's: after 8 PM there it is
            # tomorrow in UTC, and the plan would not have started yet.
            start_date=timezone.localdate(timezone=ZoneInfo(ClinicProfile.load().timezone)),
        ),
    )


def test_the_plan_link_leads_to_my_care_with_todays_session(
    page, portal, plan_today, assert_accessible
):
    outbox_dispatch()
    body = next(m.body for m in mail.outbox if "/plan/open/" in m.body)
    page.goto(portal + re.search(r"http://testserver(/plan/open/\S+/)", body).group(1))
    expect(heading(page)).to_have_text("Your plan")
    page.get_by_role("link", name="My care").click()
    expect(heading(page)).to_have_text("My care")
    today = page.locator("section", has=page.get_by_role("heading", name="Today"))
    expect(today).to_contain_text("Today's session")
    expect(page.get_by_role("heading", name="Your plan")).to_be_visible()
    expect(page.get_by_role("heading", name="This week")).to_be_visible()
    plan_card = page.locator("section", has=page.get_by_role("heading", name="Your plan"))
    expect(plan_card).to_contain_text(re.compile(r"This week: 0 of \d+ sessions? done"))
    assert_accessible(page, "my care with a plan")
    fits_a_small_phone(page)
    shot(page, "care-plan")


def test_a_check_in_answered_shows_its_decision_on_my_care(
    page,
    portal,
    yesterdays_run,  # noqa: F811 - the fixture
    assert_accessible,
):
    page.goto(portal + checkin_link())
    page.get_by_label("The same").check()
    page.get_by_role("group", name="Pain this morning").get_by_text("3", exact=True).click()
    posting(page, lambda: page.get_by_role("button", name="Send").click())
    page.get_by_role("link", name="Go to My care").click()
    checkins = page.locator("section", has=page.get_by_role("heading", name="Your check-ins"))
    expect(checkins).to_contain_text("Morning after a run")
    expect(checkins).to_contain_text("Step back one stage")
    assert_accessible(page, "my care with a decision")
    shot(page, "care-checkin")


def test_lost_link_answers_the_same_for_known_and_unknown_and_sign_out_ends_it(
    page, portal, plan_today, assert_accessible
):
    page.goto(f"{portal}/care/")
    expect(heading(page)).to_have_text("Open the link in your e-mail")
    assert_accessible(page, "no session")
    shot(page, "no-session")
    page.get_by_role("link", name="Ask for a new link").click()
    expect(heading(page)).to_have_text("Lost your link?")
    assert_accessible(page, "lost link")
    fits_a_small_phone(page)
    shot(page, "lost-link")
    answers = []
    for address in ("maya@example.com", "nobody@example.com"):
        page.goto(f"{portal}/care/lost-link/")
        page.get_by_label("Your e-mail address").fill(address)
        posting(page, page.get_by_role("button", name="E-mail me a link").click)
        answers.append(page.locator("main").inner_text())
    assert answers[0] == answers[1] and "Check your e-mail" in answers[0]
    assert_accessible(page, "lost link sent")
    outbox_dispatch()
    links = [m for m in mail.outbox if m.subject == "Your link to My care"]
    assert [m.to for m in links] == [["maya@example.com"]]
    page.goto(portal + re.search(r"http://testserver(/care/open/\S+/)", links[0].body).group(1))
    expect(heading(page)).to_have_text("My care")
    posting(page, page.get_by_role("button", name="Sign out on this device").click)
    expect(heading(page)).to_have_text("You are signed out on this device")
    assert_accessible(page, "signed out")
    page.goto(f"{portal}/care/")
    expect(heading(page)).to_have_text("Open the link in your e-mail")


def test_my_care_with_an_unfinished_intake_offers_to_finish_it(
    page,
    portal,
    therapist,  # noqa: F811 - the fixture
    settings,
    assert_accessible,
):
    """Booked from /book/ without an intake, step 1 done from the invitation: My care's
    first thing to do is to finish the intake, where it was left."""
    settings.PORTAL_BASE_URL = portal
    page.goto(f"{portal}/book/")
    for label in ("First name", "Last name", "E-mail", "Phone"):
        page.get_by_label(label, exact=True).fill(RUNNER[label])
    page.get_by_label("In one line, what is the problem?").fill("Outside of the hip hurts")
    posting(page, page.get_by_role("button", name=re.compile("Continue|Choose a time")).click)
    slot_links(page).first.click()
    posting(page, page.get_by_role("button", name="Book this time").click)
    invite = dispatched("Before your visit: please complete the intake")
    page.goto(re.search(rf"{re.escape(portal)}/intake/invite/\S+/", invite.body).group(0))
    fill_contact(page)
    continue_(page)
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    page.get_by_role("link", name="My care").click()
    today = page.locator("section", has=page.get_by_role("heading", name="Today"))
    expect(today.get_by_role("link", name="Finish your intake")).to_be_visible()
    expect(page.get_by_role("heading", name="Your Discovery Visit")).to_be_visible()
    assert_accessible(page, "my care with an unfinished intake")
    fits_a_small_phone(page)
    shot(page, "care-draft")
    today.get_by_role("link", name="Finish your intake").click()
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()


def test_the_check_in_stop_link_asks_once_then_stops(page, portal, plan_today, assert_accessible):
    token = link_issue(
        purpose=PrivateLink.Purpose.CHECKINS_STOP, object_id=plan_today.pk, ttl=timedelta(days=1)
    )
    page.goto(f"{portal}/checkins/stop/{token}/")
    expect(heading(page)).to_have_text("Stop your check-in e-mails?")
    assert_accessible(page, "check-ins stop, asked")
    fits_a_small_phone(page)
    posting(page, page.get_by_role("button", name="Stop the check-in e-mails").click)
    expect(heading(page)).to_have_text("Your check-in e-mails are stopped")
    assert_accessible(page, "check-ins stopped")
    shot(page, "checkins-stopped")
    page.get_by_role("link", name="Go to My care").click()
    expect(heading(page)).to_have_text("My care")
