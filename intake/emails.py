"""How the intake's e-mails read. A greeting and a link: never a health detail."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clinic.links import link_issue
from clinic.models import ClinicProfile, PrivateLink
from clinic.outbox import RenderedEmail, renderer_register
from intake.booking.selectors import visits_cancelled_by_intake
from intake.models import Case
from intake.services import DRAFT_LIFETIME, STAFF_CASE_ALERT


def _render(template: str, subject: str, **context) -> RenderedEmail:
    context["clinic"] = ClinicProfile.load()
    return RenderedEmail(subject=subject, body=render_to_string(template, context))


def render_intake_resume(email) -> RenderedEmail:
    # The token is minted at send time so it is never stored in clear; a resend mints another.
    token = link_issue(
        purpose=PrivateLink.Purpose.INTAKE_RESUME, object_id=email.object_id, ttl=DRAFT_LIFETIME
    )
    url = settings.PORTAL_BASE_URL + reverse("intake:resume", args=[token])
    return _render(
        "emails/intake_resume.txt", "Your intake form: continue where you left off", url=url
    )


def render_staff_case_alert(email) -> RenderedEmail:
    url = settings.PORTAL_BASE_URL + reverse("admin:intake_case_change", args=[email.object_id])
    # A visit the runner booked before an emergency intake was cancelled by it: named here
    # (a time and a therapist, nothing clinical) so staff know to follow up and rebook.
    case = Case.objects.filter(pk=email.object_id).first()
    cancelled = visits_cancelled_by_intake(case) if case else []
    clinic = ClinicProfile.load()
    with timezone.override(ZoneInfo(clinic.timezone)):
        return _render(
            "emails/staff_case_alert.txt",
            "A new intake needs a call today",
            url=url,
            cancelled=cancelled,
        )


def render_intake_received(email) -> RenderedEmail:
    return _render("emails/intake_received.txt", "We have received your intake form")


def register() -> None:
    from intake.booking import emails as booking_emails

    booking_emails.register()
    renderer_register("intake_received", render_intake_received)
    renderer_register("intake_resume", render_intake_resume)
    renderer_register(STAFF_CASE_ALERT, render_staff_case_alert)
