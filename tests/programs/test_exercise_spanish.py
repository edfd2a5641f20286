"""The exercise library and templates in Spanish: every library exercise and the template
descriptions come seeded, plans carry the Spanish in their snapshot, and the runner's page
shows it to a runner who reads Spanish, with the English wherever a Spanish text is empty."""

import pytest
from django.utils import translation

from clinic.i18n import in_language
from programs.library_es import EXERCISES as SPANISH_EXERCISES
from programs.models import Exercise, PlanItem, ProgramTemplate
from programs.services import library_seed
from programs.suggest import HIP_STRENGTH, WARM_UP
from tests.programs.conftest import build
from tests.programs.test_plans import open_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]

FOUR = ("Glute bridge", "Monster walk", "Hip flexor stretch", "Single-leg deadlift")


def plan_page(client, language: str) -> str:
    # The runner chooses the language with the switch every runner page has.
    client.post("/language/", {"language": language, "next": "/plan/"})
    return client.get("/plan/").content.decode()


def test_the_seed_gives_the_library_exercises_and_its_templates_their_spanish():
    assert not Exercise.objects.filter(name_es="").exists()
    for name in FOUR:
        exercise = Exercise.objects.get(name=name)
        assert exercise.name_es and exercise.steps_es and exercise.cues_es, name
        assert exercise.steps_es.count("\n") == exercise.steps.count("\n"), name  # step by step
    assert Exercise.objects.get(name="Monster walk").equipment_es == "Banda elástica"
    assert not ProgramTemplate.objects.filter(description_es="").exists()


def test_the_seed_keeps_the_clinics_own_spanish_edits():
    Exercise.objects.filter(name="Glute bridge").update(name_es="Puente de cadera")

    library_seed()

    assert Exercise.objects.get(name="Glute bridge").name_es == "Puente de cadera"


def test_a_blank_spanish_text_falls_back_to_the_english():
    bridge = Exercise.objects.get(name="Glute bridge")
    bridge.cues_es = "  "

    with translation.override("es"):
        assert in_language(bridge, "name") == "Puente de glúteo"
        assert in_language(bridge, "cues") == bridge.cues
    assert in_language(bridge, "name") == "Glute bridge"


def test_a_plan_keeps_the_spanish_of_its_exercises_in_its_snapshot():
    plan = build(names=(HIP_STRENGTH,))
    Exercise.objects.filter(name="Glute bridge").update(name_es="Cambiado después")

    item = PlanItem.objects.filter(plan=plan, name="Glute bridge").first()

    assert item.name_es == SPANISH_EXERCISES["Glute bridge"]["name_es"]
    assert item.steps_es.splitlines() == SPANISH_EXERCISES["Glute bridge"]["steps_es"]


def test_the_plan_page_shows_a_spanish_reader_the_spanish_and_the_english_where_none(client):
    Exercise.objects.filter(name="Leg swings").update(name_es="", steps_es="")
    open_plan(client, build(names=(HIP_STRENGTH, WARM_UP)))

    english = plan_page(client, "en")  # first, so a cached English week must not leak
    spanish = plan_page(client, "es")

    assert "Puente de glúteo" in spanish
    assert "Apriete los glúteos y levante la cadera" in spanish
    assert "Empuje con los talones." in spanish  # a cue
    assert "Glute bridge" not in spanish
    # Leg swings without Spanish (the clinic emptied it): the English, never an empty card.
    assert "Leg swings" in spanish
    assert "Glute bridge" in english and "Puente de glúteo" not in english


def test_the_admin_edits_both_languages_of_an_exercise_and_a_template(admin_client):
    bridge = Exercise.objects.get(name="Glute bridge")
    template = ProgramTemplate.objects.get(name=HIP_STRENGTH)

    exercise_page = admin_client.get(f"/admin/programs/exercise/{bridge.pk}/change/")
    template_page = admin_client.get(f"/admin/programs/programtemplate/{template.pk}/change/")

    for field in ("name_es", "steps_es", "cues_es", "mistakes_es", "equipment_es"):
        assert f'name="{field}"' in exercise_page.content.decode()
    assert "Puente de glúteo" in exercise_page.content.decode()
    assert 'name="description_es"' in template_page.content.decode()
