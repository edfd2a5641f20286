"""E-mail as rows: enqueue inside the caller's transaction, deliver from the beat tick.

Delivery is at-least-once. A batch of rows is claimed with one conditional UPDATE, so two
workers never send the same row at the same time, and sent over one SMTP connection; each
message is marked sent right after the server accepts it. A dispatcher killed between the
server's "250" and that mark causes one duplicate (the next dispatcher re-sends that message
once the claim is stale), which the stable Message-ID lets mail clients fold away: at most
one duplicate per dispatching process killed, whatever the batch size.
"""

import logging
import select
import uuid
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import Error, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from psycopg import pq

from clinic.links import links_batched
from clinic.models import OutboundEmail
from clinic.outbox_wire import Wire

log = logging.getLogger(__name__)


def _stale_claim() -> timedelta:
    """A claim older than this is presumed to belong to a worker that died mid-send
    (OUTBOX_STALE_CLAIM_SECONDS, 10 minutes by default: far longer than a batch takes)."""
    return timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    # (filename, content, mimetype); the mimetype may carry parameters, as a calendar
    # part's "text/calendar; method=PUBLISH" must (RFC 6047).
    attachments: tuple[tuple[str, str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()  # extra headers, e.g. List-Unsubscribe


# A renderer returns None when the e-mail is no longer needed (a reminder for a visit that
# was cancelled or moved): the row is then marked cancelled, not sent.
Renderer = Callable[[OutboundEmail], RenderedEmail | None]
# Renders all of a batch's e-mails of one kind at once, one result per e-mail in order: what
# they need is read in one query, not one per e-mail.
ManyRenderer = Callable[[list[OutboundEmail]], list[RenderedEmail | None]]
_renderers: dict[str, Renderer] = {}
_many_renderers: dict[str, ManyRenderer] = {}


def renderer_register(kind: str, renderer: Renderer, *, many: ManyRenderer | None = None) -> None:
    """Apps register how to render their kinds from AppConfig.ready(), so this module never
    imports upward. A kind sent in bulk (check-ins) also gives `many`; `renderer` stays its
    fallback, one e-mail at a time, when `many` fails."""
    _renderers[kind] = renderer
    if many is not None:
        _many_renderers[kind] = many


def renderer_kinds() -> list[str]:
    """Every kind an app sends: the outbox admin's filter choices, with no query."""
    return sorted(_renderers)


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
    payload: dict | None = None  # what the e-mail announces, as it is now (see the model)


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
                payload=email.payload or {},
            )
            for email in emails
        ],
        ignore_conflicts=True,
    )


def _claimable(now: datetime) -> Q:
    return Q(status=OutboundEmail.Status.PENDING) | Q(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=now - _stale_claim()
    )


def _claim_batch(batch: int) -> tuple[list[OutboundEmail], int]:
    """Claim up to `batch` due rows with one conditional UPDATE and read back what this call
    got; also how many due rows it found. The candidates are read in the UPDATE's own short
    transaction, locked with SKIP LOCKED where the database has it (PostgreSQL), so
    dispatchers claiming at the same moment take different rows instead of all reaching for
    the same oldest ones and all but one coming back empty; SQLite's write transaction
    serializes them."""
    now = timezone.now()
    claimable = _claimable(now)
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = OutboundEmail.objects.filter(claimable, due_at__lte=now).order_by("due_at")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        due = list(candidates.values_list("pk", flat=True)[:batch])
        if due:
            OutboundEmail.objects.filter(claimable, pk__in=due, due_at__lte=now).update(
                status=OutboundEmail.Status.SENDING,
                claimed_at=now,
                claim_token=token,
                attempts=F("attempts") + 1,
            )
    if not due:
        return [], 0
    claimed = list(OutboundEmail.objects.filter(claim_token=token).order_by("due_at", "pk"))
    return claimed, len(due)


def _message(email: OutboundEmail, rendered: RenderedEmail, smtp) -> EmailMessage:
    message = EmailMessage(
        subject=rendered.subject,
        body=rendered.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id, **dict(rendered.headers)},
        connection=smtp,
    )
    for filename, content, mimetype in rendered.attachments:
        message.attach(_attachment(filename, content, mimetype))
    return message


def _attachment(filename: str, content: str, mimetype: str) -> MIMEBase:
    """A text part with its Content-Type parameters (Django's attach() takes a bare type)."""
    main, *params = [part.strip() for part in mimetype.split(";")]
    maintype, subtype = main.split("/", 1)
    part = MIMEText(content, subtype, "utf-8") if maintype == "text" else MIMEBase(*main.split("/"))
    for param in params:
        name, _, value = param.partition("=")
        part.set_param(name, value)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def _record_failure(email: OutboundEmail, error: Exception) -> None:
    failed = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    delay = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (email.attempts - 1)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.PENDING,
        last_error=f"{type(error).__name__}: {error}"[:1000],
        due_at=timezone.now() + timedelta(seconds=delay),
    )
    # The id and kind only: the address and body may identify a runner.
    log.warning("outbox: e-mail %s (%s) attempt %s failed", email.pk, email.kind, email.attempts)


def _results(emails: list[OutboundEmail]) -> dict[int, RenderedEmail | None | Exception]:
    """Each e-mail's rendering (or the error it raised), kinds with a batch renderer in one
    call each. If that call fails, its e-mails are rendered one by one, so a bad one fails
    alone (links the failed call issued are saved unsent: random, unknown, expiring)."""
    by_kind: dict[str, list[OutboundEmail]] = defaultdict(list)
    for email in emails:
        by_kind[email.kind].append(email)
    results: dict[int, RenderedEmail | None | Exception] = {}
    for kind, group in by_kind.items():
        if kind in _many_renderers:
            try:
                results.update(
                    zip([e.pk for e in group], _many_renderers[kind](group), strict=True)
                )
                continue
            except Exception:  # noqa: BLE001 - rendered one by one below instead
                log.exception("outbox: batch renderer of %s failed", kind)
        for email in group:
            try:
                results[email.pk] = _renderers[kind](email)
            except Exception as error:  # noqa: BLE001 - retried, then failed, like a send
                results[email.pk] = error
    return results


def _render_all(emails: list[OutboundEmail]) -> tuple[list, list[int]]:
    """(email, rendered) for those still needed, in the batch's order, and the ids of those
    no longer needed. A renderer that fails counts as a failed attempt of its e-mail alone."""
    rendered, unneeded = [], []
    with links_batched():
        results = _results(emails)
    for email in emails:
        result = results[email.pk]
        if isinstance(result, Exception):
            _record_failure(email, result)
        elif result is None:
            unneeded.append(email.pk)
        else:
            rendered.append((email, result))
    return rendered, unneeded


_MARK_SENT = "UPDATE {table} SET {status} = %s, {sent_at} = %s, {last_error} = %s WHERE {pk} = %s"


class _Marks:
    """Marks each e-mail sent right after the server accepted it, before the next is sent: a
    worker killed mid-batch leaves at most the message in flight unmarked, never the batch's
    sent ones (which the next dispatcher would send again). One small UPDATE by primary key,
    in SQL: the ORM would cost more than the statement, 100,000 times over in a backlog."""

    def __init__(self, cursor):
        self.cursor = cursor
        quote = connection.ops.quote_name
        self.sql = _MARK_SENT.format(
            table=quote(OutboundEmail._meta.db_table),
            status=quote("status"),
            sent_at=quote("sent_at"),
            last_error=quote("last_error"),
            pk=quote("id"),
        )

    def mark(self, email: OutboundEmail) -> None:
        self.cursor.execute(self.sql, [OutboundEmail.Status.SENT, timezone.now(), "", email.pk])

    def wait(self) -> None:
        """Every mark made so far is in the database (before anything else uses it)."""


class _PostgresMarks(_Marks):
    """The same marks without waiting on each: the UPDATE goes out (libpq's asynchronous
    API) and the worker builds and sends the next message while PostgreSQL runs it; its answer
    is read before the next mark or any other query. The statement is in the server's hands
    before the next message is sent, and a client that dies does not take it back (PostgreSQL
    runs and commits what it has read), so a killed worker still leaves only the message in
    flight unmarked. A mark that fails (the database went away) leaves its e-mail claimed: sent
    again once the claim is stale, a duplicate, never a loss.

    Not psycopg's pipeline mode: there the marks between two syncs are one transaction, which
    a killed worker loses whole (up to a batch of duplicates), and its public sync() waits
    for the results, so a sync per mark would wait as _Marks does."""

    def __init__(self, cursor):
        super().__init__(cursor)
        self.sql = self.sql.replace("%s", "$%d") % (1, 2, 3, 4)
        self.pgconn = connection.connection.pgconn
        self.pending = False

    def mark(self, email: OutboundEmail) -> None:
        self.wait()
        params = [OutboundEmail.Status.SENT, timezone.now().isoformat(), "", str(email.pk)]
        self.pgconn.send_query_params(self.sql.encode(), [p.encode() for p in params])
        self.pending = True
        while self.pgconn.flush():  # the socket is full: wait until it takes the rest
            select.select([], [self.pgconn.socket], [])

    def wait(self) -> None:
        if not self.pending:
            return
        self.pending = False
        while (result := self.pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.COMMAND_OK:
                message = (result.error_message or b"").decode(errors="replace")
                log.warning("outbox: a sent mark failed: %s", message)


@contextmanager
def _commits_not_waiting_for_disk():
    """On PostgreSQL, the send loop's commits (the marks and failures) return without
    waiting for the WAL to reach disk: a third of each mark's time. A worker that dies loses
    none of them (the server has them); only a crash of the database server itself within
    a fraction of a second can lose the last few marks, and those e-mails are then sent once
    more, with the same Message-ID: the at-least-once the outbox promises anyway. Their links
    were committed durably before anything was sent."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with suppress(Error), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _send_one(email: OutboundEmail, rendered: RenderedEmail, smtp, wire: Wire) -> None:
    """Over SMTP, the message's bytes from the batch's templates (clinic/outbox_wire.py),
    handed to the backend's own smtplib connection; Django's EmailMessage writes what those
    cannot, and sends through any other backend (the tests' in-memory one)."""
    data = None
    if isinstance(smtp, SMTPBackend) and not rendered.attachments:
        headers = (
            ("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
            ("Message-ID", email.message_id),
            *rendered.headers,
        )
        data = wire.wire_bytes(
            to=email.to, subject=rendered.subject, body=rendered.body, headers=headers
        )
    if data is None:
        _message(email, rendered, smtp).send(fail_silently=False)
    else:
        smtp.connection.sendmail(wire.sender, [email.to], data)


def _send_all(rendered: list) -> int:
    """Send over one connection, marking each message sent as it goes; how many were sent.
    A server that cannot be reached, or refuses or drops a message, is a failed attempt of
    each e-mail it cost."""
    smtp = get_connection(fail_silently=False)
    try:
        smtp.open()
    except Exception as error:  # noqa: BLE001 - retried with backoff, then failed
        for email, _ in rendered:
            _record_failure(email, error)
        return 0
    sent = 0
    wire = Wire()
    try:
        with _commits_not_waiting_for_disk(), connection.cursor() as cursor:
            marks = (_PostgresMarks if connection.vendor == "postgresql" else _Marks)(cursor)
            try:
                for email, result in rendered:
                    try:
                        _send_one(email, result, smtp, wire)
                    except Exception as error:  # noqa: BLE001 - retried with backoff, then failed
                        marks.wait()
                        _record_failure(email, error)
                        continue
                    marks.mark(email)
                    sent += 1
            finally:
                marks.wait()
    finally:
        smtp.close()
    return sent


def _send_batch(batch: int) -> tuple[int, int]:
    """Claim, render and send one batch over one SMTP connection; (due rows found, sent)."""
    emails, found = _claim_batch(batch)
    if not emails:
        return found, 0
    rendered, unneeded = _render_all(emails)
    OutboundEmail.objects.filter(pk__in=unneeded).update(status=OutboundEmail.Status.CANCELLED)
    return found, _send_all(rendered) if rendered else 0


BATCH = 500  # e-mails claimed, rendered and sent over one SMTP connection at a time


def outbox_helpers_wanted(*, batch: int = BATCH) -> int:
    """How many dispatchers a tick should start beside itself: one per further batch now
    due, at most OUTBOX_DISPATCHERS - 1 (the worker processes that can send at once). The
    count stops there, so a backlog of millions costs the same query as one of thousands."""
    most = settings.OUTBOX_DISPATCHERS - 1
    if most < 1:
        return 0
    now = timezone.now()
    due = (
        OutboundEmail.objects.filter(_claimable(now), due_at__lte=now)
        .values("pk")[: batch * most + 1]
        .count()
    )
    return min(most, max(0, due - 1) // batch)


def outbox_dispatch(*, batch: int = BATCH) -> int:
    """Send every due e-mail; returns how many were sent. Several dispatchers may run at
    once (workers, a late tick): each claims its own batches."""
    total = 0
    while True:
        found, sent = _send_batch(batch)
        total += sent
        if found < batch:  # fewer than a batch was due: this was the last of them
            return total
