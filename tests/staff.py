"""Staff logins for tests, the honest way: a real confirmed TOTP device for the user.

`verified` marks a session verified exactly as django_otp.login() does (the device's
persistent id in the session), for tests about what a logged-in role sees. `log_in` goes
through both real login steps: password, then the current code from the device's key.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a long test password"


def staff_user(username: str, role: str | None = None, **fields):
    user = get_user_model().objects.create_user(
        username, f"{username}@clinic.example", PASSWORD, is_staff=True, **fields
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def device_for(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """What the staff member's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verified(client, user):
    """`client` logged in as `user` with a verified device, as after the two steps."""
    device = device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def log_in(client, username: str, password: str = PASSWORD, code: str | None = None):
    """Both steps through the real forms; returns the code step's response."""
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    user = get_user_model().objects.get(username=username)
    if code is None:
        code = current_code(device_for(user))
    return client.post("/admin/otp/verify/", {"code": code, "next": "/admin/"})
