"""The admin site: a password, then a TOTP code from the staff member's authenticator app.

Logging in is two steps. The password step is Django's own login form (django-axes counts
its failures). A staff member with a password but no verified device gets no admin page: the
site sends them to the code step, or, the first time, to enrolment with a QR code.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme


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


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        if needs_second_step(request):
            return redirect(f"{reverse('admin:otp_verify')}?{request.GET.urlencode()}")
        return super().login(request, extra_context)

    def get_urls(self):
        from clinic import staff_auth

        return [
            # Log out must work from any state, half-logged-in included (password done, code
            # not): on a shared front-desk PC that is how the next person starts clean.
            # Django wraps it in admin_view, which sends an unverified session to the code
            # step instead. LogoutView itself is POST-only, CSRF-protected and never cached.
            path("logout/", self.logout, name="logout"),
            path("otp/verify/", staff_auth.verify, {"site": self}, name="otp_verify"),
            path("otp/enrol/", staff_auth.enrol, {"site": self}, name="otp_enrol"),
            *super().get_urls(),
        ]
