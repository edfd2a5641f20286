"""The check-in forms, one per kind: short, answered on a phone in under a minute."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.forms import PortalForm
from clinic.layout import portal_helper
from intake.forms import (
    LEFS_KEYS,
    LefsFields,
    ScoreField,
    YesNoField,
    _number,
    _text,
    lefs_total,
    number_errors,
)
from programs.checkins.signs import NEW_SIGNS
from programs.models import CheckIn

WARNING_SIGNS = [(key, label) for key, (label, _means) in NEW_SIGNS.items()]


class CheckInForm(PortalForm):
    new_warning_signs = forms.MultipleChoiceField(
        label=_("Since your last check-in, have you noticed anything new from this list?"),
        choices=WARNING_SIGNS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick only what is new. If nothing is, leave them all unticked."),
    )
    note = _text(_("Anything else we should know?"))
    helper = portal_helper("new_warning_signs", "note")  # each kind lays out its own first

    def answers(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class AfterRestForm(CheckInForm):
    pain_after_rest = YesNoField(_("Is the pain still there after you have rested?"))
    field_order = ["pain_after_rest", "new_warning_signs", "note"]
    helper = portal_helper(*field_order)


class MorningAfterForm(CheckInForm):
    morning = forms.ChoiceField(
        label=_("This morning, compared with your usual, the pain is:"),
        choices=[("better", _("Better")), ("same", _("The same")), ("worse", _("Worse"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose better, the same or worse.")},
    )
    pain_morning = ScoreField(_("Pain this morning"))
    pain_during = ScoreField(_("Pain during that run"))
    completed = YesNoField(_("Did you finish the whole run/walk session?"))
    field_order = [
        "morning",
        "pain_morning",
        "pain_during",
        "completed",
        "new_warning_signs",
        "note",
    ]
    helper = portal_helper(*field_order)


class WeeklyForm(CheckInForm):
    pain_now = ScoreField(_("Pain now"))
    pain_worst = ScoreField(_("Worst pain this week"))
    pain_running = ScoreField(_("Pain while running this week (0 if you did not run)"))
    sessions_done = forms.IntegerField(
        label=_("How many plan sessions did you do this week?"),
        min_value=0,
        max_value=21,
        error_messages=number_errors(_("how many sessions you did"), 0, 21),
    )
    weekly_miles = _number(
        _("Miles run this week"), "weekly_miles", what=_("the miles you ran this week")
    )
    shoe_miles = _number(
        _("Miles on your running shoes"),
        "shoe_miles",
        what=_("the miles on your shoes"),
        required=False,
    )
    field_order = [
        "pain_now",
        "pain_worst",
        "pain_running",
        "sessions_done",
        "weekly_miles",
        "shoe_miles",
        "new_warning_signs",
        "note",
    ]
    helper = portal_helper(*field_order)


class LefsForm(CheckInForm, LefsFields):
    field_order = [*LEFS_KEYS, "new_warning_signs", "note"]
    helper = portal_helper(*field_order)

    def answers(self) -> dict:
        answers = super().answers()
        answers["lefs_total"] = lefs_total(answers)
        return answers


FORMS = {
    CheckIn.Kind.AFTER_REST: AfterRestForm,
    CheckIn.Kind.MORNING_AFTER: MorningAfterForm,
    CheckIn.Kind.WEEKLY: WeeklyForm,
    CheckIn.Kind.LEFS: LefsForm,
}
