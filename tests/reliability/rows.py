"""Rows the reliability tests start from: check-ins due now, each with its e-mail row, written
in bulk as the plan builder would leave them (not through it: the tests are about sending)."""

from django.utils import timezone

from clinic.models import OutboundEmail
from programs.models import CheckIn
from tests.programs.conftest import open_case


def id_left(message_id: str) -> str:
    """A Message-ID's left part (`<created>.<row id>.<key digest>`): its right part is the
    host of each process's PORTAL_BASE_URL, and the stack's differs from the test's."""
    return message_id.strip("<>").rsplit("@", 1)[0]


def checkins_due_now(count: int, *, prefix: str = "reliability") -> list[str]:
    """`count` weekly check-ins of one runner and their e-mails, all due now; returns the
    left parts of the e-mails' Message-IDs (id_left)."""
    case = open_case()
    # The intake's own acknowledgement is not part of the scene.
    OutboundEmail.objects.filter(kind="intake_received", object_id=case.pk).update(
        status=OutboundEmail.Status.CANCELLED
    )
    now = timezone.now()
    checkins = CheckIn.objects.bulk_create(
        CheckIn(key=f"{prefix}:{n}", case=case, kind=CheckIn.Kind.WEEKLY, due_at=now)
        for n in range(count)
    )
    emails = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            idempotency_key=f"checkin-{checkin.key}",
            kind="checkin",
            object_id=checkin.pk,
            to=case.runner.email,
            due_at=now,
        )
        for checkin in checkins
    )
    return [id_left(email.message_id) for email in emails]
