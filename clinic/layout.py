"""The portal's form layouts: django-crispy-forms' `FormHelper`/`Layout` API, drawn by the
project's own lean template pack, `templates/portal/` (`CRISPY_TEMPLATE_PACK = "portal"`).

A form declares its layout once (`helper = portal_helper("email", "phone")`, or from its
sections for an intake step) and a page draws it with `{% crispy form %}`. Every field goes
through `Question`, which picks one flat template for the field's kind (a labelled input, a
single box, or a group of choices under a legend), so no field can miss its styling.

The layout objects render their templates straight from a small dict: crispy's own field
rendering copies and flattens the whole page context for every field, and with
crispy-bootstrap5's nested templates that was most of an intake step's time (DESIGN.md)."""

from collections.abc import Iterable
from functools import cache
from typing import TypeAlias

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, LayoutObject
from django import forms
from django.template.backends.django import Template
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import get_template
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from clinic.i18n import in_language

PACK = "portal"


@cache
def pack_template(name: str) -> Template:
    """A template of the pack, looked up once per process (the engine caches it too, but the
    lookup itself walks the loaders)."""
    return get_template(f"{PACK}/{name}.html")  # type: ignore[return-value]


@cache
def own_template(name: str) -> Template:
    return get_template(name)  # type: ignore[return-value]


def field_kind(field: forms.Field) -> str:
    """Which of the pack's field templates draws this field."""
    if field.widget.use_fieldset:  # radio and checkbox groups, 0-10 scales, segmented rows
        return "fieldset"
    if isinstance(field.widget, forms.CheckboxInput):
        return "checkbox"
    return "field"


def _rendered(form: forms.BaseForm, name: str) -> None:
    # crispy's FormHelper.render_layout starts this set; a field in it is not drawn twice.
    rendered = getattr(form, "rendered_fields", None)
    if rendered is not None:
        rendered.add(name)


class Question(LayoutObject):
    """One field in its kind's template (KINDS), or in `template` for a field drawn its own
    way. A field the form does not have for this runner (a conditional question) draws
    nothing."""

    KINDS = {"field": "field", "checkbox": "checkbox", "fieldset": "fieldset"}

    def __init__(self, name: str, *, template: str = ""):
        self.name, self.template = name, template
        self.fields = [name]

    def render(self, form, context, template_pack=PACK, **kwargs) -> str:
        if self.name not in form.fields:
            return SafeString("")
        _rendered(form, self.name)
        bound = form[self.name]
        if self.template:
            return own_template(self.template).render({"field": bound})
        return pack_template(self.KINDS[field_kind(bound.field)]).render({"field": bound})


class StaffQuestion(Question):
    """A field in a staff page the portal draws itself, as the Django admin draws its own: a
    form-row with the errors, the label and the input, and the help below."""

    KINDS = {"field": "admin_field", "checkbox": "admin_checkbox", "fieldset": "admin_field"}


class InlineQuestion(Question):
    """A field in a one-line staff filter: the label and the input; the page lists errors."""

    KINDS = {"field": "admin_inline", "checkbox": "admin_inline", "fieldset": "admin_inline"}


class FollowUp(Question):
    """A question asked after its question's Yes: shown only then (static/css/portal.css)."""

    def render(self, form, context, template_pack=PACK, **kwargs) -> str:
        html = super().render(form, context, template_pack, **kwargs)
        return format_html('<div class="follow-up">{}</div>', html) if html else html


class ConsentText(LayoutObject):
    """The clinic's consent statement, above the box that agrees to it."""

    fields: list[str] = []

    def render(self, form, context, template_pack=PACK, **kwargs) -> str:
        text = linebreaks_filter(in_language(context["clinic"], "consent_text"))
        return format_html(
            '<div class="consent-text card card-body mb-2" id="consent-text">{}</div>', text
        )


class QuestionSection(LayoutObject):
    """Questions under a plain-language title, then the section's "None of these" box after
    them, so a keyboard reaches it once the questions are read."""

    def __init__(self, key: str, title: "str | Promise", *parts: LayoutObject, none: str = ""):
        self.key, self.title, self.none = key, title, none
        self.fields = list(parts)

    def render(self, form, context, template_pack=PACK, **kwargs) -> str:
        questions = mark_safe(  # noqa: S308 - each part is a rendered, escaped template
            "".join(part.render(form, context, template_pack) for part in self.fields)
        )
        if not questions:
            return SafeString("")
        none = Question(self.none).render(form, context) if self.none else ""
        section = {"key": self.key, "title": self.title}
        return pack_template("section").render(
            {"section": section, "questions": questions, "none": none}
        )


Part: TypeAlias = "str | LayoutObject"


def portal_helper(*parts: Part) -> FormHelper:
    """A FormHelper for `{% crispy form %}` inside the page's own <form> (which holds the CSRF
    token, the honeypot and the buttons): field names become `Question`s."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.template_pack = PACK
    helper.layout = Layout(*(Question(part) if isinstance(part, str) else part for part in parts))
    return helper


def staff_helper(*parts: Part, question: type[Question] = StaffQuestion) -> FormHelper:
    """portal_helper for the staff pages the portal draws itself (field names become
    StaffQuestions, or `question`'s kind)."""
    return portal_helper(*(question(part) if isinstance(part, str) else part for part in parts))


def layout_names(parts: Iterable) -> list[str]:
    """Every field name a layout draws, in order (tests walk the portal's forms with it)."""
    names: list[str] = []
    for part in parts:
        if isinstance(part, Question):
            names.append(part.name)
        elif isinstance(part, QuestionSection):
            names.extend(layout_names(part.fields))
            if part.none:
                names.append(part.none)
        elif hasattr(part, "fields"):
            names.extend(layout_names(part.fields))
    return names
