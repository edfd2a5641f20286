"""A check-in on a phone: the runner answers the morning after a run, the decision shows on
the plan page, and the therapist finds it in the review queue."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from intake.demo import demo_answers
from intake.services import case_open
from programs.models import CheckIn, PlanSession, ProgramTemplate, SessionLog
from programs.services import PlanDraft, library_seed, plan_build
from programs.suggest import WALK_RUN
from tests.e2e.staff_login import log_in_in_the_browser
from tests.e2e.test_intake_browser import SMALL_PHONE, heading, posting, scroll_width
from tests.staff import device_for, staff_user

pytestmark = pytest.mark.browser


@pytest.fixture
def yesterdays_run(portal):
    """A walk/run plan that started yesterday, its first run logged with pain 7: above the
    stage's limit of 5, so this morning's check-in decides a step back (level 1 stays level
    1) and asks for a therapist's look."""
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
    plan = plan_build(
        case=case,
        draft=PlanDraft(
            templates=[ProgramTemplate.objects.get(name=WALK_RUN)],
            start_date=timezone.localdate() - timedelta(days=1),
        ),
    )
    session = PlanSession.objects.filter(plan=plan, kind="run").order_by("date").first()
    SessionLog.objects.create(session=session, outcome="done", pain_during=7)
    # Its morning check-in is due at 08:00 clinic time; the test may run at any hour.
    checkin = CheckIn.objects.get(kind="morning_after", session=session)
    OutboundEmail.objects.filter(kind="checkin", object_id=checkin.pk).update(due_at=timezone.now())
    return plan


def checkin_link():
    outbox_dispatch()
    body = next(m.body for m in reversed(mail.outbox) if "/checkin/" in m.body)
    return re.search(r"http://testserver(/checkin/\S+/)", body).group(1)


def test_the_runner_answers_on_a_phone_and_the_therapist_reviews_it(
    page, portal, yesterdays_run, new_context, assert_accessible
):
    page.goto(portal + checkin_link())
    expect(heading(page)).to_have_text("Morning after a run")
    assert_accessible(page, "check-in form")
    page.set_viewport_size(SMALL_PHONE)
    assert scroll_width(page) <= 360
    # Prefilled from the log: pain 7 during the run.
    during = page.get_by_role("group", name="Pain during that run")
    expect(during.get_by_role("radio", name="7", exact=True)).to_be_checked()
    page.get_by_label("The same").check()
    page.get_by_role("group", name="Pain this morning").get_by_text("3", exact=True).click()
    posting(page, lambda: page.get_by_role("button", name="Send").click())
    expect(page.get_by_role("heading", name="Your return to running")).to_be_visible()
    expect(page.get_by_text("above this stage's limit")).to_be_visible()
    assert_accessible(page, "check-in answered")

    device_for(staff_user("pt", "Therapist"))
    staff = new_context().new_page()
    staff.set_viewport_size({"width": 1280, "height": 900})
    log_in_in_the_browser(staff, portal, "pt")
    staff.get_by_role("link", name=re.compile("1 check-in to review")).click()
    row = staff.get_by_role("row", name=re.compile("Maya Lopez"))
    expect(row).to_contain_text("step back one stage")
    row.get_by_role("checkbox").check()
    staff.get_by_label("Action:").select_option(label="Mark reviewed")
    posting(staff, lambda: staff.get_by_role("button", name="Go").click())
    expect(staff.get_by_text("1 check-in(s) marked reviewed.")).to_be_visible()
