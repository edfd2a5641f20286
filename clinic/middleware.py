import functools
import logging
import time
import zoneinfo
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.middleware import OTPMiddleware

from clinic.i18n import language_activate, language_response
from clinic.models import ClinicProfile
from clinic.text import has_controls, strip_controls
from clinic.views import server_error

log = logging.getLogger("django.request")


def _query_without_controls(request) -> None:
    """Query strings lose their control characters at the edge: a NUL in an admin search
    or filter reaches PostgreSQL, which refuses it with an error. The common case (no
    percent sign, or no control character once decoded) costs a string search."""
    query = request.META.get("QUERY_STRING", "")
    if "%" not in query or not has_controls(unquote_plus(query)):
        return
    clean = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        clean.setlist(strip_controls(name), [strip_controls(value) for value in values])
    clean._mutable = False
    request.GET = clean


class ClinicTimezoneMiddleware:
    """Show every time in the clinic's timezone (stored in UTC) and every runner page in the
    runner's language (clinic/i18n.py), and load the clinic profile once per request for the
    templates. It also cleans the query string (one layer: every
    middleware layer deepens the stack the form pages render in, see StaffMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _query_without_controls(request)
        request.clinic = ClinicProfile.load()
        timezone.activate(zoneinfo.ZoneInfo(request.clinic.timezone))
        language_activate(request)
        try:
            return language_response(request, self.get_response(request))
        finally:
            timezone.deactivate()
            translation.deactivate()


class RunnerErrorPagesMiddleware:
    """With DEBUG on (make run), a runner page that raises still shows the portal's own 404
    or 500 page, never Django's technical page with settings and code; the traceback goes
    to the console as usual. The admin keeps Django's pages for staff debugging locally.
    With DEBUG off Django uses handler404/handler500, the same templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG or request.path.startswith("/admin/"):
            return None
        if isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        log.error("Error on a runner page", exc_info=exception)
        return server_error()


LOGIN_AT = "staff_login_at"
SEEN_AT = "staff_seen_at"
# The last-seen time is written at most this often: a session save per click is not needed
# to know about 30 idle minutes.
SEEN_RESOLUTION = 60
IDLE_GRACE = 600


class StaffMiddleware:
    """django-otp's middleware (request.user.is_verified()) and the staff session limits,
    in one layer: every middleware layer deepens the stack the runner's form pages render
    in, and that measurably slows their deeply nested templates (`make bench`). django-otp's
    OTPMiddleware is used through its public interface only: it wraps this layer's own
    check, which then calls the rest of the stack.

    Staff sessions end after STAFF_IDLE_TIMEOUT without a request and at most
    STAFF_SESSION_MAX_AGE after login, whatever the activity. A deactivated account's
    session is already refused by Django's ModelBackend on its next request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._otp = OTPMiddleware(self._limit_staff_sessions)

    def __call__(self, request):
        return self._otp(request)

    def _limit_staff_sessions(self, request):
        # Staff sessions are used in the admin only; runners' pages skip the session read.
        if request.path_info.startswith(self._admin_prefix()) and request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    @functools.cache
    def _admin_prefix() -> str:
        return reverse("admin:index")

    def _check(self, request) -> None:
        session, now = request.session, time.time()
        started = session.setdefault(LOGIN_AT, now)
        seen = session.get(SEEN_AT, now)
        idle = settings.STAFF_IDLE_TIMEOUT.total_seconds()
        if now - seen > idle or now - started > settings.STAFF_SESSION_MAX_AGE.total_seconds():
            reason = (
                f"{round(idle / 60)} idle minutes"
                if now - seen > idle
                else f"{round(settings.STAFF_SESSION_MAX_AGE.total_seconds() / 3600)} hours"
            )
            logout(request)
            messages.info(request, f"You were signed out after {reason}. Please log in again.")
            return
        if now - seen >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now
            # The stored session and its cookie expire soon after the idle limit too (a
            # little later, so someone back at 31 minutes is told why they must log in).
            session.set_expiry(int(idle) + IDLE_GRACE)
