"""Retention: tables that grow without bound lose their old rows every night, in batches.

Each purge is set-based: the rows to go are named by one indexed condition and deleted by
primary-key range, `PURGE_BATCH` ids per DELETE, each its own short transaction (no lock held
for minutes, no row loaded into Python). The audit trail is never purged (README: archive it).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from clinic.models import OutboundEmail, PrivateLink

PURGE_BATCH = 10_000


def delete_in_batches(rows: QuerySet, batch: int = PURGE_BATCH) -> int:
    """Delete `rows` by id range, with no cascade or signal: only for tables no foreign key
    points at (or whose referrers were cleared first). Returns how many went."""
    bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    using = rows.db
    deleted = 0
    for start in range(bounds["low"], bounds["high"] + 1, batch):
        chunk = rows.filter(pk__gte=start, pk__lt=start + batch)
        deleted += chunk._raw_delete(using)  # one DELETE ... WHERE <condition> AND id range
    return deleted


def delete_by_key_batches(rows: QuerySet, batch: int = PURGE_BATCH) -> int:
    """For tables whose keys are not a dense integer range (sessions) or that other rows point
    at (axes' attempts): `batch` keys at a time, Django's delete() for the cascades."""
    deleted = 0
    while keys := list(rows.values_list("pk", flat=True)[:batch]):
        _, per_model = rows.model.objects.filter(pk__in=keys).delete()
        deleted += per_model.get(rows.model._meta.label, 0)
    return deleted


def emails_purge(*, now=None) -> int:
    """Sent e-mails older than OUTBOX_RETENTION_DAYS. Pending, failed and cancelled rows stay
    (staff look at those); who was sent what and when stays in the audit trail's terms: the
    kind and the object, never the body, which was never stored."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    old = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT, sent_at__lt=cutoff)
    return delete_in_batches(old)


def links_purge(*, now=None) -> int:
    """Private links expired or revoked more than PRIVATE_LINK_RETENTION_DAYS ago: they open
    nothing any more."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PRIVATE_LINK_RETENTION_DAYS)
    dead = PrivateLink.objects.filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
    return delete_in_batches(dead)


def sessions_purge(*, now=None) -> int:
    """Expired Django sessions, as `clearsessions` does, but in batches (the index on
    expire_date finds them)."""
    return delete_by_key_batches(Session.objects.filter(expire_date__lt=now or timezone.now()))


def axes_purge(*, now=None) -> int:
    """Failed staff login attempts older than the lockout's cool-off: they lock nobody out
    any more. Successful logins are in the audit trail."""
    from axes.models import AccessAttempt, AccessFailureLog

    cutoff = (now or timezone.now()) - settings.AXES_COOLOFF_TIME
    deleted = delete_by_key_batches(AccessAttempt.objects.filter(attempt_time__lt=cutoff))
    return deleted + delete_in_batches(AccessFailureLog.objects.filter(attempt_time__lt=cutoff))
