"""Rows for the "costs the same with more data" tests: a runner with `n` of everything the
staff pages list (cases, visits, plans with stages, check-ins, decisions, e-mails, links,
drafts, audit events), written in bulk; what the tests compare is queries, not the writes."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from clinic.models import AuditEvent, OutboundEmail, PrivateLink, Therapist
from intake.booking.selectors import default_visit_type
from intake.models import Case, IntakeDraft, Visit
from programs.models import CheckIn, Decision, PainMode, Plan, PlanStage
from tests.programs.conftest import open_case


def therapist_for_tests() -> Therapist:
    user, _ = get_user_model().objects.get_or_create(username="scale-pt")
    therapist, _ = Therapist.objects.get_or_create(user=user, defaults={"display_name": "Sam, PT"})
    return therapist


def runner_with(n: int, *, email: str = "maya@example.com", one_case: bool = False) -> Case:
    """A runner's first case, and `n` of each kind of row about them: each row with a case of
    its own, or all of them on the first case (`one_case`)."""
    case = open_case(email=email)
    runner = case.runner
    base = timezone.now() + timedelta(days=400 * Case.objects.count())  # apart from others
    cases = (
        [case] * n
        if one_case
        else [case]
        + [
            Case.objects.create(
                runner=runner, triage_level="routine", ruleset_version="t", answers=case.answers
            )
            for _ in range(n - 1)
        ]
    )
    therapist, visit_type, now = therapist_for_tests(), default_visit_type(), timezone.now()
    visits = Visit.objects.bulk_create(
        Visit(
            case=c,
            therapist=therapist,
            visit_type=visit_type,
            start=base + timedelta(days=i + 1),
            end=base + timedelta(days=i + 1, minutes=30),
            blocked_until=base + timedelta(days=i + 1, minutes=30),
            booked_by_staff=True,  # a runner books one free visit; staff book the rest
        )
        for i, c in enumerate(cases)
    )
    plans = Plan.objects.bulk_create(
        Plan(case=c, title="Hip strength", start_date=date(2026, 6, 1), end_date=date(2026, 8, 1))
        for c in cases
    )
    stages = PlanStage.objects.bulk_create(
        PlanStage(plan=plan, order=1, name="Walk-run 1", pain_mode=PainMode.values[0])
        for plan in plans
    )
    checkins = CheckIn.objects.bulk_create(
        CheckIn(
            key=f"scale:{runner.pk}:{i}",
            case=c,
            plan=plans[i],
            kind=CheckIn.Kind.WEEKLY,
            due_at=now - timedelta(days=i),
            status=CheckIn.Status.ANSWERED,
            answered_at=now - timedelta(days=i),
            answers={"pain_during": 2, "note": "felt fine"},
            needs_review=True,
            review_rank=4,
            review_reasons=["Pain up."],
        )
        for i, c in enumerate(cases)
    )
    Decision.objects.bulk_create(
        Decision(
            plan=plans[i],
            checkin=checkin,
            stage=stages[i],
            action=Decision.Action.ADVANCE,
            reason="Pain settled.",
            status=Decision.Status.PENDING,
        )
        for i, checkin in enumerate(checkins)
    )
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            idempotency_key=f"scale-{runner.pk}-{checkin.pk}",
            kind="checkin",
            object_id=checkin.pk,
            to=runner.email,
            due_at=now,
        )
        for checkin in checkins
    )
    PrivateLink.objects.bulk_create(
        PrivateLink(
            token_hash=f"scale-{runner.pk}-{visit.pk}",
            purpose=PrivateLink.Purpose.VISIT_MANAGE,
            object_id=visit.pk,
            expires_at=now + timedelta(days=30),
        )
        for visit in visits
    )
    IntakeDraft.objects.bulk_create(
        IntakeDraft(email=runner.email, for_case=c, steps={"1": {"first_name": "Maya"}})
        for c in cases
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(username="scale", action="view", object_type="intake.case", object_id=str(c.pk))
        for c in cases
    )
    return case
