"""A therapist's private calendar feed of their visits: a revocable private link (only its
hash stored) that their phone's calendar app polls without cookies. The therapist gets a new
address or turns the feed off from the admin (Clinic > Therapists > My calendar feed)."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from clinic.links import link_issue
from clinic.models import PrivateLink, Therapist
from intake.booking.ics import therapist_calendar
from intake.http import private, resolve_link
from intake.models import ACTIVE_VISIT, Visit

PURPOSE = PrivateLink.Purpose.THERAPIST_FEED
LIFETIME = timedelta(days=365)  # then the therapist asks for a new address
SHOWN_BACK = timedelta(days=30)  # past visits kept in the phone's calendar
SHOWN_AHEAD = timedelta(days=180)


def therapist_feed_revoke(*, therapist: Therapist) -> int:
    return PrivateLink.objects.filter(
        purpose=PURPOSE, object_id=therapist.pk, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def therapist_feed_issue(*, therapist: Therapist) -> str:
    """A new feed address (shown once: only its hash is kept); the old one stops working."""
    therapist_feed_revoke(therapist=therapist)
    token = link_issue(purpose=PURPOSE, object_id=therapist.pk, ttl=LIFETIME)
    return settings.PORTAL_BASE_URL + reverse("intake:therapist_feed", args=[token])


def _refused(status: int, words: str) -> HttpResponse:
    # Plain words: what a calendar app shows, if anything, is its error text.
    return private(HttpResponse(words, status=status, content_type="text/plain; charset=utf-8"))


def therapist_feed(request, token: str):
    link, refusal = resolve_link(request, token, PURPOSE)
    if refusal is not None:
        if refusal.status_code == 410:
            return _refused(
                410,
                "This calendar address was turned off or has expired. Get a new one in the "
                "admin: Clinic > Therapists > My calendar feed.",
            )
        if refusal.status_code == 404:
            return _refused(404, "This calendar address is not known.")
        return refusal
    therapist = Therapist.objects.filter(pk=link.object_id, is_active=True).first()
    if therapist is None:
        return _refused(410, "This therapist no longer sees visits here.")
    now = timezone.now()
    visits = (
        Visit.objects.filter(
            ACTIVE_VISIT,
            therapist=therapist,
            start__gte=now - SHOWN_BACK,
            start__lt=now + SHOWN_AHEAD,
        )
        .select_related("case__runner", "visit_type")
        .order_by("start")
    )
    body = therapist_calendar(therapist, visits, request.clinic, settings.PORTAL_BASE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="visits.ics"'
    return private(response)
