"""The portal's own choice widgets: a 0-10 tap scale and a row of segmented choices.

Both are radio groups (keyboard: Tab into the group, arrows choose; screen readers announce
"radio, 3 of 11" with the group's legend), drawn as buttons by the stylesheet. They are not
RadioSelect subclasses, so PortalForm leaves their templates alone; each template writes its
inputs flat, with no template per option."""

from django import forms
from django.utils.translation import gettext_lazy as _


class _Radios(forms.widgets.ChoiceWidget):
    input_type = "radio"
    use_fieldset = True

    def id_for_label(self, id_, index=None):
        # The group has a legend; a <label for> would name only the first button.
        return "" if index is None else super().id_for_label(id_, index)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["invalid"] = context["widget"]["attrs"].get("aria-invalid") == "true"
        return context


NO_PAIN = _("no pain")
WORST_PAIN = _("worst imaginable")


class ScaleWidget(_Radios):
    """0-10 as eleven buttons in one row, with the ends named in words."""

    template_name = "forms/widgets/scale.html"

    def __init__(self, *, low=NO_PAIN, high=WORST_PAIN, attrs=None):
        super().__init__(attrs=attrs)
        self.low, self.high = low, high

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(low=self.low, high=self.high)
        return context


class SegmentedWidget(_Radios):
    """A few choices side by side: yes/no in one row; the LEFS's five answers in one row, or
    three then two on a phone so that each keeps its full wording (static/css/portal.css)."""

    template_name = "forms/widgets/segmented.html"

    def __init__(self, *, kind="", attrs=None):
        super().__init__(attrs=attrs)
        self.kind = kind  # a CSS hook: "yes-no", "lefs"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["kind"] = self.kind
        return context
