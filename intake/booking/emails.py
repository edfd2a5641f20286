"""Booking e-mails: a greeting, the time and a link. Never a health detail."""

from datetime import datetime, timedelta
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
from intake.booking.ics import CANCEL, PUBLISH, event_calendar, event_times, visit_event
from intake.booking.services import reminder_key
from intake.emails import care_link_url
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


def _render(
    template: str,
    subject,
    visit: Visit | None = None,
    event: dict | None = None,
    *,
    language: str | None = None,
    **context,
) -> RenderedEmail:
    """The e-mail in the runner's `language` (staff e-mails: English, the default)."""
    with runner_language(language):
        return _render_in_language(template, subject, visit, event, **context)


def _render_in_language(template, subject, visit, event, **context) -> RenderedEmail:
    clinic = ClinicProfile.load()
    attachments: tuple[tuple[str, str, str], ...] = ()
    if visit is not None:
        if not event:  # a row written before e-mails carried their event: the visit now
            cancelled = visit.status == Visit.Status.CANCELLED
            event = visit_event(visit, method=CANCEL if cancelled else PUBLISH)
        start, _ = event_times(event, clinic.timezone)
        context.update(visit=visit, event=event, when=start)
        if event.get("old_start"):
            context["old_when"] = datetime.fromisoformat(event["old_start"]).astimezone(
                start.tzinfo
            )
        # RFC 6047: the method in the part's Content-Type too, so mail apps offer to add
        # (PUBLISH) or remove (CANCEL) the event.
        mimetype = f"text/calendar; method={event['method']}"
        attachments = (("visit.ics", event_calendar(event, clinic), mimetype),)
    # The worker has no request (and no middleware): show times in the clinic's timezone.
    with timezone.override(ZoneInfo(clinic.timezone)):
        body = render_to_string(template, {"clinic": clinic, **context})
    return RenderedEmail(subject=str(subject), body=body, attachments=attachments)


def _visit(email) -> Visit:
    return Visit.objects.select_related("therapist", "visit_type", "case__runner").get(
        pk=email.object_id
    )


def render_booked(email):
    visit = _visit(email)
    return _render(
        "emails/visit_booked.txt",
        _("Your free Discovery Visit is booked"),
        visit,
        email.payload,
        language=visit.case.runner.language,
        manage_url=_manage_url(visit),
    )


def render_rescheduled(email):
    visit = _visit(email)
    return _render(
        "emails/visit_booked.txt",
        _("Your Discovery Visit has a new time"),
        visit,
        email.payload,
        language=visit.case.runner.language,
        manage_url=_manage_url(visit),
        moved=True,
    )


def render_cancelled(email):
    visit = _visit(email)
    return _render(
        "emails/visit_cancelled.txt",
        _("Your Discovery Visit is cancelled"),
        visit,
        email.payload,
        language=visit.case.runner.language,
        # To book again: My care, which offers the booking once no visit is booked.
        care_url=care_link_url(visit.case_id),
    )


def render_reminder(email):
    visit = _visit(email)
    if visit.status != Visit.Status.BOOKED or email.idempotency_key != reminder_key(visit):
        return None  # cancelled or moved since: its own reminder is queued
    return _render(
        "emails/visit_reminder.txt",
        _("Reminder: your Discovery Visit tomorrow"),
        visit,
        email.payload,
        language=visit.case.runner.language,
        manage_url=_manage_url(visit),
    )


def _staff(template_subject):
    def render(email):
        visit = _visit(email)
        url = settings.PORTAL_BASE_URL + reverse("admin:intake_visit_change", args=[visit.pk])
        return _render("emails/staff_visit.txt", template_subject, visit, email.payload, url=url)

    return render


def render_intake_invite(email):
    case = Case.objects.select_related("runner").get(pk=email.object_id)
    token = link_issue(
        purpose=PrivateLink.Purpose.INTAKE_INVITE, object_id=case.pk, ttl=INVITE_LIFETIME
    )
    url = settings.PORTAL_BASE_URL + reverse("intake:invite", args=[token])
    # Written when /book/ opened the case, sent a minute later: by then a visit may be
    # booked, or the runner may have stopped before choosing a time.
    booked = case.visits.filter(status=Visit.Status.BOOKED).exists()
    subject = (
        _("Before your visit: please complete the intake")
        if booked
        else _("Finish your intake and book your free Discovery Visit")
    )
    return _render(
        "emails/intake_invite.txt", subject, language=case.runner.language, url=url, booked=booked
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
