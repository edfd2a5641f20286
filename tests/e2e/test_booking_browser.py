"""Booking a Discovery Visit, driven in a real Chromium at phone size against the live portal:
from the result page to the confirmation e-mail, and through its private link to a new time
and a cancellation."""

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from clinic.models import ClinicProfile, Therapist, WorkingHours
from clinic.outbox import outbox_dispatch
from intake.demo import demo_answers
from intake.models import Case, Visit, VisitType
from intake.services import case_open
from intake.views import CASE_KEY
from tests.e2e.test_intake_browser import (
    RUNNER,
    SMALL_PHONE,
    continue_,
    fill_function,
    finish_intake_with_an_emergency_answer,
    heading,
    posting,
    reach_step,
    scroll_width,
    submit_answers,
)
from tests.mail import calendar_part

pytestmark = pytest.mark.browser

CLINIC_TZ = ZoneInfo("America/New_York")
THERAPIST = "Dr. Jordan Whitaker, PT, DPT"
SLOT_LINK = re.compile(r"^\d{1,2}:\d{2} [AP]M$")


@pytest.fixture
def therapist(portal):
    """A therapist in every day 08:00-18:00 clinic time, so free times exist whenever the
    tests run, and the online Discovery Visit (the migration's row is flushed between
    transactional tests)."""
    VisitType.objects.get_or_create(
        is_default=True, defaults={"name": "Discovery Visit", "duration_minutes": 30}
    )
    # Slots start on the half hour. Put the earliest bookable instant mid-way between two
    # starts, so the first time shown cannot fall below the notice while the test runs.
    now = timezone.now()
    ClinicProfile.objects.update_or_create(
        pk=1, defaults={"booking_min_notice_minutes": 120 + (15 - now.minute) % 30}
    )
    user = get_user_model().objects.create_user(
        username="jwhitaker", email="jordan.whitaker@endurance-unleashed.example"
    )
    therapist = Therapist.objects.create(user=user, display_name=THERAPIST)
    WorkingHours.objects.bulk_create(
        WorkingHours(therapist=therapist, weekday=weekday, start=time(8), end=time(18))
        for weekday in range(7)
    )
    return therapist


def another_device(new_context):
    context = new_context()
    context.set_default_timeout(10_000)
    return context.new_page()


def summary(page, term):
    """The value of one row of a visit's summary list, e.g. "When"."""
    term = page.locator(".visit-summary dt", has_text=term)
    return term.locator("xpath=following-sibling::dd[1]")


def slot_links(page):
    return page.locator("section.day").get_by_role("link", name=SLOT_LINK)


def slot_start(link) -> datetime:
    """The clinic-time start a slot link books, from its ?start=YYYYMMDDTHHMMZ."""
    raw = re.search(r"[?&]start=(\d{8}T\d{4}Z)", link.get_attribute("href")).group(1)
    return datetime.strptime(raw, "%Y%m%dT%H%MZ").replace(tzinfo=UTC).astimezone(CLINIC_TZ)


def spoken(start: datetime) -> str:
    """How the portal and its e-mails write a visit's time: "Monday, June 1, 2026 at 9:30 AM"."""
    hour = start.hour % 12 or 12
    return f"{start:%A, %B} {start.day}, {start.year} at {hour}:{start:%M %p}"


def dispatched(subject):
    """Deliver the outbox; the one e-mail of `subject`."""
    outbox_dispatch()
    found = [message for message in mail.outbox if message.subject == subject]
    assert len(found) == 1, [message.subject for message in mail.outbox]
    return found[0]


def calendar_file(message) -> str:
    part = calendar_part(message)
    assert part.get_filename() == "visit.ics"
    return part.get_content()


def manage_link(portal, message) -> str:
    links = re.findall(rf"{re.escape(portal)}/visit/[^/\s]+/", message.body)
    assert len(links) == 1, message.body
    return links[0]


def open_manage_link(page, portal, link):
    page.goto(link)
    expect(page).to_have_url(f"{portal}/visit/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in page.url
    expect(heading(page)).to_have_text("Your Discovery Visit")


def test_a_runner_books_moves_and_cancels_a_discovery_visit_from_the_routine_result(
    page, portal, therapist, new_context, settings, assert_accessible
):
    reach_step(page, portal, 5)
    fill_function(page)
    continue_(page)
    submit_answers(page)
    expect(heading(page)).to_contain_text("Book a free Discovery Visit")

    page.get_by_role("link", name="Book your free Discovery Visit").click()
    expect(page).to_have_url(f"{portal}/book/times/")
    expect(heading(page)).to_have_text("Choose a time for your free Discovery Visit")
    assert_accessible(page, "times")
    first = slot_links(page).first
    booked_at = slot_start(first)
    expect(first).to_have_text(f"{booked_at.hour % 12 or 12}:{booked_at:%M %p}")
    first.click()

    expect(heading(page)).to_have_text("Confirm your free Discovery Visit")
    expect(summary(page, "When")).to_contain_text(spoken(booked_at))
    expect(summary(page, "With")).to_have_text(THERAPIST)
    expect(summary(page, "Name")).to_have_text(f"{RUNNER['First name']} {RUNNER['Last name']}")
    expect(page.get_by_label("E-mail for the confirmation")).to_have_value(RUNNER["E-mail"])
    expect(page.get_by_label("Phone")).to_have_value(RUNNER["Phone"])
    assert_accessible(page, "confirm")
    posting(page, page.get_by_role("button", name="Book this time").click)

    expect(page).to_have_url(f"{portal}/book/done/")
    expect(heading(page)).to_have_text("Your free Discovery Visit is booked")
    expect(summary(page, "When")).to_contain_text(spoken(booked_at))
    assert_accessible(page, "done")

    visit = Visit.objects.get()
    assert (visit.status, visit.sequence, visit.start) == (Visit.Status.BOOKED, 0, booked_at)
    assert visit.therapist == therapist
    assert visit.case.status == Case.Status.VISIT_BOOKED

    settings.PORTAL_BASE_URL = portal  # links in e-mails lead to the live portal
    booked_mail = dispatched("Your free Discovery Visit is booked")
    assert booked_mail.to == [RUNNER["E-mail"]]
    assert spoken(booked_at) in booked_mail.body
    ics = calendar_file(booked_mail)
    assert "METHOD:PUBLISH" in ics
    assert "SEQUENCE:0" in ics
    assert f"DTSTART;TZID=America/New_York:{booked_at:%Y%m%dT%H%M%S}" in ics

    # The private link works on its own, on any device.
    phone = another_device(new_context)
    open_manage_link(phone, portal, manage_link(portal, booked_mail))
    expect(summary(phone, "When")).to_contain_text(spoken(booked_at))
    expect(summary(phone, "Status")).to_have_text("Booked")
    assert_accessible(phone, "manage")

    phone.get_by_role("link", name="Choose another time").click()
    expect(heading(phone)).to_have_text("Choose a new time")
    new_time = slot_links(phone).first
    moved_to = slot_start(new_time)
    assert moved_to != booked_at  # the booked time is not offered again
    new_time.click()
    expect(heading(phone)).to_have_text("Move your visit to this time?")
    expect(summary(phone, "When")).to_contain_text(spoken(moved_to))
    posting(phone, phone.get_by_role("button", name="Move my visit").click)
    expect(heading(phone)).to_have_text("Your visit has a new time")
    expect(summary(phone, "When")).to_contain_text(spoken(moved_to))

    visit.refresh_from_db()
    assert (visit.status, visit.sequence, visit.start) == (Visit.Status.BOOKED, 1, moved_to)

    mail.outbox.clear()
    moved_mail = dispatched("Your Discovery Visit has a new time")
    assert moved_mail.to == [RUNNER["E-mail"]]
    assert spoken(moved_to) in moved_mail.body
    ics = calendar_file(moved_mail)
    assert "SEQUENCE:1" in ics
    assert f"DTSTART;TZID=America/New_York:{moved_to:%Y%m%dT%H%M%S}" in ics

    open_manage_link(phone, portal, manage_link(portal, moved_mail))
    expect(summary(phone, "When")).to_contain_text(spoken(moved_to))
    posting(phone, phone.get_by_role("button", name="Cancel this visit").click)
    expect(phone.get_by_text(f"Cancel your visit on {moved_to:%A} at")).to_be_visible()
    posting(phone, phone.get_by_role("button", name="Yes, cancel it").click)
    expect(summary(phone, "Status")).to_have_text("Cancelled")
    expect(phone.get_by_role("button", name="Cancel this visit")).to_have_count(0)
    assert_accessible(phone, "manage, cancelled")

    visit.refresh_from_db()
    assert (visit.status, visit.sequence, visit.start) == (Visit.Status.CANCELLED, 1, moved_to)
    assert visit.cancelled_at is not None
    assert Visit.objects.count() == 1
    assert visit.case.status == Case.Status.NEW

    mail.outbox.clear()
    cancelled_mail = dispatched("Your Discovery Visit is cancelled")
    ics = calendar_file(cancelled_mail)
    assert "METHOD:CANCEL" in ics
    assert "SEQUENCE:2" in ics


def expect_emergency_instructions(page, response):
    assert response.status == 403
    expect(heading(page)).to_contain_text("Go to an emergency department now")
    expect(page.locator('a[href="tel:911"]').first).to_be_visible()
    expect(page.locator('a[href*="/book/confirm/"]')).to_have_count(0)


def test_an_emergency_case_is_never_offered_booking(page, portal, therapist, assert_accessible):
    finish_intake_with_an_emergency_answer(page, portal)
    expect(heading(page)).to_contain_text("Go to an emergency department now")
    assert Case.objects.get().triage_level == Case.Level.EMERGENCY

    expect_emergency_instructions(page, page.goto(f"{portal}/book/times/"))
    assert_accessible(page, "booking refused")
    expect_emergency_instructions(page, page.goto(f"{portal}/book/"))

    # Nor by typing a free time into the address bar, or by sending the form anyway.
    start = (timezone.now() + timedelta(days=2)).astimezone(CLINIC_TZ)
    slot = start.replace(hour=10, minute=0).astimezone(UTC).strftime("%Y%m%dT%H%MZ")
    expect_emergency_instructions(page, page.goto(f"{portal}/book/confirm/?start={slot}"))
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    sent = page.request.post(
        f"{portal}/book/confirm/",
        form={
            "csrfmiddlewaretoken": csrf,
            "start": slot,
            "therapist": "",
            "email": RUNNER["E-mail"],
            "phone": RUNNER["Phone"],
        },
        headers={"Origin": portal},
    )
    assert sent.status == 403
    assert "<h1>Go to an emergency department now" in sent.text()
    assert "so we can't book a clinic visit" in sent.text()
    assert not Visit.objects.exists()


def test_the_times_page_fits_a_360_pixel_screen(page, portal, therapist, assert_accessible):
    # A "soon" case, opened without the UI: its page also lists the earliest times first.
    fields = {"first_name": "First name", "last_name": "Last name", "email": "E-mail"}
    contact = {key: RUNNER[label] for key, label in {**fields, "phone": "Phone"}.items()}
    answers = demo_answers({"night_pain": True, "night_pain_constant": False})
    with transaction.atomic():
        case = case_open(contact=contact, answers=answers)
    assert case.triage_level == Case.Level.SOON
    session = SessionStore()
    session[CASE_KEY] = case.pk
    session.create()
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": portal}]
    )

    page.set_viewport_size(SMALL_PHONE)
    page.goto(f"{portal}/book/times/")
    # The stylesheets must have loaded, or "fits the screen" would prove nothing.
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(11, 85, 99)")
    expect(heading(page)).to_have_text("Choose a time for your free Discovery Visit")
    expect(page.get_by_role("heading", name="Earliest times")).to_be_visible()
    expect(page.get_by_label("Therapist")).to_contain_text(THERAPIST)
    assert scroll_width(page) <= 360
    assert_accessible(page, "times at 360 px")
