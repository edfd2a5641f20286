"""Private links: random 256-bit tokens, stored only as SHA-256, bound to one purpose."""

import hashlib
import secrets
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from clinic.models import PrivateLink


class LinkInvalid(Exception):
    """Unknown, tampered or for another purpose: answer 404."""


class LinkExpired(Exception):
    """Known but expired or revoked: answer 410."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


_batch = threading.local()


@contextmanager
def links_batched():
    """Links issued inside are written in one INSERT when the block ends: the outbox renders
    a batch of e-mails, each minting a link, then saves the links before sending any."""
    _batch.links = []
    try:
        yield
        PrivateLink.objects.bulk_create(_batch.links)
    finally:
        del _batch.links


def link_issue(*, purpose: str, object_id: int, ttl: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    link = PrivateLink(
        token_hash=_hash(token),
        purpose=purpose,
        object_id=object_id,
        expires_at=timezone.now() + ttl,
    )
    pending = getattr(_batch, "links", None)
    if pending is None:
        link.save()
    else:
        pending.append(link)
    return token


def link_resolve(*, token: str, purpose: str) -> PrivateLink:
    if not token or len(token) > 100:
        raise LinkInvalid
    link = PrivateLink.objects.filter(token_hash=_hash(token), purpose=purpose).first()
    if link is None:
        raise LinkInvalid
    now = timezone.now()
    if link.revoked_at is not None or link.expires_at <= now:
        raise LinkExpired
    PrivateLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link
