"""Is e-mail getting out? One definition, read by the admin banner, the case queue's
"alert not delivered" mark and /healthz, so the three never disagree (the banner at most
BANNER_OK_SECONDS late in starting, never late in ending).

An e-mail is in trouble when it has failed (every attempt used: staff must retry it or mark
it no longer needed) or when it is overdue: still unsent OUTBOX_OVERDUE_MINUTES after it was
due (no worker, no beat, a broker down). A message between retries is neither: its next
attempt is due in the future. Both questions read the (status, due_at) index, so they cost the
same with a million sent rows.
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clinic.models import OutboundEmail


def _in_trouble() -> Q:
    overdue_since = timezone.now() - timedelta(minutes=settings.OUTBOX_OVERDUE_MINUTES)
    return Q(status=OutboundEmail.Status.FAILED) | Q(
        status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING],
        due_at__lt=overdue_since,
    )


def outbox_failing() -> bool:
    """One indexed EXISTS query."""
    return OutboundEmail.objects.filter(_in_trouble()).exists()


# The banner's answer "all is well" is kept this long per process; "failing" is never kept, so
# the banner goes the moment staff deal with the last failure. An e-mail counts as overdue
# only OUTBOX_OVERDUE_MINUTES after it was due, so showing it up to 30 s later adds little.
BANNER_OK_SECONDS = 30
_BANNER_OK_KEY = "outbox-banner-ok"


def outbox_failing_banner() -> bool:
    """outbox_failing() for the admin banner on every staff page: while e-mail gets out,
    one query per process every BANNER_OK_SECONDS instead of one per page."""
    if cache.get(_BANNER_OK_KEY):
        return False
    failing = outbox_failing()
    if not failing:
        cache.set(_BANNER_OK_KEY, True, BANNER_OK_SECONDS)
    return failing


def email_undelivered(*, kind: str) -> Exists:
    """For annotating a queryset of the rows `kind` e-mails are about (a case's staff alert):
    one of them failed or is overdue."""
    return Exists(OutboundEmail.objects.filter(_in_trouble(), kind=kind, object_id=OuterRef("pk")))
