"""A runner's plans and session logs in their export, and anonymised when they are erased."""

from django.db.models import F, Prefetch
from django.utils import timezone

from clinic.models import PrivateLink
from intake.privacy import PrivacyPart, privacy_register
from programs.models import CheckIn, Plan, PlanSession, SessionLog


def _plans(case_ids):
    return Plan.objects.filter(case__in=case_ids).order_by("pk")


def _sessions(plan: Plan) -> list[dict]:
    rows = []
    for session in plan.sessions.all():  # prefetched by export()
        log = getattr(session, "log", None)
        rows.append(
            {
                "date": session.date,
                "kind": session.get_kind_display(),
                "logged": None
                if log is None
                else {
                    "outcome": log.get_outcome_display(),
                    "pain_during": log.pain_during,
                    "note": log.note,
                    "logged_at": log.logged_at,
                },
            }
        )
    return rows


def export(case_ids) -> list[dict]:
    return [
        {
            "id": plan.pk,
            "case": plan.case_id,
            "title": plan.title,
            "status": plan.get_status_display(),
            "start_date": plan.start_date,
            "end_date": plan.end_date,
            "templates_used": plan.templates_used,
            "note_to_runner": plan.note_to_runner,
            "bone_clearance_note": plan.bone_clearance_note,
            "running_stopped_reason": plan.running_stopped_reason,
            "running_stopped_reason_shown": plan.running_stopped_reason_shown,
            "running_stopped_language": plan.running_stopped_language,
            "exercises": [
                {"name": item.name, "days_per_week": item.days_per_week, **item.dosage()}
                for item in plan.items.all()
            ],
            "run_stages": [stage.name for stage in plan.stages.all()],
            "sessions": _sessions(plan),
        }
        for plan in _plans(case_ids).prefetch_related(
            "items",
            "stages",
            Prefetch(
                "sessions",
                queryset=PlanSession.objects.select_related("log").order_by("date", "pk"),
            ),
        )
    ]


def erase(case_ids) -> None:
    plans = _plans(case_ids)
    plan_ids = list(plans.values_list("pk", flat=True))
    SessionLog.objects.filter(session__plan__in=plan_ids).update(note="")
    plans.update(note_to_runner="", bone_clearance_note="")
    Plan.history.filter(id__in=plan_ids).delete()
    # As Plan.touch(), for every plan at once: the plan page's cache must not keep the notes.
    Plan.objects.filter(pk__in=plan_ids).update(version=F("version") + 1, updated_at=timezone.now())


def links(case_ids) -> list[tuple[str, int]]:
    plan_ids = list(_plans(case_ids).values_list("pk", flat=True))
    return [
        (purpose, pk)
        for purpose in (
            PrivateLink.Purpose.PLAN,
            PrivateLink.Purpose.PLAN_FEED,
            PrivateLink.Purpose.CHECKINS_STOP,
        )
        for pk in plan_ids
    ]


def _checkins(case_ids):
    return CheckIn.objects.filter(case__in=case_ids).order_by("due_at", "pk")


def checkins_export(case_ids) -> list[dict]:
    return [
        {
            "id": checkin.pk,
            "case": checkin.case_id,
            "kind": checkin.get_kind_display(),
            "due_at": checkin.due_at,
            "status": checkin.get_status_display(),
            "answered_at": checkin.answered_at,
            "answers": checkin.answers,
            "decisions": [
                {
                    "action": d.get_action_display(),
                    "reason": d.reason,
                    # What the runner was told, in the language they read it in.
                    "reason_shown": d.reason_shown,
                    "language": d.language,
                    "status": d.status,
                }
                for d in checkin.decisions.all()
            ],
        }
        for checkin in _checkins(case_ids).prefetch_related("decisions")
    ]


def checkins_erase(case_ids) -> None:
    """Free text goes; the scores stay, de-identified with the case, for the counts."""
    noted = [
        c for c in _checkins(case_ids).exclude(answers={}).only("answers") if c.answers.get("note")
    ]
    for checkin in noted:
        checkin.answers = {**checkin.answers, "note": ""}
    CheckIn.objects.bulk_update(noted, ["answers"])
    _checkins(case_ids).update(review_note="")
    _checkins(case_ids).filter(status=CheckIn.Status.SCHEDULED).update(
        status=CheckIn.Status.CANCELLED
    )


def checkins_links(case_ids) -> list[tuple[str, int]]:
    return [
        (PrivateLink.Purpose.CHECKIN, pk) for pk in _checkins(case_ids).values_list("pk", flat=True)
    ]


def register() -> None:
    privacy_register(PrivacyPart(name="plans", export=export, erase=erase, links=links))
    privacy_register(
        PrivacyPart(
            name="check-ins", export=checkins_export, erase=checkins_erase, links=checkins_links
        )
    )
