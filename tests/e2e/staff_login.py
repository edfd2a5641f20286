"""Staff log in to the admin in a real browser: the password, then the current TOTP code."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.test_intake_browser import posting
from tests.staff import PASSWORD, current_code


def log_in_in_the_browser(page, portal: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{portal}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    posting(page, lambda: page.get_by_role("button", name="Log in").click())
    # The second step: the code the staff member's app shows now.
    device = TOTPDevice.objects.get(user__username=username)
    page.get_by_label("6-digit code from your authenticator app").fill(current_code(device))
    posting(page, lambda: page.get_by_role("button", name="Verify").click())
