"""Writes for the programs app: the seed, building and issuing plans, logging sessions."""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext

from clinic.models import ClinicProfile, OutboundEmail
from clinic.outbox import Outgoing, email_enqueue, email_enqueue_many
from programs import library, library_es, media
from programs.checkins.services import checkins_for_plan
from programs.models import (
    SPANISH_WORDS,
    CheckIn,
    Exercise,
    Plan,
    PlanItem,
    PlanPhase,
    PlanSession,
    PlanStage,
    ProgramTemplate,
    RunStage,
    SessionLog,
    TemplateItem,
    TemplatePhase,
)
from programs.schedule import PhaseSpec, StageSpec, exercise_sessions, run_sessions


def exercise_save(*, exercise: Exercise, new_image: bool = False, video_kind: str = "") -> None:
    """Save a library exercise. A new photo (validated by the admin's form) is stored resized
    with its thumbnail; a new video under a name whose extension matches its content; a
    removed photo takes its thumbnail and size with it. Files go to STORAGES["default"]
    before the row is written: an orphan file is harmless, a row naming no file is not."""
    if new_image and exercise.image:
        resized = media.image_resize(exercise.image)
        exercise.image.save(media.media_name(exercise.name, "webp"), resized.image, save=False)
        exercise.image_thumbnail.save(
            media.media_name(exercise.name, "webp"), resized.thumbnail, save=False
        )
        exercise.image_width, exercise.image_height = resized.width, resized.height
    if not exercise.image:
        exercise.image_thumbnail = ""
        exercise.image_width = exercise.image_height = None
    if video_kind and exercise.video:
        upload = exercise.video.file
        exercise.video.save(media.media_name(exercise.name, video_kind), upload, save=False)
    with transaction.atomic():
        exercise.save()


def library_seed() -> dict:
    """Write the library's exercises and templates that are missing, by name. Running it
    again adds nothing, and the clinic's own edits to a seeded row are kept."""
    created = {"exercises": 0, "templates": 0}
    with transaction.atomic():
        for row in library.EXERCISES:
            _, new = Exercise.objects.get_or_create(
                name=row["name"], defaults={k: v for k, v in row.items() if k != "name"}
            )
            created["exercises"] += new
        exercises = {exercise.name: exercise for exercise in Exercise.objects.all()}
        for spec in library.TEMPLATES:
            if ProgramTemplate.objects.filter(name=spec["name"]).exists():
                continue
            _template_create(spec, exercises)
            created["templates"] += 1
        # The Spanish of the clinic's rows, where the clinic has not written its own yet.
        library_es.fill_spanish(
            Exercise.objects.all(),
            ProgramTemplate.objects.all(),
            TemplatePhase.objects.select_related("template"),
            RunStage.objects.select_related("template"),
        )
    return created


def _template_create(spec: dict, exercises: dict) -> ProgramTemplate:
    template = ProgramTemplate.objects.create(
        name=spec["name"],
        kind=spec["kind"],
        description=spec["description"],
        source=spec["source"],
    )
    for order, phase_spec in enumerate(spec.get("phases", ()), start=1):
        items = phase_spec["items"]
        phase = TemplatePhase.objects.create(
            template=template,
            order=order,
            **{k: v for k, v in phase_spec.items() if k != "items"},
        )
        for item_order, row in enumerate(items, start=1):
            exercise = exercises[row["exercise"]]
            TemplateItem.objects.create(
                phase=phase,
                order=item_order,
                exercise=exercise,
                **{**exercise.dosage(), **{k: v for k, v in row.items() if k != "exercise"}},
            )
    for order, stage in enumerate(spec.get("stages", ()), start=1):
        RunStage.objects.create(template=template, order=order, **stage)
    return template


class PlanError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class DraftItem:
    """One exercise of a plan being built: the template phase it goes in, the exercise, the
    template item it came from (None when the therapist added it from the library), and the
    dosage fields and days a week the therapist set (the item's or exercise's otherwise)."""

    phase_id: int
    exercise: Exercise
    template_item: TemplateItem | None = None
    values: dict = field(default_factory=dict)


@dataclass
class PlanDraft:
    """What the builder hands over: the chosen templates, and either the exercises of each
    phase as the therapist arranged them (`items`, in order), or the templates' own items
    with the dosage the therapist set per template item (item id -> dosage fields and days a
    week)."""

    templates: list[ProgramTemplate]
    start_date: date
    dosage_overrides: dict[int, dict] = field(default_factory=dict)
    items: list[DraftItem] | None = None
    auto_progress: bool = False
    bone_clearance_note: str = ""
    note_to_runner: str = ""


def plan_build(*, case, draft: PlanDraft, by=None, issue: bool = True) -> Plan:
    """Snapshot the templates into a plan for the case and lay out its dated sessions."""
    if not draft.templates:
        raise PlanError("Choose at least one template.")
    # One read of everything the snapshot copies, in the order the therapist chose.
    chosen = {
        t.pk: t for t in templates_with_contents().filter(pk__in=[t.pk for t in draft.templates])
    }
    draft.templates = [chosen[t.pk] for t in draft.templates]
    bone = any(stage.pain_mode == "bone" for t in draft.templates for stage in t.stages.all())
    if bone and not draft.bone_clearance_note.strip():
        raise PlanError(
            "A bone-mode return to run needs your clearance first: record it (imaging, "
            "examination, who cleared) before building the plan."
        )
    with transaction.atomic():
        plan = Plan.objects.create(
            case=case,
            title=" + ".join(t.name for t in draft.templates),
            title_es=_title_es(draft.templates),
            start_date=draft.start_date,
            end_date=draft.start_date,
            templates_used=", ".join(t.name for t in draft.templates),
            auto_progress=draft.auto_progress,
            bone_clearance_note=draft.bone_clearance_note.strip(),
            note_to_runner=draft.note_to_runner.strip(),
            created_by=by,
        )
        phases, items, stages = _snapshot(plan, draft)
        _lay_out_sessions(plan, phases, items, stages)
        if stages:
            plan.current_stage = stages[0]
            plan.save(update_fields=["current_stage"])
        checkins_for_plan(plan)
        if issue:
            plan_issue(plan=plan)
    return plan


def _title_es(templates: list[ProgramTemplate]) -> str:
    """The plan's title in Spanish: each template's Spanish name, its English where it has
    none; blank when none has a Spanish name (the English title shows)."""
    if not any(t.name_es.strip() for t in templates):
        return ""
    return " + ".join(t.name_es.strip() or t.name for t in templates)


def templates_with_contents():
    return ProgramTemplate.objects.prefetch_related("phases__items__exercise", "stages")


def _snapshot(
    plan: Plan, draft: PlanDraft
) -> tuple[list[PlanPhase], list[PlanItem], list[PlanStage]]:
    """Copy the templates' phases, items and stages: later template edits leave the plan
    as it was issued."""
    phases: list[PlanPhase] = []
    items: list[tuple[PlanPhase, DraftItem]] = []
    stages: list[PlanStage] = []
    arranged = draft_items(draft)
    for template in draft.templates:
        for template_phase in template.phases.all():
            phase = PlanPhase(
                plan=plan,
                order=len(phases) + 1,
                program=template.name,
                program_es=template.name_es,
                name=template_phase.name,
                name_es=template_phase.name_es,
                goal=template_phase.goal,
                goal_es=template_phase.goal_es,
                weeks=template_phase.typical_weeks,
                entry_criteria=template_phase.entry_criteria,
                exit_criteria=template_phase.exit_criteria,
            )
            phases.append(phase)
            items += [(phase, item) for item in arranged if item.phase_id == template_phase.pk]
        for run_stage in template.stages.all():
            stage_fields = {name: getattr(run_stage, name) for name in run_stage.STAGE_FIELDS}
            stage_fields["order"] = len(stages) + 1
            stages.append(
                PlanStage(
                    plan=plan, program=template.name, program_es=template.name_es, **stage_fields
                )
            )
    PlanPhase.objects.bulk_create(phases)
    PlanStage.objects.bulk_create(stages)
    orders: dict[int, int] = {}
    plan_items = []
    for phase, item in items:
        orders[id(phase)] = orders.get(id(phase), 0) + 1
        plan_items.append(_plan_item(phase, item, orders[id(phase)]))
    return phases, PlanItem.objects.bulk_create(plan_items), stages


def draft_items(draft: PlanDraft) -> list[DraftItem]:
    """The exercises the plan gets: as the therapist arranged them, or the templates' own."""
    if draft.items is not None:
        return draft.items
    return [
        DraftItem(phase.pk, item.exercise, item, draft.dosage_overrides.get(item.pk, {}))
        for template in draft.templates
        for phase in template.phases.all()
        for item in phase.items.all()
    ]


# An exercise added from the library does as often as the clinic's strength work (2-3 times
# a week, BRIEF.md) unless the therapist says otherwise.
ADDED_DAYS_PER_WEEK = 3


def _plan_item(phase: PlanPhase, item: DraftItem, order: int) -> PlanItem:
    exercise, template_item = item.exercise, item.template_item
    base = template_item or exercise
    values = {
        **base.dosage(),
        **(template_item.progression() if template_item else {}),
        "days_per_week": template_item.days_per_week if template_item else ADDED_DAYS_PER_WEEK,
        **item.values,
    }
    return PlanItem(
        plan=phase.plan,
        phase=phase,
        order=order,
        name=exercise.name,
        category=exercise.category,
        steps=exercise.steps,
        cues=exercise.cues,
        mistakes=exercise.mistakes,
        equipment=exercise.equipment,
        **{f"{field}_es": getattr(exercise, f"{field}_es") for field in SPANISH_WORDS},
        exercise=exercise,
        **values,
    )


def _lay_out_sessions(
    plan: Plan, phases: list[PlanPhase], items: list[PlanItem], stages: list[PlanStage]
) -> None:
    busiest = {phase.pk: 0 for phase in phases}
    for item in items:
        busiest[item.phase_id] = max(busiest[item.phase_id], item.days_per_week)
    # Each program's phases run one after another; programs run side by side.
    by_program: dict[str, list[PlanPhase]] = {}
    for phase in phases:
        by_program.setdefault(phase.program, []).append(phase)
    dated = []
    for program_phases in by_program.values():
        dated += exercise_sessions(
            plan.start_date,
            [
                PhaseSpec(phase.pk, phase.weeks, busiest[phase.pk])
                for phase in program_phases
                if busiest[phase.pk]
            ],
        )
    dated += run_sessions(
        plan.start_date,
        [
            StageSpec(stage.pk, stage.min_sessions, stage.sessions_per_week, stage.rest_days_after)
            for stage in stages
        ],
    )
    PlanSession.objects.bulk_create(
        PlanSession(
            plan=plan,
            date=session.date,
            kind=session.kind,
            phase_id=session.key if session.kind == "exercise" else None,
            stage_id=session.key if session.kind == "run" else None,
            slot_in_week=session.slot_in_week,
        )
        for session in dated
    )
    plan.end_date = max((session.date for session in dated), default=plan.start_date)
    plan.save(update_fields=["end_date"])


def plan_issue(*, plan: Plan, again: bool = False) -> None:
    """E-mail the runner the plan's private link (minted when the e-mail is sent); `again`
    for a resend from the admin, which must not fold into the first e-mail."""
    suffix = f"-again-{timezone.now().timestamp():.0f}" if again else ""
    email_enqueue(
        kind="plan_issued",
        object_id=plan.pk,
        to=plan.case.runner.email,
        key=f"plan-issued-{plan.pk}{suffix}",
    )


def plan_set_status(*, plan: Plan, status: str) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(status=status)
    plan.touch()
    plan.refresh_from_db()
    return plan


def plan_checkins_pause(*, plan: Plan) -> bool:
    """The runner stopped the plan's check-in e-mails: none is sent from now (those already
    scheduled are cancelled, later ones are not e-mailed) and staff are told, once. False
    when they were stopped already."""
    now = timezone.now()
    with transaction.atomic():
        paused = Plan.objects.filter(pk=plan.pk, checkins_paused_at__isnull=True).update(
            checkins_paused_at=now
        )
        if not paused:
            return False
        waiting = CheckIn.objects.filter(plan=plan, status=CheckIn.Status.SCHEDULED)
        OutboundEmail.objects.filter(
            kind="checkin",
            object_id__in=list(waiting.values_list("pk", flat=True)),
            status=OutboundEmail.Status.PENDING,
        ).update(status=OutboundEmail.Status.CANCELLED)
        waiting.update(status=CheckIn.Status.CANCELLED)
        email_enqueue_many(
            [
                Outgoing(
                    "staff_checkins_paused",
                    plan.pk,
                    address,
                    f"checkins-paused-{plan.pk}-{now:%Y%m%d%H%M%S}-{address}",
                )
                for address in ClinicProfile.load().staff_alert_list()
            ]
        )
        plan.touch()
    return True


class LogError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def session_log(
    *,
    session: PlanSession,
    outcome: str,
    pain_during,
    note: str = "",
    today: date,
    client_key: UUID | None = None,
) -> SessionLog:
    """Record (or correct) how a session went. Done or partly needs the pain during it;
    a session is logged on its day or after, never ahead. A log sent again with the phone's
    `client_key` (a retry of one made offline) changes nothing: it was recorded once."""
    if client_key is not None:
        sent = SessionLog.objects.filter(client_key=client_key).first()
        if sent is not None and sent.session_id == session.pk:
            return sent
        if sent is not None:  # only a forged request reuses a key for another session
            raise LogError(gettext("That log was sent already. Please log this session again."))
    if session.date > today:
        day = dateformat.format(session.date, gettext("l, F j"))
        raise LogError(gettext("This session is on %(day)s: log it then.") % {"day": day})
    if outcome not in SessionLog.Outcome.values:
        raise LogError(gettext("Choose done, partly or skipped."))
    if outcome == SessionLog.Outcome.SKIPPED:
        pain_during = None
    elif pain_during is None:
        raise LogError(
            gettext("How much did it hurt during the session? Choose a number from 0 to 10.")
        )
    elif not 0 <= pain_during <= 10:
        raise LogError(gettext("Pain is a number from 0 (none) to 10 (worst imaginable)."))
    if session.plan.status != Plan.Status.ACTIVE:
        raise LogError(gettext("This plan is paused or has ended: ask the clinic before going on."))
    fields = {"outcome": outcome, "pain_during": pain_during, "note": note.strip()}
    if client_key is not None:
        fields["client_key"] = client_key
    try:
        with transaction.atomic():
            log, _ = SessionLog.objects.update_or_create(session=session, defaults=fields)
            session.plan.touch()
    except IntegrityError:  # the same key for two sessions at once: a forged pair
        raise LogError(
            gettext("That log was sent already. Please log this session again.")
        ) from None
    return log
