"""Writes for the intake: each a short transaction, called from thin views."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clinic import i18n
from clinic.models import ClinicProfile
from clinic.outbox import Outgoing, email_enqueue, email_enqueue_many
from clinic.retention import delete_in_batches
from intake.booking.services import visits_cancel_for_emergency
from intake.forms import REVIEW_STEP, STEP_FORMS, lefs_total
from intake.models import Case, IntakeDraft, Runner
from intake.triage import triage, validate_answers
from intake.triage.levels import EMERGENCY, URGENT

ALERT_LEVELS = {EMERGENCY, URGENT}
# The outbox kind of the staff e-mail about an alert-level case (the queue marks a case
# whose alert is stuck: intake/admin.py).
STAFF_CASE_ALERT = "staff_case_alert"
# Abandoned drafts are removed after this long; the resume link lives as long.
DRAFT_LIFETIME = timedelta(days=30)


class IntakeIncomplete(Exception):
    def __init__(self, step: int):
        super().__init__(f"step {step} is incomplete")
        self.step = step


def form_for_step(step: int, draft: IntakeDraft | None, *, data=None, profile=None):
    """The step's form, with conditional questions chosen from the earlier answers
    (`profile`, from draft_profile(), when the caller already has it)."""
    if profile is None:
        profile = draft_profile(draft)
    return STEP_FORMS[step - 1](data=data, context=profile)


def draft_profile(draft: IntakeDraft | None) -> dict:
    """Age and sex from step 1, which decide the conditional questions."""
    if draft is None or "1" not in draft.steps:
        return {}
    form = STEP_FORMS[0](data=draft.steps["1"])
    if not form.is_valid():
        return {}
    return {"age": form.cleaned_data["age"], "sex": form.cleaned_data["sex"]}


def draft_save_step(*, draft: IntakeDraft | None, step: int, data: dict, valid: bool):
    """Keep what was typed on a step, valid or not; returns the (maybe new) draft.

    Once the e-mail address is known a resume link is queued, once per draft."""
    with transaction.atomic():
        if draft is None:
            draft = IntakeDraft.objects.create()
        draft.steps[str(step)] = data
        draft.language = i18n.current()  # the resume e-mail's language
        if valid:
            draft.furthest_step = max(draft.furthest_step, step + 1)
        if valid and step == 1:
            draft.email = str(data.get("email", "")).strip()
        draft.save()
        if draft.email:
            email_enqueue(
                kind="intake_resume",
                object_id=draft.pk,
                to=draft.email,
                key=f"intake-resume-{draft.pk}",
            )
    return draft


def draft_answers(draft: IntakeDraft) -> tuple[dict, int | None]:
    """Every valid step's cleaned answers, and the first step that is missing or invalid
    (None when all are complete)."""
    answers: dict = {}
    incomplete = None
    profile = draft_profile(draft)
    for step in range(1, REVIEW_STEP):
        form = form_for_step(step, draft, data=draft.steps.get(str(step)), profile=profile)
        if form.is_bound and form.is_valid():
            answers.update(form.answers())
        elif incomplete is None:
            incomplete = step
    return answers, incomplete


def _collect(draft: IntakeDraft) -> tuple[dict, dict]:
    """(contact, answers) from every step, re-validated; raises IntakeIncomplete."""
    collected, incomplete = draft_answers(draft)
    if incomplete is not None:
        raise IntakeIncomplete(incomplete)
    contact = {key: collected.pop(key) for key in ("first_name", "last_name", "email", "phone")}
    collected.pop("consent")
    return contact, collected


def intake_submit(*, draft_id: int) -> Case:
    """Triage the finished draft and open a case. Submitting twice returns the first case."""
    with transaction.atomic():
        draft = IntakeDraft.objects.select_for_update().get(pk=draft_id)
        existing = Case.objects.filter(draft=draft).first()
        if existing is not None:
            return existing
        contact, answers = _collect(draft)
        case = case_open(contact=contact, answers=answers, draft=draft, pending=draft.for_case)
        draft.submitted_at = timezone.now()
        draft.save(update_fields=["submitted_at", "updated_at"])
    return case


def case_open(
    *, contact: dict, answers: dict, draft: IntakeDraft | None = None, pending: Case | None = None
) -> Case:
    """Triage the answers and store the result with its ruleset; queue the runner's
    acknowledgement and, when the level asks for a call today, the staff alerts, in one
    INSERT whatever the level. `pending` is a case opened by booking without an intake,
    which this intake completes. Call inside a transaction; raises AnswerError."""
    answers = validate_answers(answers)
    result = triage(answers)
    profile = ClinicProfile.load()
    if pending is None:
        runner = Runner.objects.create(**contact, language=i18n.current())
        case = Case(runner=runner)
    else:
        case, runner = pending, pending.runner
        Runner.objects.filter(pk=runner.pk).update(**contact, language=i18n.current())
        answers = {**pending.answers, **answers}
    locations = answers.get("pain_locations") or [""]
    case.draft = draft
    case.answers = answers
    case.lefs_total = lefs_total(answers)
    case.age = answers.get("age")
    case.main_location = locations[0]
    case.days_since_onset = answers.get("days_since_onset")
    case.triage_level = result.level
    case.ruleset_version = result.ruleset
    case.reasons = result.stored_reasons()
    case.language = result.language
    case.consent_version = profile.consent_version
    case.consent_at = timezone.now()
    case.call_today = case.call_today or result.level == URGENT
    if result.level == EMERGENCY and pending is not None:  # booked before the intake
        visits_cancel_for_emergency(case=case)
    case.save()
    emails = [Outgoing("intake_received", case.pk, runner.email, f"intake-received-{case.pk}")]
    if result.level in ALERT_LEVELS:
        emails += [
            Outgoing(STAFF_CASE_ALERT, case.pk, address, f"case-alert-{case.pk}-{address}")
            for address in profile.staff_alert_list()
        ]
    email_enqueue_many(emails)
    return case


def drafts_purge_abandoned(*, now=None) -> int:
    """Remove unsubmitted drafts untouched for DRAFT_LIFETIME; returns how many. Set-based:
    Django's delete() would load every draft (with its JSON) to honour Case.draft's SET_NULL,
    so one UPDATE clears that link first and batched DELETEs by id range follow; a partial
    index on updated_at WHERE submitted_at IS NULL finds them."""
    cutoff = (now or timezone.now()) - DRAFT_LIFETIME
    abandoned = IntakeDraft.objects.filter(submitted_at__isnull=True, updated_at__lt=cutoff)
    Case.objects.filter(draft__in=abandoned.values("pk")).update(draft=None)
    return delete_in_batches(abandoned)


def case_mark_contacted(*, case_ids) -> int:
    """New cases move to "contacted"; cases further along keep their status."""
    now = timezone.now()
    cases = Case.objects.filter(pk__in=case_ids)
    cases.filter(contacted_at__isnull=True).update(contacted_at=now)
    cases.update(call_today=False)
    return cases.filter(status=Case.Status.NEW).update(status=Case.Status.CONTACTED)


def case_assign(*, case_ids, therapist) -> int:
    return Case.objects.filter(pk__in=case_ids).update(assigned_therapist=therapist)
