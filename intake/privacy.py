"""Everything the portal holds about one runner: exported for them, or erased.

Erasing anonymises: names, contact details and every free-text answer or note go; the rows
stay, de-identified, so counts per level, location or month still add up. Past versions of
those records (simple-history) are deleted with the personal fields they copied.

Higher apps (programs: plans and session logs) add their part from AppConfig.ready() through
`privacy_register`, so this module never imports upward.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from clinic.models import OutboundEmail, PrivateLink
from intake.forms import STEP_FORMS
from intake.models import Case, IntakeDraft, Runner, Visit


@dataclass(frozen=True)
class PrivacyPart:
    name: str
    export: Callable[[list[int]], list[dict]]  # case ids -> records
    erase: Callable[[list[int]], None]  # case ids -> anonymise
    links: Callable[[list[int]], list[tuple[str, int]]]  # case ids -> (purpose, object id)


PARTS: list[PrivacyPart] = []


def privacy_register(part: PrivacyPart) -> None:
    PARTS.append(part)


def _free_text_keys() -> frozenset[str]:
    """Answers a runner typed in their own words, or a date: never kept after erasure."""
    keys = {"problem_summary"}
    for context in ({"age": 16, "sex": "female"}, {"age": 40, "sex": "male"}):
        for form_class in STEP_FORMS:
            for name, field in form_class(context=context).fields.items():
                if isinstance(field, forms.CharField | forms.DateField):
                    keys.add(name)
    return frozenset(keys)


FREE_TEXT_KEYS = _free_text_keys()
ERASED_DOMAIN = "erased.invalid"


def _cases(runner: Runner) -> list[Case]:
    visits = Visit.objects.select_related("therapist", "visit_type").order_by("start")
    return list(
        Case.objects.filter(runner=runner)
        .select_related("assigned_therapist")
        .prefetch_related(Prefetch("visits", queryset=visits))
        .order_by("pk")
    )


def _drafts(runner: Runner, case_ids: list[int]):
    """The drafts that became these cases and those invited for them: two indexed lookups
    (the cases' draft ids, the drafts' for_case), not a join of the two tables."""
    submitted = Case.objects.filter(pk__in=case_ids, draft__isnull=False).values("draft_id")
    return IntakeDraft.objects.filter(Q(pk__in=submitted) | Q(for_case__in=case_ids))


def _emails(runner: Runner):
    # An index on UPPER("to") serves this on PostgreSQL (clinic migration 0012).
    return OutboundEmail.objects.filter(to__iexact=runner.email)


def _link_keys(
    case_ids: list[int], draft_ids: list[int], visit_ids: list[int]
) -> list[tuple[str, int]]:
    keys: list[tuple[str, int]] = [(PrivateLink.Purpose.INTAKE_RESUME, pk) for pk in draft_ids]
    keys += [(PrivateLink.Purpose.INTAKE_INVITE, pk) for pk in case_ids]
    keys += [(PrivateLink.Purpose.CARE, pk) for pk in case_ids]
    keys += [(PrivateLink.Purpose.VISIT_MANAGE, pk) for pk in visit_ids]
    for part in PARTS:
        keys += part.links(case_ids)
    return keys


def _links(keys):
    found = PrivateLink.objects.none()
    for purpose in {purpose for purpose, _ in keys}:
        ids = [pk for p, pk in keys if p == purpose]
        found |= PrivateLink.objects.filter(purpose=purpose, object_id__in=ids)
    return found


def _visit(visit: Visit) -> dict:
    return {
        "id": visit.pk,
        "start": visit.start,
        "end": visit.end,
        "therapist": str(visit.therapist),
        "type": visit.visit_type.name,
        "mode": visit.get_mode_display(),
        "status": visit.get_status_display(),
        "booked_at": visit.created_at,
        "cancelled_at": visit.cancelled_at,
    }


def _case(case: Case) -> dict:
    return {
        "id": case.pk,
        "submitted_at": case.submitted_at,
        "triage_level": case.get_triage_level_display(),
        "ruleset_version": case.ruleset_version,
        "language": case.language,  # the reasons' messages are in it
        "reasons": [
            {"rule": r["rule"], "message": r["message"], "evidence": r["evidence"]}
            for r in case.reasons
        ],
        "answers": case.answers,
        "lefs_total": case.lefs_total,
        "status": case.get_status_display(),
        "assigned_therapist": str(case.assigned_therapist or ""),
        "notes": case.notes,
        "consent_version": case.consent_version,
        "consent_at": case.consent_at,
        "contacted_at": case.contacted_at,
        "visits": [_visit(v) for v in case.visits.all()],  # prefetched by _cases
    }


def runner_export(runner: Runner) -> dict:
    """Everything about one runner, as plain data (dates as datetimes)."""
    cases = _cases(runner)
    case_ids = [case.pk for case in cases]
    drafts = list(_drafts(runner, case_ids).order_by("pk"))
    visit_ids = list(Visit.objects.filter(case__in=case_ids).values_list("pk", flat=True))
    data = {
        "runner": {
            "id": runner.pk,
            "first_name": runner.first_name,
            "last_name": runner.last_name,
            "email": runner.email,
            "phone": runner.phone,
            "created_at": runner.created_at,
            "erased_at": runner.erased_at,
        },
        "cases": [_case(case) for case in cases],
        "intake_drafts": [
            {
                "id": d.pk,
                "created_at": d.created_at,
                "updated_at": d.updated_at,
                "submitted_at": d.submitted_at,
                "typed": d.steps,
            }
            for d in drafts
        ],
        "emails_sent": [
            {
                "kind": e.kind,
                "to": e.to,
                "status": e.get_status_display(),
                "due_at": e.due_at,
                "sent_at": e.sent_at,
            }
            for e in _emails(runner).order_by("created_at")
        ],
        "private_links": [
            {
                "purpose": link.get_purpose_display(),
                "created_at": link.created_at,
                "expires_at": link.expires_at,
                "revoked_at": link.revoked_at,
                "last_used_at": link.last_used_at,
            }
            for link in _links(_link_keys(case_ids, [d.pk for d in drafts], visit_ids))
        ],
    }
    for part in PARTS:
        data[part.name] = part.export(case_ids)
    return data


def _deidentified(answers: dict) -> dict:
    kept = {key: value for key, value in answers.items() if key not in FREE_TEXT_KEYS}
    if isinstance(kept.get("age"), int) and kept["age"] > 89:
        kept["age"] = 90  # ages over 89 identify
    return kept


def _forget_log_entries(model, ids) -> None:
    """The admin's own history names objects by their str(), which holds the name."""
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_id__in=[str(i) for i in ids]).update(
        object_repr=f"(erased {model._meta.verbose_name})"
    )


def runner_erase(*, runner: Runner) -> None:
    """Anonymise the runner and everything typed about them; keep de-identified rows."""
    now = timezone.now()
    with transaction.atomic():
        cases = _cases(runner)
        case_ids = [case.pk for case in cases]
        drafts = _drafts(runner, case_ids)
        draft_ids = list(drafts.values_list("pk", flat=True))
        visit_ids = list(Visit.objects.filter(case__in=case_ids).values_list("pk", flat=True))
        _links(_link_keys(case_ids, draft_ids, visit_ids)).filter(revoked_at__isnull=True).update(
            revoked_at=now
        )
        erased_email = f"runner-{runner.pk}@{ERASED_DOMAIN}"
        _emails(runner).filter(status=OutboundEmail.Status.PENDING).update(
            status=OutboundEmail.Status.CANCELLED
        )
        _emails(runner).update(to=erased_email, last_error="")
        IntakeDraft.objects.filter(pk__in=draft_ids).delete()
        for case in cases:
            case.answers, case.notes = _deidentified(case.answers), ""
        Case.objects.bulk_update(cases, ["answers", "notes"])
        Case.history.filter(id__in=case_ids).delete()
        for part in PARTS:
            part.erase(case_ids)
        Runner.objects.filter(pk=runner.pk).update(
            first_name="Erased",
            last_name=f"runner {runner.pk}",
            email=erased_email,
            phone="",
            erased_at=now,
        )
        _forget_log_entries(Runner, [runner.pk])
        _forget_log_entries(Case, case_ids)
        _forget_log_entries(Visit, visit_ids)
