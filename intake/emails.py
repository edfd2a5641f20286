"""How the intake's e-mails read. A greeting and a link: never a health detail."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.i18n import runner_language
from clinic.links import link_issue
from clinic.models import ClinicProfile, PrivateLink
from clinic.outbox import RenderedEmail, renderer_register
from intake.booking.selectors import visits_cancelled_by_intake
from intake.models import Case, IntakeDraft, Runner
from intake.services import DRAFT_LIFETIME, STAFF_CASE_ALERT


def _render(template: str, subject, *, language: str | None = None, **context) -> RenderedEmail:
    """The e-mail in the runner's `language` (staff e-mails: English, the default)."""
    context["clinic"] = ClinicProfile.load()
    with runner_language(language):
        return RenderedEmail(subject=str(subject), body=render_to_string(template, context))


def case_language(case_id: int) -> str | None:
    return Runner.objects.filter(cases__pk=case_id).values_list("language", flat=True).first()


def render_intake_resume(email) -> RenderedEmail:
    # The token is minted at send time so it is never stored in clear; a resend mints another.
    token = link_issue(
        purpose=PrivateLink.Purpose.INTAKE_RESUME, object_id=email.object_id, ttl=DRAFT_LIFETIME
    )
    url = settings.PORTAL_BASE_URL + reverse("intake:resume", args=[token])
    language = IntakeDraft.objects.filter(pk=email.object_id).values_list("language", flat=True)
    return _render(
        "emails/intake_resume.txt",
        _("Your intake form: continue where you left off"),
        language=language.first(),
        url=url,
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
    return _render(
        "emails/intake_received.txt",
        _("We have received your intake form"),
        language=case_language(email.object_id),
    )


CARE_LINK_LIFETIME = timedelta(days=30)


def care_link_url(case_id: int) -> str:
    """A fresh private link to My care, minted at send time like every link."""
    token = link_issue(purpose=PrivateLink.Purpose.CARE, object_id=case_id, ttl=CARE_LINK_LIFETIME)
    return settings.PORTAL_BASE_URL + reverse("intake:care_open", args=[token])


def render_care_link(email) -> RenderedEmail:
    """ "Lost your link?": a fresh way into My care for the runner's case."""
    url = care_link_url(email.object_id)
    return _render(
        "emails/care_link.txt",
        _("Your link to My care"),
        language=case_language(email.object_id),
        url=url,
    )


def register() -> None:
    from intake.booking import emails as booking_emails

    booking_emails.register()
    renderer_register("intake_received", render_intake_received)
    renderer_register("intake_resume", render_intake_resume)
    renderer_register("care_link", render_care_link)
    renderer_register(STAFF_CASE_ALERT, render_staff_case_alert)
