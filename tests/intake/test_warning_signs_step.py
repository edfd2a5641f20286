"""The warning-signs step asks what the 2026.2 rules need: follow-ups after a "yes", the
menstrual questions only before the menopause; the result page speaks with one voice."""

import pytest

from intake.forms import WarningSignsForm
from intake.models import Case
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
