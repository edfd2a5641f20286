"""Every portal form declares its layout (a crispy FormHelper drawn by the portal's pack), and
what the runner sees through it is what the pages showed before: labels tied to their
inputs, radio groups under a legend, an error summary whose links land on the fields."""

import re
from pathlib import Path

import pytest
from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.urls import get_resolver

from clinic.forms import PortalForm
from clinic.layout import layout_names
from intake.booking.views import ConfirmForm
from intake.forms import STEP_FORMS, StepForm, WarningSignsForm
from programs.admin import BuildForm
from programs.outcomes_admin import OutcomesFilter
from tests.form_html import render_form

RUNNERS = [{"sex": "female", "age": 16}, {"sex": "male", "age": 40}, {}]


def portal_forms() -> list[type]:
    """Every public form class: the views' modules are imported through the URLconf."""
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    found, todo = [], [PortalForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return [form for form in found if form is not StepForm]


def instances(form_class):
    """The form as runners meet it: each step for the runners its conditional questions
    depend on, the confirm page with and without the video choice."""
    if issubclass(form_class, StepForm):
        return [form_class(context=runner) for runner in RUNNERS]
    if form_class is ConfirmForm:
        return [ConfirmForm(), ConfirmForm(video_available=True)]
    return [form_class()]


def test_the_walk_finds_the_forms_of_the_intake_booking_check_ins_and_lost_link():
    names = {form.__name__ for form in portal_forms()}
    assert {form.__name__ for form in STEP_FORMS} <= names
    assert {"BookWithoutIntakeForm", "ConfirmForm", "LostLinkForm", "WeeklyForm"} <= names


# Staff forms the portal draws in templates of its own (the admin's ModelForms draw
# themselves): the plan builder's first step and the Outcomes filter.
STAFF_FORMS = [BuildForm, OutcomesFilter]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", portal_forms() + STAFF_FORMS, ids=lambda form: form.__name__)
def test_every_portal_form_declares_a_layout_that_draws_each_of_its_fields_once(form_class):
    for form in instances(form_class):
        assert isinstance(form.helper, FormHelper), form_class
        assert form.helper.layout is not None, f"{form_class.__name__} has no Layout"
        assert not form.helper.render_unmentioned_fields
        drawn = [name for name in layout_names(form.helper.layout) if name in form.fields]
        assert sorted(drawn) == sorted(form.fields), "every field in the layout, once"
        html = render_form(form)
        for name, field in form.fields.items():
            if list(getattr(field.widget, "choices", [None])):  # an empty list has no inputs
                assert f'name="{name}"' in html, name
            assert str(form[name].label).replace('"', "&quot;") in html, name


def test_pages_draw_their_forms_with_crispy_only():
    """No runner page draws fields by hand any more: a field drawn outside the layout would
    miss the pack's markup (the staff pages are the admin's own, but the builder's and the
    Outcomes filter's fields, which the walk above checks)."""
    templates = Path(settings.BASE_DIR, "templates")
    by_hand = re.compile(r"as_field_group|\{\{ form \}\}|\{\{ field \}\}")
    for page in templates.rglob("*.html"):
        if page.parts[len(templates.parts)] in ("admin", "portal", "forms"):
            continue
        assert not by_hand.search(page.read_text()), page


def _fieldset(html: str, name: str) -> str:
    start = html.index(f'id="div_id_{name}"')
    return html[start : html.index("</fieldset>", start)]


def test_what_the_runner_sees_labels_radio_groups_and_the_error_summary():
    form = WarningSignsForm(
        {"tingling_below_knee": "yes", "none_injury": "on", "trauma": "yes"},
        context={"sex": "female", "age": 34},
    )
    assert not form.is_valid()
    html = render_form(form)

    # The summary: one link per problem, each to an element on the page, in its words.
    summary = html[: html.index("</div>")]
    assert "There is a problem" in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert len(links) == sum(len(bound.errors) for bound in form)
    for target, _ in links:
        assert f'id="{target}"' in html, target
    assert ("id_back_pain_0", "Do you have back pain? Choose yes or no.") in links
    assert any(target == "id_none_injury" and "answered Yes to" in text for target, text in links)

    # A yes/no question: a radio group under its legend, Yes and No each with a label, and
    # the error tied to the group.
    group = _fieldset(html, "back_pain")
    assert 'aria-describedby="id_back_pain_error"' in group
    assert '<legend class="form-label fs-6">Do you have back pain?' in group
    for value in ("yes", "no"):
        assert re.search(
            rf'<input type="radio" [^>]*value="{value}"[^>]*id="id_back_pain_\d"', group
        )
    assert re.findall(r'<label class="btn segment" for="id_back_pain_\d">(\w+)</label>', group) == [
        "Yes",
        "No",
    ]
    assert "Error: </span>Choose yes or no." in group

    # A follow-up after its Yes, and each section's "None of these" after its questions.
    nerves = html[html.index('aria-labelledby="section-nerves"') :]
    nerves = nerves[: nerves.index("</section>")]
    assert nerves.index('<div class="follow-up"><div class="mb-3 field') < nerves.index(
        "none_nerves"
    )
    assert re.search(
        r'<label class="form-check-label" for="id_none_nerves">None of these</label>', nerves
    )
    # A typed answer: a label for its input, its hint and its optional marker.
    periods = html[html.index('id="div_id_missed_periods_12_months"') :]
    assert '<label class="form-label" for="id_missed_periods_12_months">How many periods' in periods
    assert 'id="id_missed_periods_12_months_helptext">0 if none' in periods


def test_a_pain_score_is_eleven_radios_named_from_no_pain_to_worst_imaginable():
    html = render_form(STEP_FORMS[2](context={}))
    group = _fieldset(html, "pain_now")
    assert '<legend class="form-label fs-6">Pain right now</legend>' in group
    assert re.findall(r'name="pain_now" value="(\d+)"', group) == [str(n) for n in range(11)]
    assert '0<span class="visually-hidden"> no pain</span>' in group
    assert '10<span class="visually-hidden"> worst imaginable</span>' in group


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", portal_forms(), ids=lambda form: form.__name__)
def test_every_required_answer_says_in_the_runners_words_what_to_do(form_class):
    """A question left out names its fix ("Choose how the pain is this morning"), never
    Django's "This field is required."."""
    django_default = str(forms.Field.default_error_messages["required"])
    for form in instances(form_class):
        for name, field in form.fields.items():
            if field.required:
                assert str(field.error_messages["required"]) != django_default, name
