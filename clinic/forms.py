"""How the portal's public forms render: Bootstrap 5 markup from Django's own form rendering.

django-crispy-forms rendered the same markup through a dozen nested templates per field, and
was most of the time of an intake step (measured: 71% of step 1). Django's field templates
with Bootstrap classes on the widgets give the runner the same page at the cost of a plain
`{{ form }}`. Errors keep Django's `aria-invalid` and `aria-describedby`.
"""

from django import forms
from django.forms.renderers import TemplatesSetting


class PortalRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"


_renderer = PortalRenderer()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _widget_class(widget) -> str:
    if isinstance(widget, (*CHOICE_WIDGETS, forms.CheckboxInput)):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class PortalForm(forms.Form):
    """Base of every public form: Bootstrap classes on the widgets, the portal's field
    template, and radio and checkbox lists as Bootstrap form-check rows."""

    default_renderer = _renderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = f"{widget.attrs.get('class', '')} {_widget_class(widget)}".strip()
            widget.attrs["class"] = css
            if isinstance(widget, CHOICE_WIDGETS):
                widget.template_name = "forms/widgets/choices.html"
                widget.option_template_name = "forms/widgets/choice.html"
