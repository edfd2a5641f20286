"""Booking e-mails: a greeting, the time and a link. Never a health detail."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clinic.links import link_issue
from clinic.models import ClinicProfile, PrivateLink
from clinic.outbox import RenderedEmail, renderer_register
from intake.booking.ics import visit_calendar
from intake.booking.services import reminder_key
from intake.models import Case, Visit

INVITE_LIFETIME = timedelta(days=60)


def _manage_url(visit: Visit) -> str:
    # Minted at send time and valid until the visit starts.
    token = link_issue(
        purpose=PrivateLink.Purpose.VISIT_MANAGE,
        object_id=visit.pk,
        ttl=max(visit.start - timezone.now(), timedelta(minutes=1)),
    )
    return settings.PORTAL_BASE_URL + reverse("intake:visit_manage_open", args=[token])


def _render(template: str, subject: str, visit: Visit | None = None, **context) -> RenderedEmail:
    clinic = ClinicProfile.load()
    attachments: tuple[tuple[str, str, str], ...] = ()
    if visit is not None:
        context.update(visit=visit, when=timezone.localtime(visit.start, ZoneInfo(clinic.timezone)))
        cancelled = visit.status == Visit.Status.CANCELLED
        attachments = (
            ("visit.ics", visit_calendar(visit, clinic, cancelled=cancelled), "text/calendar"),
        )
    # The worker has no request (and no middleware): show times in the clinic's timezone.
    with timezone.override(ZoneInfo(clinic.timezone)):
        body = render_to_string(template, {"clinic": clinic, **context})
    return RenderedEmail(subject=subject, body=body, attachments=attachments)


def _visit(email) -> Visit:
    return Visit.objects.select_related("therapist", "visit_type", "case__runner").get(
        pk=email.object_id
    )


def render_booked(email):
    visit = _visit(email)
    return _render(
        "emails/visit_booked.txt",
        "Your free Discovery Visit is booked",
        visit,
        manage_url=_manage_url(visit),
    )


def render_rescheduled(email):
    visit = _visit(email)
    return _render(
        "emails/visit_booked.txt",
        "Your Discovery Visit has a new time",
        visit,
        manage_url=_manage_url(visit),
        moved=True,
    )


def render_cancelled(email):
    return _render("emails/visit_cancelled.txt", "Your Discovery Visit is cancelled", _visit(email))


def render_reminder(email):
    visit = _visit(email)
    if visit.status != Visit.Status.BOOKED or email.idempotency_key != reminder_key(visit):
        return None  # cancelled or moved since: its own reminder is queued
    return _render(
        "emails/visit_reminder.txt",
        "Reminder: your Discovery Visit tomorrow",
        visit,
        manage_url=_manage_url(visit),
    )


def _staff(template_subject):
    def render(email):
        visit = _visit(email)
        url = settings.PORTAL_BASE_URL + reverse("admin:intake_visit_change", args=[visit.pk])
        return _render("emails/staff_visit.txt", template_subject, visit, url=url)

    return render


def render_intake_invite(email):
    case = Case.objects.get(pk=email.object_id)
    token = link_issue(
        purpose=PrivateLink.Purpose.INTAKE_INVITE, object_id=case.pk, ttl=INVITE_LIFETIME
    )
    url = settings.PORTAL_BASE_URL + reverse("intake:invite", args=[token])
    return _render(
        "emails/intake_invite.txt", "Before your visit: please complete the intake", url=url
    )


def register() -> None:
    renderer_register("visit_booked", render_booked)
    renderer_register("visit_rescheduled", render_rescheduled)
    renderer_register("visit_cancelled", render_cancelled)
    renderer_register("visit_reminder", render_reminder)
    renderer_register("staff_visit_booked", _staff("A Discovery Visit was booked"))
    renderer_register("staff_visit_rescheduled", _staff("A Discovery Visit was moved"))
    renderer_register("staff_visit_cancelled", _staff("A Discovery Visit was cancelled"))
    renderer_register("intake_invite", render_intake_invite)
