"""In a real Chromium, the strict Content-Security-Policy blocks nothing the portal needs:
no violation on the runner's pages or on the admin pages staff use (widgets, inlines, the
plan builder, the enrolment QR code)."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import Therapist
from intake.demo import demo_answers
from intake.services import case_open
from programs.services import library_seed
from tests.e2e.test_intake_browser import posting
from tests.staff import PASSWORD, current_code

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 900}


def watch_violations(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


@pytest.fixture
def case(portal):
    library_seed()
    user = get_user_model().objects.create_superuser("boss", "boss@clinic.example", PASSWORD)
    Therapist.objects.create(user=user, display_name="Alex Rivera, PT")
    return case_open(
        contact={
            "first_name": "Maya",
            "last_name": "Lopez",
            "email": "maya@example.com",
            "phone": "919-555-0101",
        },
        answers=demo_answers({}),
    )


def test_the_runner_pages_run_under_the_policy(page, portal):
    violations = watch_violations(page)
    for path in ("/", "/intake/step/1/", "/book/"):
        page.goto(portal + path)
    assert not violations, violations


def test_enrolment_then_the_admin_pages_run_under_the_policy(new_context, portal, case):
    context = new_context()
    context.set_default_timeout(10_000)
    admin = context.new_page()
    admin.set_viewport_size(LAPTOP)
    violations = watch_violations(admin)
    admin.goto(f"{portal}/admin/login/")
    admin.get_by_label("Username").fill("boss")
    admin.get_by_label("Password").fill(PASSWORD)
    posting(admin, lambda: admin.get_by_role("button", name="Log in").click())
    # First login: the enrolment page with its QR code, then the first code confirms it.
    assert admin.locator("figure.otp-qr svg").is_visible()
    device = TOTPDevice.objects.get(user__username="boss")
    admin.get_by_label("6-digit code from your authenticator app").fill(current_code(device))
    posting(admin, lambda: admin.get_by_role("button", name="Confirm and continue").click())
    # Then the ten backup codes, once, and on to the admin.
    assert admin.locator("ol.backup-codes li").count() == 10
    admin.get_by_role("link", name="I have saved them: continue").click()
    admin.wait_for_url(f"{portal}/admin/")
    therapist = Therapist.objects.get()
    for path in (
        "/admin/intake/case/",
        f"/admin/intake/case/{case.pk}/change/",
        f"/admin/programs/plan/build/{case.pk}/",
        "/admin/intake/visit/add/",
        f"/admin/clinic/therapist/{therapist.pk}/change/",
        f"/admin/intake/runner/{case.runner_id}/export/",
        "/admin/clinic/auditevent/",
        f"/admin/intake/case/{case.pk}/history/",
    ):
        admin.goto(portal + path)
        admin.wait_for_load_state("load")
    # Widgets that build their markup in script: the calendar and the inline's "add".
    admin.goto(f"{portal}/admin/intake/visit/add/")
    admin.locator(".datetimeshortcuts a").first.click()
    admin.goto(f"{portal}/admin/clinic/therapist/{therapist.pk}/change/")
    admin.locator(".add-row a").first.click()
    assert not violations, "\n".join(violations)
    context.close()
