"""The base of the portal's public forms: Bootstrap 5 classes on every widget and the
portal's own choice widget templates; each form's layout is a crispy FormHelper drawn by the
project's template pack (clinic/layout.py). Errors keep Django's `aria-invalid` and
`aria-describedby`.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.http import QueryDict

from clinic.text import CONTROL_MESSAGE, strip_controls

# Widget templates from the project's templates/ too (the choice lists' templates/forms/).
_renderer = TemplatesSetting()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _widget_class(widget) -> str:
    if isinstance(widget, (*CHOICE_WIDGETS, forms.CheckboxInput)):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def _clean_values(values: list) -> tuple[list, bool]:
    cleaned = [strip_controls(v) if isinstance(v, str) else v for v in values]
    return cleaned, cleaned != values


def _without_controls(data):
    """Posted data (a QueryDict, or a dict as a stored draft step holds it) with control
    characters removed, and the names that had any; the data itself when it has none."""
    multi = hasattr(data, "lists")
    tainted, cleaned = set(), {}
    for name, values in data.lists() if multi else data.items():
        listed = values if multi or isinstance(values, list) else [values]
        new, changed = _clean_values(listed)
        if changed:
            tainted.add(name)
        cleaned[name] = new if multi or isinstance(values, list) else new[0]
    if not tainted:
        return data, tainted
    if not multi:
        return cleaned, tainted
    out = QueryDict(mutable=True)
    for name, values in cleaned.items():
        out.setlist(name, values)
    return out, tainted


class PortalForm(forms.Form):
    """Base of every public form: Bootstrap classes on the widgets, and radio and checkbox
    lists as Bootstrap form-check rows. Each form declares `helper = portal_helper(...)`: the
    fields its page shows, in order (tests/clinic/test_form_layouts.py checks every one).

    Control characters are removed at the edge, here, before any field sees the data (a NUL
    cannot be stored in PostgreSQL): the form keeps everything else typed, and each field
    that had one is refused once with a message saying so, showing the cleaned answer."""

    default_renderer = _renderer

    def __init__(self, data=None, *args, **kwargs):
        self.tainted: set[str] = set()
        if data is not None:
            data, self.tainted = _without_controls(data)
        super().__init__(data, *args, **kwargs)
        self.add_fields()
        for field in self.fields.values():
            widget = field.widget
            css = f"{widget.attrs.get('class', '')} {_widget_class(widget)}".strip()
            widget.attrs["class"] = css
            if isinstance(widget, CHOICE_WIDGETS):
                widget.template_name = "forms/widgets/choices.html"
                widget.option_template_name = "forms/widgets/choice.html"

    def add_fields(self) -> None:
        """Add fields that depend on the instance here (not after __init__), so they are
        styled like the declared ones."""

    def full_clean(self):
        super().full_clean()
        for name in self.tainted & set(self.fields):
            self.add_error(name, CONTROL_MESSAGE)
