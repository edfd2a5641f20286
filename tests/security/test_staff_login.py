"""Staff accounts: a password then a TOTP code, enrolment with a QR code, lockout after
repeated failures, password rules, idle and absolute session limits, deactivation."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import AuditEvent
from tests.staff import PASSWORD, current_code, device_for, log_in, staff_user, verified

pytestmark = pytest.mark.django_db


def test_a_password_alone_does_not_open_the_admin(client):
    user = staff_user("pat", is_superuser=True)
    device_for(user)
    client.force_login(user)  # the password step done, the code step not
    response = client.get("/admin/intake/case/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"].startswith("/admin/otp/verify/")


def test_the_two_step_login_opens_the_admin_and_is_audited(client):
    device_for(staff_user("pat", is_superuser=True))
    response = log_in(client, "pat")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/intake/case/").status_code == 200
    event = AuditEvent.objects.get(action="login")
    assert (event.username, event.ip) == ("pat", "127.0.0.1")


def test_a_wrong_code_is_refused_and_the_admin_stays_shut(client):
    device_for(staff_user("pat", is_superuser=True))
    response = log_in(client, "pat", code="000000")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_new_staff_member_enrols_an_app_from_a_qr_code_on_first_login(client):
    staff_user("newbie", is_superuser=True)
    client.post("/admin/login/?next=/admin/", {"username": "newbie", "password": PASSWORD})
    page = client.get("/admin/otp/verify/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/admin/otp/enrol/")
    html = page.content.decode()
    assert "<svg" in html and "otp-secret" in html
    assert "no-store" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user__username="newbie")
    assert not device.confirmed
    response = client.post("/admin/otp/enrol/", {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 200  # the backup codes, shown once (test_backup_codes.py)
    assert "shown only this once" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="otp-enrol", username="newbie").exists()


def test_a_stolen_password_cannot_enrol_a_second_app(client):
    device_for(staff_user("pat", is_superuser=True))
    client.post("/admin/login/", {"username": "pat", "password": PASSWORD})
    response = client.get("/admin/otp/enrol/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/otp/verify/")
    assert TOTPDevice.objects.filter(user__username="pat").count() == 1


def test_the_code_step_needs_the_password_step_first(client):
    response = client.get("/admin/otp/verify/")
    assert response.status_code == 302 and response["Location"] == "/admin/login/"


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client):
    device_for(staff_user("pat", is_superuser=True))
    for _ in range(5):
        client.post("/admin/login/", {"username": "pat", "password": "wrong password!"})
    response = client.post("/admin/login/", {"username": "pat", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page and "try again in 15 minutes" in page
    assert int(response["Retry-After"]) == 15 * 60
    # Still locked from another address: the username itself is locked.
    client.defaults["REMOTE_ADDR"] = "10.0.0.7"
    assert (
        client.post("/admin/login/", {"username": "pat", "password": PASSWORD}).status_code == 429
    )


def test_the_lock_lifts_after_the_cool_off(client):
    device_for(staff_user("pat", is_superuser=True))
    for _ in range(5):
        client.post("/admin/login/", {"username": "pat", "password": "wrong password!"})
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert log_in(client, "pat").status_code == 302


def test_guessing_codes_locks_the_account_too(client):
    device_for(staff_user("pat", is_superuser=True))
    client.post("/admin/login/", {"username": "pat", "password": PASSWORD})
    statuses = [
        client.post("/admin/otp/verify/", {"code": f"{n:06d}"}).status_code for n in range(6)
    ]
    assert statuses[:4] == [200] * 4 and statuses[4] == 429
    assert client.get("/admin/").status_code == 302  # logged out by the lockout
    assert client.post("/admin/login/", {"username": "pat", "password": PASSWORD}).status_code == (
        429
    )


def test_one_address_guessing_many_usernames_is_locked(client):
    for number in range(5):
        client.post("/admin/login/", {"username": f"guess{number}", "password": "x" * 12})
    device_for(staff_user("pat", is_superuser=True))
    assert client.post("/admin/login/", {"username": "pat", "password": PASSWORD}).status_code == (
        429
    )


@pytest.mark.parametrize("weak", ["short1!", "password1234", "12345678901234", "pat-clinic"])
def test_django_password_validators_refuse_weak_passwords(weak):
    user = staff_user("pat-clinic")
    with pytest.raises(ValidationError):
        validate_password(weak, user)


def test_staff_are_signed_out_after_30_idle_minutes(client):
    user = staff_user("pat", is_superuser=True)
    verified(client, user)
    assert client.get("/admin/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31)):
        response = client.get("/admin/")
        assert response.status_code == 302
        login = client.get(response["Location"])
        assert "signed out after 30 idle minutes" in login.content.decode()
        assert client.get("/admin/").status_code == 302


def test_a_session_left_for_hours_is_gone_from_the_store_too(client):
    verified(client, staff_user("pat", is_superuser=True))
    client.get("/admin/")
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get("/admin/").status_code == 302


def test_staff_are_signed_out_12_hours_after_login_however_active(client):
    user = staff_user("pat", is_superuser=True)
    verified(client, user)
    start = timezone.now()
    for minutes in range(0, 12 * 60, 20):  # a click every 20 minutes all day
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/admin/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=5)):
        assert client.get("/admin/").status_code == 302


def test_deactivating_an_account_ends_its_sessions(client):
    user = staff_user("pat", is_superuser=True)
    verified(client, user)
    assert client.get("/admin/").status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/intake/case/").status_code == 302


def test_wrong_codes_count_across_correct_passwords(client):
    """Four wrong codes, the password again, four more: the count goes on, and locks."""
    device_for(staff_user("pat", is_superuser=True))
    statuses = []
    for _round in range(2):
        client.logout()  # a fresh start at the password step
        response = client.post("/admin/login/", {"username": "pat", "password": PASSWORD})
        assert response.status_code == 302  # the password is right: on to the code
        statuses += [
            client.post("/admin/otp/verify/", {"code": f"{n:06d}"}).status_code for n in range(4)
        ]
    assert statuses[:4] == [200] * 4 and 429 in statuses[4:]
    assert client.post("/admin/login/", {"username": "pat", "password": PASSWORD}).status_code == (
        429
    )


def test_another_users_login_does_not_reset_the_address_count(client):
    device_for(staff_user("pat", is_superuser=True))
    device_for(staff_user("sam", is_superuser=True))
    for number in range(4):
        client.post("/admin/login/", {"username": f"guess{number}", "password": "x" * 12})
    assert log_in(client, "sam").status_code == 302  # a colleague logs in from the same PC
    client.logout()
    client.post("/admin/login/", {"username": "guess9", "password": "x" * 12})  # the fifth
    assert client.post("/admin/login/", {"username": "pat", "password": PASSWORD}).status_code == (
        429
    )


def test_a_full_login_clears_the_users_own_typos_from_that_address(client):
    device_for(staff_user("pat", is_superuser=True))
    for _ in range(3):
        client.post("/admin/login/", {"username": "pat", "password": "wrong password!"})
    assert log_in(client, "pat").status_code == 302
    client.logout()
    for _ in range(4):  # a fresh allowance: four more typos do not lock
        client.post("/admin/login/", {"username": "pat", "password": "wrong password!"})
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):  # the next code
        assert log_in(client, "pat").status_code == 302


def test_a_half_logged_in_session_can_log_out(client):
    """Password given, code not: on a shared front-desk PC "Log out" must still work."""
    device_for(staff_user("pat", is_superuser=True))
    client.post("/admin/login/", {"username": "pat", "password": PASSWORD})
    page = client.get("/admin/otp/verify/").content.decode()
    assert 'action="/admin/logout/"' in page and "Log out" in page
    response = client.post("/admin/logout/")
    assert response.status_code == 200 and "Logged out" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Back at the password step, not the code step.
    assert client.get("/admin/otp/verify/").url == "/admin/login/"


def test_a_logout_by_get_changes_nothing(client):
    device_for(staff_user("pat", is_superuser=True))
    client.post("/admin/login/", {"username": "pat", "password": PASSWORD})
    assert client.get("/admin/logout/").status_code == 405
    assert "_auth_user_id" in client.session
