"""Backup codes: ten one-time codes shown once when the authenticator app is set up, each
logging in once in place of the app's code, and regenerable by the staff member."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import AuditEvent
from tests.staff import PASSWORD, current_code, device_for, staff_user, verified

pytestmark = pytest.mark.django_db

CODES = re.compile(r"<li><code>([a-z2-7]{8})</code></li>")


def enrol(client, username="newbie") -> list[str]:
    staff_user(username, is_superuser=True)
    client.post("/admin/login/?next=/admin/", {"username": username, "password": PASSWORD})
    client.get("/admin/otp/enrol/")
    device = TOTPDevice.objects.get(user__username=username)
    response = client.post("/admin/otp/enrol/", {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return CODES.findall(response.content.decode())


def password_step(client, username="newbie"):
    client.logout()
    client.post("/admin/login/", {"username": username, "password": PASSWORD})


def test_enrolment_shows_ten_different_backup_codes_once(client):
    codes = enrol(client)
    assert len(set(codes)) == 10
    page = client.get("/admin/otp/backup-codes/").content.decode()
    assert "<strong>10</strong> unused backup codes" in page
    assert not any(code in page for code in codes)  # never shown again


def test_a_backup_code_logs_in_once_in_place_of_the_app(client):
    code = enrol(client)[3]
    password_step(client)
    # Typed from paper: capitals and a space are fine.
    typed = f"{code[:4].upper()} {code[4:]}"
    response = client.post("/admin/otp/verify/", {"code": typed, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/intake/case/").status_code == 200
    assert AuditEvent.objects.filter(action="login", detail="backup code").count() == 1
    assert StaticToken.objects.filter(device__user__username="newbie").count() == 9

    password_step(client)
    again = client.post("/admin/otp/verify/", {"code": code, "next": "/admin/"})
    assert again.status_code == 200 and "That code is not right" in again.content.decode()
    assert client.get("/admin/").status_code == 302


def test_regenerating_retires_every_old_code(client):
    old = enrol(client)
    response = client.post("/admin/otp/backup-codes/")
    new = CODES.findall(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEvent.objects.filter(detail="backup codes regenerated").count() == 1
    password_step(client)
    refused = client.post("/admin/otp/verify/", {"code": old[0], "next": "/admin/"})
    assert refused.status_code == 200
    # django-otp throttles a device for a second after a wrong code.
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        assert client.post("/admin/otp/verify/", {"code": new[0]}).status_code == 302


def test_backup_codes_page_needs_a_verified_login(client):
    user = staff_user("pat", is_superuser=True)
    device_for(user)
    client.force_login(user)  # password only
    assert client.post("/admin/otp/backup-codes/").status_code == 302
    assert not StaticToken.objects.exists()
    verified(client, user)
    page = client.get("/admin/otp/backup-codes/").content.decode()
    assert "<strong>0</strong> unused backup codes" in page


def test_every_admin_page_links_to_the_backup_codes(client):
    verified(client, staff_user("pat", is_superuser=True))
    assert 'href="/admin/otp/backup-codes/"' in client.get("/admin/").content.decode()
