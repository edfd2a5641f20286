"""Answering a check-in: storing the answers, the review they call for, the staff alert at
`soon` or worse, and the return-to-run decision (programs.checkins.services) they lead to.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.i18n import current
from clinic.models import ClinicProfile
from clinic.outbox import Outgoing, email_enqueue_many
from intake.models import Case
from intake.triage.engine import triage
from intake.triage.levels import RANK, SOON, most_serious
from intake.triage.phrases import describe
from programs.checkins.services import decide, flag
from programs.checkins.signs import NEW_SIGNS
from programs.models import CheckIn, Decision

PAIN_RISE = 2  # points: the NPRS change that matters [R18][R19]
LEFS_DROP = 9  # points: the LEFS MCID [R20]

Kind = CheckIn.Kind


@dataclass(frozen=True)
class Outcome:
    """What the runner is shown after answering."""

    level: str  # the triage level of the new warning signs ("" when none)
    decision: Decision | None
    told: str  # a sentence about what happens next


def _warning_level(case: Case, signs: list[str]) -> str:
    """The level the new warning signs lead to: the intake's answers with the new signs, through
    the same triage rules, counting only the rules that a new sign made fire (what the intake
    already said was known when the plan was made)."""
    new = {}
    for sign in signs:
        new.update(NEW_SIGNS[sign][1])
    if not new:
        return ""
    said = {describe(key, value) for key, value in new.items()}
    result = triage({**case.answers, **new})
    return most_serious(
        reason.level for reason in result.reasons if said.intersection(reason.evidence)
    )


def checkin_answer(*, checkin: CheckIn, answers: dict, today: date) -> Outcome:
    """Store the answers; flag what a therapist should see; alert staff at `soon` or worse;
    during a return to run, decide by the stage's rule and apply or queue the decision."""
    with transaction.atomic():
        # Lock the check-in's row only: PostgreSQL refuses FOR UPDATE on the nullable side
        # of the outer join to the plan (a check-in after an intake has none).
        checkin = (
            CheckIn.objects.select_for_update(of=("self",))
            .select_related("case__runner", "plan")
            .get(pk=checkin.pk)
        )
        if checkin.status == CheckIn.Status.ANSWERED:
            return Outcome(checkin.triage_level, None, "You have answered this check-in already.")
        checkin.answers = answers
        checkin.status = CheckIn.Status.ANSWERED
        checkin.answered_at = timezone.now()
        checkin.language = current()
        checkin.triage_level = _warning_level(checkin.case, answers.get("new_warning_signs", []))
        _review_reasons(checkin)
        decision = decide(checkin, today)
        checkin.save()
        if checkin.triage_level and RANK[checkin.triage_level] <= RANK[SOON]:
            _alert_staff(checkin)
        if checkin.plan is not None:
            checkin.plan.touch()
    return Outcome(checkin.triage_level, decision, _told(checkin, decision))


def _review_reasons(checkin: CheckIn) -> None:
    answers, level = checkin.answers, checkin.triage_level
    if answers.get("new_warning_signs"):
        flag(
            checkin, f"New warning sign(s): triage level {level or 'routine'}.", RANK.get(level, 4)
        )
    if checkin.kind == Kind.AFTER_REST and answers.get("pain_after_rest"):
        flag(checkin, "Pain still there after rest (the clinic's 48-72 h warning sign).", 3)
    previous = _previous_answers(checkin)
    for key in ("pain_now", "pain_worst", "pain_running", "pain_morning"):
        now, before = answers.get(key), previous.get(key)
        if now is not None and before is not None and now - before >= PAIN_RISE:
            flag(checkin, f"Pain up {now - before} points since the last check-in ({key}).", 4)
    if checkin.kind == Kind.LEFS and answers.get("lefs_total") is not None:
        baseline = previous.get("lefs_total", checkin.case.lefs_total)
        if baseline is not None and baseline - answers["lefs_total"] >= LEFS_DROP:
            flag(checkin, f"LEFS down {baseline - answers['lefs_total']} points (MCID 9).", 4)


def checkin_previous_answers(checkin: CheckIn) -> dict:
    """The answers of the runner's previous check-in of the same kind, for "up 5"; the
    intake's LEFS is the baseline for the first LEFS check-in."""
    previous = dict(_previous_answers(checkin))
    if checkin.kind == Kind.LEFS and "lefs_total" not in previous:
        previous["lefs_total"] = checkin.case.lefs_total
    return previous


def _previous_answers(checkin: CheckIn) -> dict:
    previous = (
        CheckIn.objects.filter(
            case_id=checkin.case_id, kind=checkin.kind, status=CheckIn.Status.ANSWERED
        )
        .exclude(pk=checkin.pk)
        .order_by("-answered_at")
        .values_list("answers", flat=True)
        .first()
    )
    return previous or {}


def _alert_staff(checkin: CheckIn) -> None:
    clinic = ClinicProfile.load()
    email_enqueue_many(
        [
            Outgoing(
                "staff_checkin_alert", checkin.pk, address, f"checkin-alert-{checkin.pk}-{address}"
            )
            for address in clinic.staff_alert_list()
        ]
    )


def checkin_mark_reviewed(*, checkin_ids, by, note: str = "") -> int:
    return CheckIn.objects.filter(pk__in=checkin_ids, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=by, review_note=note
    )


def _told(checkin: CheckIn, decision: Decision | None) -> str:
    if checkin.needs_review:
        return _("Thank you. A therapist will look at your answers and contact you if needed.")
    return _("Thank you: your answers are with your therapist.")
