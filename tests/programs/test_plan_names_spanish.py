"""The therapist's words in Spanish: program, phase and stage names and phase goals. The
clinic's templates come seeded with their Spanish, a plan copies it with the English, and a
runner who reads Spanish sees it on every page that names them (the English wherever a
Spanish text is blank); a runner who reads English never does."""

import re
from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.core import mail

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from programs import library, library_es
from programs.models import (
    CheckIn,
    Plan,
    PlanItem,
    PlanPhase,
    PlanStage,
    ProgramTemplate,
    TemplatePhase,
)
from programs.services import library_seed
from programs.suggest import HIP_STRENGTH, WALK_RUN
from tests.programs.conftest import PLAN_START, build, open_case
from tests.programs.test_plan_admin import template_ids
from tests.programs.test_plan_spanish import spanish, words
from tests.programs.test_plans import open_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]

HIP_ES = "Fuerza de cadera para corredores"
WALK_RUN_ES = "Caminar y correr: 10 niveles"


def test_a_spanish_reader_sees_the_program_phase_and_stage_names_in_spanish(client):
    open_plan(client, build())
    english = words(client.get("/plan/").content.decode())  # cached first: must not leak

    text = words(spanish(client))

    assert f"{HIP_ES}: Calmar y activar" in text  # today's session and the week strip
    assert f"{WALK_RUN_ES}: Nivel 1" in text
    assert f"{HIP_ES} + Calentamiento y vuelta a la calma + {WALK_RUN_ES}" in text  # the title
    assert "Nivel 1" in text and "Usted está aquí" in text  # the ladder
    assert "Para pasar a Nivel 2:" in text
    for english_word in ("Hip strength", "Settle and activate", "Level 1", "Level 2"):
        assert english_word not in text, english_word
    assert "Hip strength for runners: Settle and activate" in english
    assert "To unlock Level 2:" in english
    assert "Nivel" not in english and "Calmar" not in english


def test_a_blank_spanish_name_shows_the_english_never_an_empty_heading(client):
    TemplatePhase.objects.filter(name="Settle and activate").update(name_es="")
    ProgramTemplate.objects.filter(name=WALK_RUN).update(name_es=" ")
    open_plan(client, build())

    text = words(spanish(client))

    assert f"{HIP_ES}: Settle and activate" in text
    assert f"{WALK_RUN}: Nivel 1" in text
    assert f"+ {WALK_RUN}" in text  # the title names it in English too


def test_a_plan_copies_the_spanish_with_the_english_and_keeps_it(client):
    plan = build(names=(HIP_STRENGTH, WALK_RUN))
    TemplatePhase.objects.filter(name="Settle and activate").update(name_es="Cambiado")

    phase = PlanPhase.objects.get(plan=plan, name="Settle and activate")
    stage = PlanStage.objects.get(plan=plan, name="Level 3")

    assert (phase.program_es, phase.name_es) == (HIP_ES, "Calmar y activar")
    assert phase.goal_es.startswith("Calmar la cadera")
    assert (stage.program_es, stage.name_es) == (WALK_RUN_ES, "Nivel 3")
    assert plan.title_es == f"{HIP_ES} + {WALK_RUN_ES}"


def test_a_plan_from_templates_without_spanish_names_has_no_spanish_title():
    ProgramTemplate.objects.update(name_es="")

    assert build(names=(HIP_STRENGTH, WALK_RUN)).title_es == ""


def test_the_printable_plan_my_care_and_the_feed_name_them_in_spanish(client):
    plan = build()
    plan.case.runner.language = "es"
    plan.case.runner.save(update_fields=["language"])
    open_plan(client, plan)

    printed = words(spanish(client, "/plan/print/"))
    care = words(client.get("/care/").content.decode())
    feed_page = client.post("/plan/calendar/").content.decode()
    feed = feed_page.split('value="http://testserver')[1].split('"')[0]
    calendar = icalendar.Calendar.from_ical(client.get(feed).content)
    first = next(e for e in calendar.walk("VEVENT") if e.decoded("dtstart") == PLAN_START)

    assert f"{HIP_ES}: Calmar y activar" in printed
    assert "Calmar la cadera y despertar los glúteos" in printed  # the phase's goal
    assert f"{WALK_RUN_ES}: Nivel 1" in printed and "Fase" not in printed
    assert f"{HIP_ES}: Calmar y activar" in care and "Nivel 1" in care
    assert f"{HIP_ES}: Calmar y activar" in str(first["description"])
    for page in (printed, care, str(first["description"])):
        assert "Settle and activate" not in page and "Level 1" not in page


def test_the_morning_after_check_in_names_the_run_s_stage_in_spanish(client):
    plan = build(names=(WALK_RUN,))
    plan.case.runner.language = "es"
    plan.case.runner.save(update_fields=["language"])
    session = plan.sessions.filter(kind="run").order_by("date").first()
    checkin = CheckIn.objects.get(kind="morning_after", session=session)
    with time_machine.travel(checkin.due_at + timedelta(minutes=5), tick=False):
        OutboundEmail.objects.filter(kind="checkin").exclude(object_id=checkin.pk).update(
            status="cancelled"
        )
        outbox_dispatch()
        body = next(m.body for m in reversed(mail.outbox) if "/checkin/" in m.body)
        client.get(re.search(r"http://testserver(/checkin/\S+/)", body).group(1))
        page = words(client.get("/checkin/").content.decode())

    assert "Sobre su carrera del" in page and "(Nivel 1)." in page


def test_a_plan_issued_before_the_spanish_gains_it_where_its_english_is_the_library_s(client):
    plan = build(names=(HIP_STRENGTH, WALK_RUN))
    # As issued before migration 0013: no Spanish in the snapshot; one goal the clinic edited.
    Plan.objects.filter(pk=plan.pk).update(title_es="")
    PlanPhase.objects.filter(plan=plan).update(program_es="", name_es="", goal_es="")
    PlanStage.objects.filter(plan=plan).update(program_es="", name_es="")
    PlanItem.objects.filter(plan=plan).update(name_es="", steps_es="", cues_es="")
    PlanPhase.objects.filter(plan=plan, name="Build strength").update(goal="Our own goal.")
    PlanItem.objects.filter(plan=plan, name="Clamshells").update(steps="Our own steps.")
    version = Plan.objects.get(pk=plan.pk).version

    library_es.fill_issued_plans(
        Plan.objects.all(), PlanPhase.objects.all(), PlanStage.objects.all(), PlanItem.objects.all()
    )

    plan.refresh_from_db()
    assert plan.title_es == f"{HIP_ES} + {WALK_RUN_ES}" and plan.version == version + 1
    settle = PlanPhase.objects.get(plan=plan, name="Settle and activate")
    build_strength = PlanPhase.objects.get(plan=plan, name="Build strength")
    assert (settle.program_es, settle.name_es) == (HIP_ES, "Calmar y activar")
    assert settle.goal_es.startswith("Calmar la cadera")
    assert build_strength.name_es == "Ganar fuerza" and build_strength.goal_es == ""
    assert PlanStage.objects.get(plan=plan, name="Level 2").name_es == "Nivel 2"
    clamshells = PlanItem.objects.filter(plan=plan, name="Clamshells").first()
    assert clamshells.name_es == "Almeja (clamshell)" and clamshells.steps_es == ""
    assert clamshells.cues_es == "Recorrido corto, sin balancearse."
    open_plan(client, plan)
    assert f"{HIP_ES}: Calmar y activar" in words(spanish(client))


def test_the_seed_keeps_a_clinics_own_spanish_and_fills_only_the_blank():
    TemplatePhase.objects.filter(name="Build strength").update(name_es="Fortalecer", goal_es="")

    library_seed()

    phase = TemplatePhase.objects.get(name="Build strength")
    assert phase.name_es == "Fortalecer"
    assert phase.goal_es.startswith("Fuerza progresiva")


# --- the seed's own Spanish: a library exercise, phase or stage added without it fails ----


def lines(text: str) -> int:
    return len([line for line in text.splitlines() if line.strip()])


@pytest.mark.parametrize("row", library.EXERCISES, ids=lambda row: row["name"])
def test_every_library_exercise_has_its_spanish_line_for_line(row):
    spanish_columns = library_es.exercise_columns(row["name"])

    assert spanish_columns.get("name_es"), row["name"]
    for field in ("steps", "cues", "mistakes"):
        assert lines(spanish_columns.get(f"{field}_es", "")) == lines(row[field]), field
    assert bool(spanish_columns.get("equipment_es")) == bool(row["equipment"])


@pytest.mark.parametrize("spec", library.TEMPLATES, ids=lambda spec: spec["name"])
def test_every_template_phase_and_stage_has_its_spanish(spec):
    template = library_es.template_columns(spec["name"])

    assert template.get("name_es") and template.get("description_es")
    for phase in spec.get("phases", ()):
        columns = library_es.phase_columns(spec["name"], phase["name"])
        assert columns.get("name_es"), phase["name"]
        assert bool(columns.get("goal_es")) == bool(phase.get("goal")), phase["name"]
    for stage in spec.get("stages", ()):
        assert library_es.stage_columns(spec["name"], stage["name"]).get("name_es"), stage["name"]


def test_the_spanish_names_nothing_the_library_does_not_have():
    # A renamed exercise, phase or stage would leave its Spanish behind, unused.
    assert set(library_es.EXERCISES) == {row["name"] for row in library.EXERCISES}
    specs = {spec["name"]: spec for spec in library.TEMPLATES}
    assert set(library_es.TEMPLATES) == set(specs)
    for name, spanish_words in library_es.TEMPLATES.items():
        phases = {phase["name"] for phase in specs[name].get("phases", ())}
        stages = {stage["name"] for stage in specs[name].get("stages", ())}
        assert set(spanish_words.get("phases", {})) == phases, name
        assert set(spanish_words.get("stages", {})) == stages, name


# --- staff: the Spanish beside the English, staff pages otherwise English ------------------


def test_the_template_admin_edits_the_spanish_beside_the_english(admin_client):
    template = ProgramTemplate.objects.get(name=HIP_STRENGTH)
    walk_run = ProgramTemplate.objects.get(name=WALK_RUN)

    page = admin_client.get(f"/admin/programs/programtemplate/{template.pk}/change/")
    stages = admin_client.get(f"/admin/programs/programtemplate/{walk_run.pk}/change/")
    text = page.content.decode()

    assert 'name="name_es"' in text and 'value="Fuerza de cadera para corredores"' in text
    assert 'name="phases-0-name_es"' in text and 'name="phases-0-goal_es"' in text
    assert "Name (Spanish)" in text and "Goal (Spanish)" in text
    assert 'name="stages-0-name_es"' in stages.content.decode()
    assert 'value="Nivel 1"' in stages.content.decode()


def test_the_plan_admin_shows_the_plans_spanish_beside_its_english(admin_client):
    plan = build(names=(HIP_STRENGTH, WALK_RUN))
    phase = plan.phases.first()

    plan_page = words(admin_client.get(f"/admin/programs/plan/{plan.pk}/change/").content.decode())
    phase_page = words(
        admin_client.get(f"/admin/programs/planphase/{phase.pk}/change/").content.decode()
    )

    assert "Title (Spanish)" in plan_page and f"{HIP_ES} + {WALK_RUN_ES}" in plan_page
    assert "Nivel 1" in plan_page
    assert "Goal (Spanish)" in phase_page and "Calmar y activar" in phase_page


def test_the_builder_shows_each_template_s_and_phase_s_spanish_and_a_missing_one(admin_client):
    TemplatePhase.objects.filter(name="Build strength").update(name_es="")
    url = f"/admin/programs/plan/build/{open_case().pk}/"
    choose = words(admin_client.get(url).content.decode())
    arrange = words(
        admin_client.post(
            url,
            {
                "stage": "choose",
                "templates": template_ids(HIP_STRENGTH, WALK_RUN),
                "start_date": "2026-06-02",
            },
        ).content.decode()
    )

    assert f"(Spanish) {HIP_ES}" in choose
    assert f"(Spanish) {HIP_ES}: Calmar y activar" in arrange
    assert "(Spanish) no Spanish name: runners reading Spanish see the English" in arrange
    assert "On the runner's phone" in arrange  # the page itself stays English


def test_a_template_phase_s_own_page_edits_its_spanish_too(admin_client):
    phase = TemplatePhase.objects.get(name="Settle and activate")

    page = admin_client.get(f"/admin/programs/templatephase/{phase.pk}/change/").content.decode()

    assert 'name="name_es"' in page and 'name="goal_es"' in page and 'name="order"' in page
    assert "Calmar y activar" in page
