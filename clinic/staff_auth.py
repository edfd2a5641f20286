"""The admin's second login step: a TOTP code (or a one-time backup code), or enrolment of an
authenticator app; and the staff member's backup codes.

A wrong code counts as a failed login for django-axes, so guessing codes locks the account
and the address just as guessing passwords does; a correct password does not reset that
count (settings.AXES_RESET_ON_SUCCESS), only a full login does, for its own attempts.
Backup codes are django-otp's static tokens: ten, shown once when the app is set up and again
only when regenerated (which retires the old ten), each working once. A lost phone then needs
no clinic admin at 7 am.

clinic/admin_site.py imports this module, never the reverse: the site uses the login.
"""

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.audit import audit_record
from clinic.net import client_ip

BACKUP_CODES = 10
BACKUP_DEVICE_NAME = "Backup codes"


def next_url(request) -> str:
    """Where to go after the code step: `next`, when it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse("admin:index")


def needs_second_step(request) -> bool:
    user = request.user
    return user.is_authenticated and user.is_active and user.is_staff and not user.is_verified()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class LoginCodeForm(forms.Form):
    """The code step: the app's 6 digits, or one of the ten backup codes (8 letters and
    digits; spaces and capitals as typed from paper are fine)."""

    code = forms.CharField(
        label="6-digit code from your authenticator app, or a backup code",
        max_length=20,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _locked_out(request) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    credentials = {"username": request.user.get_username()}
    return AxesProxyHandler.is_locked(request, credentials)


def _refuse_code(request, form) -> None:
    form.add_error("code", "That code is not right. Codes change every 30 seconds.")
    user_login_failed.send(
        sender=__name__, credentials={"username": request.user.get_username()}, request=request
    )


def _check(device: Device, code: str) -> bool:
    """Verify under a row lock, so two requests cannot spend one code (django-otp also
    refuses a TOTP code from a time step already used, and deletes a backup code it used)."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        return locked.verify_token(code)


def _forget_own_attempts(request) -> None:
    """After both steps, the user's own earlier typos from this address no longer count.
    Attempts at this username from other addresses, and at other usernames from this one,
    stay until their cool-off: someone else's success must not clear them."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(
        username=request.user.get_username(), ip_address=client_ip(request)
    ).delete()


def _signed_in(request, device: Device, action: str, detail: str = ""):
    otp_login(request, device)
    _forget_own_attempts(request)
    audit_record(request, action, obj=request.user, detail=detail)
    return redirect(next_url(request))


def _verify_code(request, totp: TOTPDevice, code: str):
    """The device the code belongs to, checked: the app's 6 digits, else a backup code."""
    if code.isdigit() and len(code) == 6:
        allowed, _ = totp.verify_is_allowed()
        return totp if allowed and _check(totp, code) else None
    backup = StaticDevice.objects.devices_for_user(request.user, confirmed=True).first()
    return backup if backup is not None and _check(backup, code) else None


def backup_codes_issue(user) -> list[str]:
    """Ten new one-time codes for `user`, replacing any earlier ones. Only the caller sees
    them: they are shown once and never again."""
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def _page(request, site, template: str, context: dict):
    context = {
        **site.each_context(request),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        **context,
    }
    response = TemplateResponse(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


def _lockout(request):
    credentials = {"username": request.user.get_username()}
    logout(request)
    return lockout_response(request, credentials=credentials)


@never_cache
@csrf_protect
@sensitive_post_parameters("code")
def verify(request, site):
    if not needs_second_step(request):
        return redirect("admin:index" if request.user.is_authenticated else "admin:login")
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('admin:otp_enrol')}?{request.GET.urlencode()}")
    if _locked_out(request):
        return _lockout(request)
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        used = _verify_code(request, device, form.cleaned_data["code"])
        if used is not None:
            detail = "backup code" if isinstance(used, StaticDevice) else ""
            return _signed_in(request, used, "login", detail)
        _refuse_code(request, form)
        if _locked_out(request):
            return _lockout(request)
    return _page(request, site, "admin/otp/verify.html", {"form": form, "title": "Enter code"})


def _qr_svg(url: str) -> str:
    out = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@never_cache
@csrf_protect
@sensitive_post_parameters("code")
def enrol(request, site):
    """First login: a new authenticator app for a staff member who has none confirmed.
    The secret is shown until the first good code confirms the device."""
    if not needs_second_step(request):
        return redirect("admin:index" if request.user.is_authenticated else "admin:login")
    user = request.user
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return redirect(f"{reverse('admin:otp_verify')}?{request.GET.urlencode()}")
    if _locked_out(request):
        return _lockout(request)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check(device, form.cleaned_data["code"]):
            TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
            device.confirmed = True
            otp_login(request, device)
            _forget_own_attempts(request)
            audit_record(request, "otp-enrol", obj=request.user)
            return _show_backup_codes(request, site, backup_codes_issue(user))
        _refuse_code(request, form)
        if _locked_out(request):
            return _lockout(request)
    context = {
        "form": form,
        "title": "Set up your authenticator app",
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - our own SVG
        "secret": _secret_groups(device),
    }
    return _page(request, site, "admin/otp/enrol.html", context)


def _show_backup_codes(request, site, codes: list[str]):
    context = {"title": "Your backup codes", "codes": codes, "continue_url": next_url(request)}
    return _page(request, site, "admin/otp/backup_codes.html", context)


@never_cache
@csrf_protect
def backup_codes(request, site):
    """How many backup codes are left; POST retires them and shows ten new ones, once."""
    if request.method == "POST":
        codes = backup_codes_issue(request.user)
        audit_record(request, "change", obj=request.user, detail="backup codes regenerated")
        return _show_backup_codes(request, site, codes)
    left = StaticToken.objects.filter(
        device__user=request.user, device__name=BACKUP_DEVICE_NAME
    ).count()
    return _page(
        request, site, "admin/otp/backup_codes.html", {"title": "Backup codes", "left": left}
    )


def _secret_groups(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' refusal, as a page in the admin's look that says how long to wait."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.contrib import admin

    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else None,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
