"""The warning-signs step asks what the 2026.2 rules need: follow-ups after a "yes", the
menstrual questions only before the menopause; the result page speaks with one voice."""

import pytest

from intake.forms import WarningSignsForm
from intake.models import Case
from tests.form_html import render_form
from tests.intake.steps import STEPS, complete_intake

NO_TO_ALL = STEPS[4]


def _form(data, **context):
    return WarningSignsForm(data, context={"sex": "female", "age": 34, **context})


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [("tingling_below_knee", "tingling_both_legs"), ("groin_lump", "groin_lump_painful_or_stuck")],
)
def test_a_yes_needs_its_follow_up_answered_and_a_no_drops_it(question, follow_up):
    unanswered = _form({**NO_TO_ALL, question: "yes"})
    assert not unanswered.is_valid()
    assert "You said you have" in unanswered.errors[follow_up][0]

    answered = _form({**NO_TO_ALL, question: "yes", follow_up: "yes"})
    assert answered.is_valid(), answered.errors
    assert answered.cleaned_data[follow_up] is True

    dropped = _form({**NO_TO_ALL, question: "no", follow_up: "yes"})
    assert dropped.is_valid(), dropped.errors
    assert dropped.cleaned_data[follow_up] is None


@pytest.mark.parametrize(("age", "asked"), [(16, True), (50, True), (51, False), (56, False)])
def test_the_menstrual_questions_are_asked_only_before_the_menopause(age, asked):
    fields = _form(None, age=age).fields

    assert ("missed_periods_12_months" in fields) is asked
    assert ("first_period_after_15" in fields) is asked


@pytest.mark.django_db
def test_an_emergency_result_leads_with_its_reason_and_only_notes_the_milder_ones(client):
    complete_intake(
        client,
        {
            3: {"pain_locations": ["groin"], "pain_now": "8"},
            4: {"groin_lump": "yes", "groin_lump_painful_or_stuck": "yes", "back_pain": "yes"},
        },
    )
    case = Case.objects.get()
    assert case.triage_level == "emergency"
    page = client.get("/intake/result/").content.decode()

    why = page.index("Why we say this")
    assert page.index("trapped (strangulated) hernia", why) < page.index("Also noted", why)
    noted = page[page.index("Also noted", why) :]
    assert "from the back" in noted
    assert "within days" not in page  # no milder time frame against the headline
    assert "Go to an emergency department now or call 911." in page


SECTION_BOXES = {
    "none_injury": ["trauma", "deformity", "fever_or_unwell", "recent_injection_or_surgery"],
    "none_nerves": ["saddle_numbness", "bladder_bowel_change", "leg_weakness_worsening"],
    "none_groin": ["groin_lump", "blood_in_urine_or_vomiting"],
    "none_health": ["cancer_history", "unexplained_weight_loss", "avn_medical_risk"],
    "none_bones": ["previous_stress_fracture", "low_bone_density_or_eating_disorder"],
}
PERIODS = {"missed_periods_12_months": "0", "first_period_after_15": "no"}


def test_none_of_these_answers_every_question_of_its_section_no():
    form = _form({**{box: "on" for box in SECTION_BOXES}, **PERIODS})

    assert form.is_valid(), form.errors
    answers = form.answers()
    for key in WarningSignsForm.base_fields:
        if key in ("tingling_both_legs", "groin_lump_painful_or_stuck"):
            assert answers[key] is None  # a follow-up is dropped after its question's No
        else:
            assert answers[key] is False, key
    assert not [key for key in answers if key.startswith("none_")]  # a way to answer, not one


def test_none_of_these_answers_only_its_own_section():
    form = _form({"none_injury": "on", **PERIODS})

    assert not form.is_valid()
    assert "trauma" not in form.errors
    assert form.errors["saddle_numbness"] == ["Choose yes or no."]


def test_a_yes_with_none_of_these_in_the_same_section_is_an_error_not_dropped():
    form = _form({**{box: "on" for box in SECTION_BOXES}, **PERIODS, "back_pain": "yes"})

    assert not form.is_valid()
    (error,) = form.errors["none_nerves"]
    assert "Do you have back pain?" in error and "untick" in error
    assert form.data["back_pain"] == "yes"  # shown again as the runner gave it
    assert list(form.errors) == ["none_nerves"]


def test_a_follow_up_yes_with_none_of_these_is_an_error_too():
    form = _form(
        {**{box: "on" for box in SECTION_BOXES}, **PERIODS, "groin_lump_painful_or_stuck": "yes"}
    )

    assert not form.is_valid()
    assert "none_groin" in form.errors


def test_none_of_these_never_answers_the_typed_number_of_missed_periods():
    form = _form({box: "on" for box in SECTION_BOXES})

    assert not form.is_valid()
    assert set(form.errors) == {"missed_periods_12_months", "first_period_after_15"}


@pytest.mark.parametrize(
    ("sex", "age", "question", "box"),
    [
        ("male", 30, "testicular_pain", "none_groin"),
        ("other", 14, "recent_growth_spurt", "none_bones"),
    ],
)
def test_none_of_these_covers_the_conditional_questions_of_its_section(sex, age, question, box):
    form = WarningSignsForm(
        {name: "on" for name in SECTION_BOXES}, context={"sex": sex, "age": age}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data[question] is False
    # Drawn inside its section, before the section's "None of these".
    html = render_form(form)
    section = html[html.index(f'aria-labelledby="section-{box.removeprefix("none_")}"') :]
    section = section[: section.index("</section>")]
    assert section.index(f'name="{question}"') < section.index(f'name="{box}"')


@pytest.mark.django_db
def test_an_intake_answered_with_none_of_these_stores_every_warning_sign_as_no(client):
    no_to_all = {**{box: "on" for box in SECTION_BOXES}, **PERIODS}
    complete_intake(client, {4: no_to_all})

    case = Case.objects.get()
    assert case.triage_level == "routine"
    assert all(case.answers[key] is False for key in SECTION_BOXES["none_nerves"])
    assert not [key for key in case.answers if key.startswith("none_")]


@pytest.mark.django_db
def test_an_emergency_sign_answered_yes_beside_none_of_these_elsewhere_still_triages(client):
    answers = {**{box: "on" for box in SECTION_BOXES if box != "none_nerves"}, **PERIODS}
    answers.update({key: "no" for key in ("bladder_bowel_change", "sexual_dysfunction_new")})
    answers.update(
        {
            "saddle_numbness": "yes",
            "leg_weakness_worsening": "no",
            "tingling_below_knee": "no",
            "back_pain": "no",
        }
    )
    complete_intake(client, {4: answers})

    assert Case.objects.get().triage_level == "emergency"
