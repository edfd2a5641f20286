"""The triage result in Spanish: every rule, level, guidance text and evidence phrase has its
Spanish, and the language never changes a level or a reason. No database.

The rule table is test_triage.py's own, run through both languages, so a new rule row is
checked here too."""

import pytest
from django.utils import translation

from intake import guidance
from intake.triage import triage, validate_answers
from intake.triage.engine import runner_language
from intake.triage.levels import LABELS, LEVELS
from intake.triage.phrases import LOCATION_WORDS, SIDES, YES_NO, describe
from intake.triage.rules import RULES
from intake.triage.translations import SPANISH, english_digest
from tests.intake.test_triage import BENIGN, RULE_CASES


def in_spanish(answers: dict):
    with translation.override("es"):
        return triage(answers)


def _shape(result) -> tuple:
    return (result.level, result.ruleset, [(r.rule, r.level, r.also_noted) for r in result.reasons])


def test_every_rule_has_a_spanish_message_and_finding():
    missing = [rule.id for rule in RULES if rule.id not in SPANISH]

    assert missing == [], "rules without a Spanish text in intake/triage/translations.py"
    assert set(SPANISH) - {rule.id for rule in RULES} == set(), "translations of no rule"
    for rule in RULES:
        text = SPANISH[rule.id]
        assert text.message.strip() and text.noted.strip(), rule.id
        assert text.message != rule.message and text.noted != rule.noted, rule.id


def test_a_rule_whose_english_changed_needs_its_spanish_redone():
    stale = [
        rule.id
        for rule in RULES
        if SPANISH[rule.id].english != english_digest(rule.message, rule.noted)
    ]

    assert stale == [], (
        "the English of these rules changed since they were translated: update the Spanish, "
        "set `english` to the new english_digest() and clear `reviewed_by`"
    )


def test_every_emergency_message_in_spanish_still_sends_the_runner_to_the_emergency_department():
    for rule in RULES:
        if rule.level == "emergency":
            assert "911" in SPANISH[rule.id].message, rule.id
            assert "emergencias" in SPANISH[rule.id].message, rule.id


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_the_language_never_changes_the_level_or_the_reasons(rule_id, level, answers):
    for given in (validate_answers(answers), validate_answers(BENIGN | answers)):
        english, spanish = triage(given), in_spanish(given)

        assert _shape(spanish) == _shape(english)
        assert spanish.level == english.level
        assert (english.language, spanish.language) == ("en", "es")
        assert rule_id in [reason.rule for reason in spanish.reasons]


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_a_spanish_result_tells_the_runner_in_spanish_and_keeps_the_english_for_staff(
    rule_id, level, answers
):
    answers = validate_answers(answers)
    english, spanish = triage(answers), in_spanish(answers)

    for en, es in zip(english.reasons, spanish.reasons, strict=True):
        text = SPANISH[es.rule]
        assert es.message == (text.noted if es.also_noted else text.message)
        assert es.message_en == en.message
        assert es.evidence_en == en.evidence
        assert es.language == "es"
        # Not yet signed off by a clinician: flagged, whatever the English rule's own flag.
        assert es.translation_needs_review is (not text.reviewed_by)
        assert es.needs_review == en.needs_review
        assert en.message_en == "" and not en.translation_needs_review


def test_a_signed_off_translation_is_no_longer_flagged(monkeypatch):
    rule = RULES[0]
    signed = SPANISH[rule.id].__class__(**{**vars(SPANISH[rule.id]), "reviewed_by": "Dr. A"})
    monkeypatch.setitem(SPANISH, rule.id, signed)

    result = in_spanish(validate_answers({"saddle_numbness": True}))

    assert result.reasons[0].rule == rule.id
    assert result.reasons[0].translation_needs_review is False


def test_also_noted_reads_in_spanish_in_the_command_output_shape():
    answers = validate_answers({"trauma": True, "night_pain": True, "pain_locations": ["side"]})

    public = in_spanish(answers).public()

    assert public["level"] == "emergency"
    noted = [reason for reason in public["reasons"] if reason["rule"] == "night-pain"]
    assert noted[0]["message"] == "También se observó: " + SPANISH["night-pain"].noted


def test_spanish_variants_speak_spanish_and_unknown_languages_english():
    assert runner_language("es-mx") == "es"
    assert runner_language("es") == "es"
    assert runner_language("fr") == "en"
    assert runner_language("en-us") == "en"


def test_every_level_label_and_guidance_text_reads_in_spanish():
    for level in LEVELS:
        english = guidance.for_level(level, shoe_miles="300-500")
        with translation.override("es"):
            spanish = guidance.for_level(level, shoe_miles="300-500")
            label = str(LABELS[level])
        assert label != str(LABELS[level])
        assert spanish["headline"] != english["headline"]
        assert spanish["summary"] != english["summary"]
        assert len(spanish["self_care"]) == len(english["self_care"])
        for es, en in zip(spanish["self_care"], english["self_care"], strict=True):
            assert es != en
        assert spanish["books"] == english["books"]
    with translation.override("es"):
        tips = guidance.for_level("routine", shoe_miles="300-500")["self_care"]
    assert any("300-500 millas" in tip for tip in tips)  # the clinic's setting, kept


def test_every_answer_phrase_reads_in_spanish():
    phrases = [(key, True) for key in YES_NO] + [("can_bear_weight", False)]
    phrases += [("pain_side", side) for side in [*SIDES, "both"]]
    phrases += [("pain_locations", [place]) for place in LOCATION_WORDS]
    phrases += [("age", 30), ("missed_periods_12_months", 4), ("weekly_miles", 20.5)]
    phrases += [("weekly_miles_4_weeks_ago", 10), ("pain_now", 3), ("pain_worst", 8)]
    phrases += [("days_since_onset", days) for days in (0, 1, 9)]
    for key, value in phrases:
        english = describe(key, value)
        with translation.override("es"):
            spanish = describe(key, value)
        assert spanish != english, (key, value)
        assert key not in spanish, (key, value)  # not the raw-key fallback


# The catalogue itself (no empty or fuzzy entry, the .mo its .po compiled, nothing marked and
# missing) is tests/clinic/test_catalogue.py's: one catalogue for the whole runner side.


def test_a_spanish_snapshot_keeps_both_languages_and_an_english_one_its_old_shape():
    answers = validate_answers({"trauma": True, "can_bear_weight": False})

    english = triage(answers).stored_reasons()[0]
    spanish = in_spanish(answers).stored_reasons()[0]

    assert "message_en" not in english and "language" not in english
    assert spanish["language"] == "es"
    assert spanish["message"] == SPANISH["trauma-cannot-bear-weight"].message
    assert spanish["message_en"] == english["message"]
    assert spanish["translation_needs_review"] is True
