"""Is e-mail getting out? One definition, read by the admin banner, the case queue's
"alert not delivered" mark and /healthz, so the three never disagree.

An e-mail is in trouble when it has failed (every attempt used: staff must retry it or mark
it no longer needed) or when it is overdue: still unsent OUTBOX_OVERDUE_MINUTES after it was
due (no worker, no beat, a broker down). A message between retries is neither: its next
attempt is due in the future. Both questions read the (status, due_at) index, so they cost the
same with a million sent rows.
"""

from datetime import timedelta

from django.conf import settings
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


def email_undelivered(*, kind: str) -> Exists:
    """For annotating a queryset of the rows `kind` e-mails are about (a case's staff alert):
    one of them failed or is overdue."""
    return Exists(OutboundEmail.objects.filter(_in_trouble(), kind=kind, object_id=OuterRef("pk")))
