"""A case keeps the language the runner read their result in; the staff case page shows what
they were told in it, with the English beside it."""

import pytest
from django.utils import translation

from intake.demo import demo_answers
from intake.services import case_open
from intake.triage.rules import RULES
from intake.triage.translations import SPANISH

pytestmark = pytest.mark.django_db

RULES_BY_ID = {rule.id: rule for rule in RULES}


def open_case(answers, first_name="Lucía"):
    return case_open(
        contact={
            "first_name": first_name,
            "last_name": "Runner",
            "email": f"{first_name.lower()}@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers(answers),
    )


def test_a_case_submitted_in_spanish_stores_es_and_the_spanish_it_was_told():
    with translation.override("es"):
        case = open_case({"night_pain": True, "night_pain_constant": False})
    case.refresh_from_db()

    assert case.language == "es"
    assert case.triage_level == "soon"
    night = next(reason for reason in case.reasons if reason["rule"] == "night-pain")
    assert night["message"] == SPANISH["night-pain"].message
    assert night["message_en"] == RULES_BY_ID["night-pain"].message
    assert night["translation_needs_review"] is True
    assert "El dolor por la noche o al estar acostado le altera el sueño" in night["evidence"]


def test_the_same_answers_in_english_and_spanish_give_the_same_level_and_rules():
    answers = {"trauma": True, "can_bear_weight": True, "back_pain": True}
    english = open_case(answers, "Ann")
    with translation.override("es"):
        spanish = open_case(answers, "Ana")

    assert english.language == "en"
    assert spanish.triage_level == english.triage_level
    assert [r["rule"] for r in spanish.reasons] == [r["rule"] for r in english.reasons]
    assert [r["level"] for r in spanish.reasons] == [r["level"] for r in english.reasons]


def test_the_case_page_shows_the_runners_language_and_both_texts(admin_client):
    with translation.override("es"):
        case = open_case({"fever_or_unwell": True})

    page = admin_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()

    assert "Spanish (español)" in page
    assert "Runner was told</strong> (in Spanish)" in page
    assert SPANISH["fever-or-unwell"].message in page
    assert RULES_BY_ID["fever-or-unwell"].message.replace("'", "&#x27;") in page
    assert "translation needs clinician review" in page
    # The guidance, side by side: the Spanish headline and the English one.
    assert "Deje de correr y vea a un médico en un plazo de 24-48 horas." in page
    assert "Stop running and see a physician within 24-48 hours." in page
    assert '<td lang="es">Urgente</td><td>Urgent</td>' in page
    # The rest of the staff page stays English.
    assert "Rationale:" in page and "Workflow" in page


def test_an_english_case_page_has_no_translation_column(admin_client):
    case = open_case({"fever_or_unwell": True}, "Ann")

    page = admin_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()

    assert case.language == "en"
    assert "translation needs clinician review" not in page
    assert "What the runner read" not in page
    assert "Stop running and see a physician within 24-48 hours." in page
