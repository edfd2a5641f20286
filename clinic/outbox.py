"""E-mail as rows: enqueue inside the caller's transaction, deliver from the beat tick.

Delivery is at-least-once. A row is claimed with a conditional UPDATE, so two workers never
send the same row at the same time; a worker killed after sending but before marking sent
causes one duplicate, which the stable Message-ID lets mail clients fold away.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from clinic.models import OutboundEmail

log = logging.getLogger(__name__)

# A claim older than this is presumed to belong to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    attachments: tuple[tuple[str, str, str], ...] = ()  # (filename, content, mimetype)


# A renderer returns None when the e-mail is no longer needed (a reminder for a visit that
# was cancelled or moved): the row is then marked cancelled, not sent.
Renderer = Callable[[OutboundEmail], RenderedEmail | None]
_renderers: dict[str, Renderer] = {}


def renderer_register(kind: str, renderer: Renderer) -> None:
    """Apps register how to render their kinds from AppConfig.ready(), so this module never
    imports upward."""
    _renderers[kind] = renderer


def email_enqueue(*, kind: str, object_id: int, to: str, key: str, due_at=None) -> OutboundEmail:
    """Write the row; call inside the transaction of the change that causes the e-mail.
    Enqueueing the same key twice keeps the first row."""
    email, _ = OutboundEmail.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "kind": kind,
            "object_id": object_id,
            "to": to,
            "due_at": due_at or timezone.now(),
        },
    )
    return email


@dataclass(frozen=True)
class Outgoing:
    kind: str
    object_id: int
    to: str
    key: str
    due_at: datetime | None = None  # None: the batch's due_at


def email_enqueue_many(emails: list[Outgoing], *, due_at=None) -> None:
    """One INSERT for all of them, whatever their number; keys already queued are kept."""
    due_at = due_at or timezone.now()
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                idempotency_key=email.key,
                kind=email.kind,
                object_id=email.object_id,
                to=email.to,
                due_at=email.due_at or due_at,
            )
            for email in emails
        ],
        ignore_conflicts=True,
    )


def _claim(email_id: int, now) -> bool:
    claimable = Q(status=OutboundEmail.Status.PENDING) | Q(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    return bool(
        OutboundEmail.objects.filter(claimable, pk=email_id, due_at__lte=now).update(
            status=OutboundEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _deliver(email: OutboundEmail) -> bool:
    """Send it; False when its renderer says it is no longer needed."""
    rendered = _renderers[email.kind](email)
    if rendered is None:
        return False
    message = EmailMessage(
        subject=rendered.subject,
        body=rendered.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    for filename, content, mimetype in rendered.attachments:
        message.attach(filename, content, mimetype)
    message.send(fail_silently=False)
    return True


def _record_failure(email: OutboundEmail, error: Exception) -> None:
    email.refresh_from_db(fields=["attempts"])
    failed = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    delay = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (email.attempts - 1)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.PENDING,
        last_error=f"{type(error).__name__}: {error}"[:1000],
        due_at=timezone.now() + timedelta(seconds=delay),
    )
    # The id and kind only: the address and body may identify a runner.
    log.warning("outbox: e-mail %s (%s) attempt %s failed", email.pk, email.kind, email.attempts)


def outbox_dispatch(*, batch: int = 200) -> int:
    """Send every due e-mail; returns how many were sent."""
    sent = 0
    while True:
        now = timezone.now()
        due = list(
            OutboundEmail.objects.filter(
                Q(status=OutboundEmail.Status.PENDING)
                | Q(status=OutboundEmail.Status.SENDING, claimed_at__lt=now - STALE_CLAIM),
                due_at__lte=now,
            )
            .order_by("due_at")
            .values_list("pk", flat=True)[:batch]
        )
        claimed = [pk for pk in due if _claim(pk, now)]
        for email in OutboundEmail.objects.filter(pk__in=claimed):
            try:
                delivered = _deliver(email)
            except Exception as error:  # noqa: BLE001 - any failure is retried, then failed
                _record_failure(email, error)
                continue
            if not delivered:
                OutboundEmail.objects.filter(pk=email.pk).update(
                    status=OutboundEmail.Status.CANCELLED
                )
                continue
            OutboundEmail.objects.filter(pk=email.pk).update(
                status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
            )
            sent += 1
        if len(due) < batch:
            return sent
