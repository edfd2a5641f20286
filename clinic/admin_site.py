"""The admin site: a password, then a TOTP code from the staff member's authenticator app
(or one of their backup codes).

Logging in is two steps. The password step is Django's own login form (django-axes counts
its failures). A staff member with a password but no verified device gets no admin page: the
site sends them to the code step, or, the first time, to enrolment with a QR code. The site
uses the two-step login (clinic/staff_auth.py), never the reverse.

Every admin page carries a banner while e-mail is failing (clinic/delivery.py): a staff alert
about an urgent intake that cannot be sent must not sit unnoticed in the outbox list.
"""

from functools import partial

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse

from clinic import staff_auth
from clinic.delivery import outbox_failing_banner
from clinic.roles import home_is_calendar


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def each_context(self, request):
        # Django 5.2's AdminSite.each_context, except the nav sidebar's list of every app and
        # model (a reverse and a permission check per model, a quarter of a small admin
        # page): the sidebar is off (clinic/urls.py), so the list is built only if a
        # template asks for it.
        script_name = request.META["SCRIPT_NAME"]
        context = {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": script_name if self.site_url == "/" and script_name else self.site_url,
            "has_permission": self.has_permission(request),
            "available_apps": partial(self.get_app_list, request),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }
        if self.has_permission(request):
            # A callable: the template calls it once, when it renders the banner, so views
            # that only need the context (redirects, JSON) pay no query.
            context["outbox_failing"] = outbox_failing_banner
        return context

    def index(self, request, extra_context=None):
        # The front desk's home is the day's calendar; ?apps=1 still lists every admin page.
        if home_is_calendar(request.user) and "apps" not in request.GET:
            return redirect("admin:intake_visit_calendar")
        return super().index(request, extra_context)

    def login(self, request, extra_context=None):
        if staff_auth.needs_second_step(request):
            return redirect(f"{reverse('admin:otp_verify')}?{request.GET.urlencode()}")
        return super().login(request, extra_context)

    def get_urls(self):
        return [
            # Log out must work from any state, half-logged-in included (password done, code
            # not): on a shared front-desk PC that is how the next person starts clean.
            # Django wraps it in admin_view, which sends an unverified session to the code
            # step instead. LogoutView itself is POST-only, CSRF-protected and never cached.
            path("logout/", self.logout, name="logout"),
            path("otp/verify/", staff_auth.verify, {"site": self}, name="otp_verify"),
            path("otp/enrol/", staff_auth.enrol, {"site": self}, name="otp_enrol"),
            path(
                "otp/backup-codes/",
                self.admin_view(staff_auth.backup_codes),
                {"site": self},
                name="otp_backup_codes",
            ),
            *super().get_urls(),
        ]
