"""The intake's step forms. Field names are the answer keys of INTAKE_CONTRACT.md.

Forms validate only; what the answers mean is decided by the triage rules. Conditional
questions are added from earlier answers (`context`), so the server decides what is asked and
no JavaScript is needed.
"""

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clinic.forms import PortalForm
from clinic.layout import ConsentText, FollowUp, Part, Question, QuestionSection, portal_helper
from clinic.widgets import ScaleWidget, SegmentedWidget
from intake.triage.schema import ANSWER_SPECS
from intake.triage.signs import ADOLESCENT_MAX_AGE, MENSTRUAL_MAX_AGE

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
TEXT_LIMIT = 2000
CHOOSE_YES_NO = _("Choose yes or no.")


def _to_bool(value: str) -> bool:
    return value == "yes"


class YesNoField(forms.TypedChoiceField):
    def __init__(self, label, *, required=True, help_text=""):
        super().__init__(
            label=label,
            choices=YES_NO,
            coerce=_to_bool,
            empty_value=None,
            widget=SegmentedWidget(kind="yes-no"),
            required=required,
            help_text=help_text,
            error_messages={"required": CHOOSE_YES_NO, "invalid_choice": CHOOSE_YES_NO},
        )


SCORES = [(score, str(score)) for score in range(11)]
PAIN_ERROR = _("Choose your pain from 0 (no pain) to 10 (worst imaginable).")


class ScoreField(forms.TypedChoiceField):
    """A 0-10 pain score, one tap on a scale whose ends are named in words."""

    def __init__(self, label, *, required=True):
        super().__init__(
            label=label,
            choices=SCORES,
            coerce=int,
            empty_value=None,
            required=required,
            widget=ScaleWidget(),
            error_messages={"required": PAIN_ERROR, "invalid_choice": PAIN_ERROR},
        )


def _format(number) -> str:
    return f"{number:g}" if isinstance(number, float) else str(number)


# Every e-mail box the runner fills in says how to fix it the same way.
EMAIL_ERRORS = {
    "required": _("Enter your e-mail address, like name@example.com."),
    "invalid": _("Enter an e-mail address in the right form, like name@example.com."),
}


def number_errors(what: "str | Promise", minimum, maximum) -> dict:
    """Django's messages ("Ensure this value is ...") in the runner's words, naming the fix."""
    limits = format_lazy(
        _("Enter {what} from {minimum} to {maximum}."),
        what=what,
        minimum=_format(minimum),
        maximum=_format(maximum),
    )
    return {
        "required": format_lazy(_("Enter {what}."), what=what),
        "invalid": format_lazy(_("Enter {what} as a number, like 12."), what=what),
        "min_value": limits,
        "max_value": limits,
    }


def _number(label, key, *, what, required=True, help_text=""):
    spec = ANSWER_SPECS[key]
    return forms.FloatField(
        label=label,
        min_value=spec.minimum,
        max_value=spec.maximum,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        error_messages=number_errors(what, spec.minimum, spec.maximum),
    )


def _most(key: str) -> int:
    """The largest whole answer the triage schema allows for an int question."""
    return int(ANSWER_SPECS[key].bounds()[1])


def _text(label, *, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@dataclass(frozen=True)
class Section:
    """Questions shown together under a plain-language title. With `none_of_these`, a
    "None of these" box (`none_<key>`) answers each of its yes/no questions No in one tap;
    read on the server, so it needs no JavaScript."""

    key: str
    title: "str | Promise"
    questions: tuple[str, ...]
    none_of_these: bool = True


NONE_PREFIX = "none_"
NONE_CLASH = _(
    "You ticked “None of these” but answered Yes to {questions}. If that is right, "
    "untick “None of these”; if not, change that answer to No."
)


def is_section_box(name: str) -> bool:
    """A "None of these" box: a way of answering, never an answer of its own."""
    return name.startswith(NONE_PREFIX)


class StepForm(PortalForm):
    title: "str | Promise" = ""
    intro: "str | Promise" = ""
    # question -> (its follow-up, the error when a "yes" leaves it empty). A follow-up must be
    # answered after its "yes" and is dropped after a "no" (the triage rules read both). The
    # page shows it only after a "yes" (static/css/portal.css; every follow-up is shown where
    # the browser cannot do that).
    FOLLOW_UPS: dict[str, tuple[str, "str | Promise"]] = {}
    SECTIONS: tuple[Section, ...] = ()
    LAYOUT: FormHelper | None = None

    def __init__(self, *args, context=None, **kwargs):
        self.context = context or {}
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self._answered_by_none_boxes(self.data)

    def add_fields(self) -> None:
        self.add_conditional_fields()
        for section in self.SECTIONS:
            if section.none_of_these and self._covered(section):
                self.fields[NONE_PREFIX + section.key] = forms.BooleanField(
                    label=_("None of these"), required=False
                )
        for follow_up, _asked in self.FOLLOW_UPS.values():
            if follow_up in self.fields:
                self.fields[follow_up].follow_up = True  # type: ignore[attr-defined]
        self.fields = self._in_section_order()

    def add_conditional_fields(self) -> None:
        """Questions that depend on earlier answers (`self.context`)."""

    def _in_section_order(self) -> dict:
        """Each section's questions together, where its first question was declared
        (conditional questions are added last, but belong to their section)."""
        owner = {name: section for section in self.SECTIONS for name in section.questions}
        ordered: dict = {}
        for name in list(self.fields):
            section = owner.get(name)
            names = [name] if section is None else [*section.questions, NONE_PREFIX + section.key]
            for each in names:
                if each in self.fields and each not in ordered:
                    ordered[each] = self.fields[each]
        return ordered

    def _yes_no(self, section: Section) -> list[str]:
        return [name for name in section.questions if isinstance(self.fields.get(name), YesNoField)]

    def _covered(self, section: Section) -> list[str]:
        """The questions a "None of these" answers No: the section's yes/no questions but its
        follow-ups, which a No drops anyway."""
        follow_ups = {follow_up for follow_up, _asked in self.FOLLOW_UPS.values()}
        return [name for name in self._yes_no(section) if name not in follow_ups]

    def _none_ticked(self, data, section: Section) -> bool:
        box = NONE_PREFIX + section.key
        if box not in self.fields:
            return False
        return self.fields[box].widget.value_from_datadict(data, self.files, self.add_prefix(box))

    def _answered_by_none_boxes(self, data):
        """The post with each unanswered question of a ticked "None of these" answered No,
        so the draft, the page shown again and the answers all say what the runner chose."""
        ticked = [section for section in self.SECTIONS if self._none_ticked(data, section)]
        if not ticked:
            return data
        data = data.copy()
        for section in ticked:
            for name in self._covered(section):
                if not data.get(self.add_prefix(name)):
                    data[self.add_prefix(name)] = "no"
        return data

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for section in self.SECTIONS:
            if cleaned.get(NONE_PREFIX + section.key):
                # A Yes is never dropped for a ticked "None of these": the runner says which.
                said_yes = [self.fields[n].label for n in self._yes_no(section) if cleaned.get(n)]
                if said_yes:
                    joint = f" {_('and')} "
                    questions = joint.join(f"“{label}”" for label in said_yes)
                    clash = str(NONE_CLASH).format(questions=questions)
                    self.add_error(NONE_PREFIX + section.key, clash)
        for question, (follow_up, asked) in self.FOLLOW_UPS.items():
            if cleaned.get(question) is False:
                cleaned[follow_up] = None
            elif cleaned.get(question) and cleaned.get(follow_up) is None:
                self.add_error(follow_up, str(asked))
        return cleaned

    @property
    def helper(self) -> FormHelper:
        """The step's crispy layout: LAYOUT where a step declares one, else built from its
        SECTIONS and FOLLOW_UPS (step_helper)."""
        return self.LAYOUT or step_helper(type(self))

    def answers(self) -> dict:
        """Cleaned data as JSON-friendly values, without the "None of these" boxes."""
        return {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in self.cleaned_data.items()
            if not is_section_box(key)
        }


@cache
def step_helper(form_class: type[StepForm]) -> FormHelper:
    """A step's layout, declared by its SECTIONS and FOLLOW_UPS: its questions in order, each
    section where its first question is declared, and a section of conditional questions
    only (added per runner, last) after them. Built once per step."""
    follow_ups = {follow_up for follow_up, _asked in form_class.FOLLOW_UPS.values()}

    def question(name: str) -> Question:
        return FollowUp(name) if name in follow_ups else Question(name)

    def section_part(section: Section) -> QuestionSection:
        none = NONE_PREFIX + section.key if section.none_of_these else ""
        questions = [question(name) for name in section.questions]
        return QuestionSection(section.key, section.title, *questions, none=none)

    owner = {name: section for section in form_class.SECTIONS for name in section.questions}
    parts: list[Part] = []
    placed: list[Section] = []
    for name in form_class.base_fields:
        section = owner.get(name)
        if section is None:
            parts.append(question(name))
        elif section not in placed:
            placed.append(section)
            parts.append(section_part(section))
    parts += [section_part(s) for s in form_class.SECTIONS if s not in placed]
    return portal_helper(*parts)


class ContactForm(StepForm):
    title = _("Contact and consent")
    intro = _("So we can reach you about your hip. It takes about 10 minutes in all.")

    first_name = forms.CharField(
        label=_("First name"),
        max_length=80,
        error_messages={"required": _("Enter your first name.")},
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=80, error_messages={"required": _("Enter your last name.")}
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We e-mail you a link to come back to this form if you need a break."),
        error_messages=EMAIL_ERRORS,
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("Enter a phone number we can call, with the area code.")},
    )
    age = forms.IntegerField(
        label=_("Age (years)"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter your age in years."),
            "invalid": _("Enter your age in years as a whole number, like 34."),
        },
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[
            ("female", _("Female")),
            ("male", _("Male")),
            ("other", _("Other")),
            ("undisclosed", _("Prefer not to say")),
        ],
        widget=forms.RadioSelect,
        help_text=_("Only used to choose which health questions apply to you."),
        error_messages={"required": _('Choose one, or "Prefer not to say".')},
    )
    consent = forms.BooleanField(
        label=_("I agree to the statement above."),
        error_messages={
            "required": _(
                "Tick the box to agree. We need your consent to keep your answers and "
                "use them to advise you and arrange your care; without it we cannot take your "
                "answers, but you can call us instead."
            )
        },
    )

    # The clinic's consent statement just above the box that agrees to it.
    LAYOUT = portal_helper(
        "first_name", "last_name", "email", "phone", "age", "sex", ConsentText(), "consent"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, autocomplete in [
            ("first_name", "given-name"),
            ("last_name", "family-name"),
            ("email", "email"),
        ]:
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if sum(char.isdigit() for char in phone) < 7:
            raise forms.ValidationError(_("Enter a phone number we can call, with the area code."))
        return phone


class RunningForm(StepForm):
    title = _("Your running")
    intro = _("Roughly is fine.")

    weekly_miles = _number(
        _("Miles per week now (average)"), "weekly_miles", what=_("your miles per week now")
    )
    weekly_miles_4_weeks_ago = _number(
        _("Miles per week four weeks ago"),
        "weekly_miles_4_weeks_ago",
        what=_("your miles per week four weeks ago"),
    )
    goal_race = forms.CharField(
        label=_("Goal race, if any"),
        required=False,
        max_length=120,
        help_text=_("For example: Raleigh half marathon"),
    )
    goal_race_date = forms.DateField(
        label=_("Race date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    shoe_miles = _number(
        _("Miles on your current running shoes"),
        "shoe_miles",
        what=_("the miles on your shoes"),
        required=False,
        help_text=_("Leave empty if you don't know."),
    )
    surfaces = forms.MultipleChoiceField(
        label=_("Where do you usually run?"),
        required=False,
        choices=[
            ("road", _("Road")),
            ("trail", _("Trail")),
            ("track", _("Track")),
            ("treadmill", _("Treadmill")),
            ("grass", _("Grass")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )


class PainForm(StepForm):
    title = _("The pain")
    intro = _("Tell us about your hip pain as it is this week.")

    pain_locations = forms.MultipleChoiceField(
        label=_("Where does it hurt? Choose all that apply."),
        choices=[
            ("groin", _("Groin")),
            ("front", _("Front of the hip")),
            ("side", _("Side of the hip")),
            ("back", _("Back of the hip")),
            ("buttock", _("Buttock")),
            ("thigh", _("Thigh")),
            ("knee", _("Knee")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick where it hurts: at least one place.")},
    )
    pain_side = forms.ChoiceField(
        label=_("Which side?"),
        choices=[("left", _("Left")), ("right", _("Right")), ("both", _("Both"))],
        widget=SegmentedWidget(kind="side"),
        error_messages={"required": _("Choose the side that hurts, or Both.")},
    )
    days_since_onset = forms.IntegerField(
        label=_("How many days ago did it start?"),
        min_value=0,
        max_value=_most("days_since_onset"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Your best guess is fine: 14 for two weeks."),
        error_messages=number_errors(
            _("how many days ago it started"), 0, _most("days_since_onset")
        ),
    )
    pain_now = ScoreField(_("Pain right now"))
    pain_worst = ScoreField(_("Worst pain in the last week"))
    pain_running = ScoreField(_("Pain while running"))
    # Asked apart from the section below: its benign answer is Yes.
    can_bear_weight = YesNoField(_("Can you take your full weight on the leg and walk?"))
    pain_walking = YesNoField(_("Does walking hurt now?"))
    pain_standing_on_leg = YesNoField(_("Does standing on the painful leg alone hurt?"))
    pain_worse_with_more_running = YesNoField(
        _("Did the pain start, or get worse, as you increased your running?")
    )
    limping = YesNoField(_("Does the pain make you limp or shift your weight off the leg?"))
    pain_persists_after_rest = YesNoField(
        _("Does the pain last for days after rest?"), help_text=_("For example 2-3 days or more.")
    )
    night_pain = YesNoField(_("Is the pain worse lying down, or does it wake you at night?"))
    night_pain_constant = YesNoField(
        _("If you have night pain: is it constant, and not eased by changing position?"),
        required=False,
    )
    snapping_or_clicking = YesNoField(_("Does your hip snap or click?"))
    reduced_range_of_motion = YesNoField(_("Does your hip feel stuck or blocked?"))
    pain_story = _text(
        _("Anything else about the pain?"),
        help_text=_("What makes it better or worse, and how it changes during a run."),
    )

    FOLLOW_UPS = {
        "night_pain": (
            "night_pain_constant",
            _("You said you have night pain: choose whether it is constant."),
        ),
    }
    SECTIONS = (
        Section(
            "pain_signs",
            _("How the pain behaves"),
            (
                "pain_walking",
                "pain_standing_on_leg",
                "pain_worse_with_more_running",
                "limping",
                "pain_persists_after_rest",
                "night_pain",
                "night_pain_constant",
                "snapping_or_clicking",
                "reduced_range_of_motion",
            ),
        ),
    )


class WarningSignsForm(StepForm):
    title = _("Warning signs")
    intro = _(
        "These questions make sure nothing serious is missed. Most people have none of them: "
        "read each group, answer Yes to any that apply, or tick “None of these”."
    )

    trauma = YesNoField(_("Did the pain start with a fall, collision or accident?"))
    deformity = YesNoField(_("Can you see a change in the shape of your hip or leg?"))
    fever_or_unwell = YesNoField(_("Do you have a fever, chills or feel generally unwell?"))
    recent_injection_or_surgery = YesNoField(
        _("Have you had a hip injection or hip surgery in the last 3 months?")
    )
    calf_swelling = YesNoField(_("Swelling, redness or warmth in your calf or thigh?"))
    saddle_numbness = YesNoField(
        _(
            "Any numbness or changed feeling between your legs, around your genitals or back "
            "passage (for example when wiping)?"
        )
    )
    bladder_bowel_change = YesNoField(
        _("Any new trouble starting or controlling urine or bowels, or loss of feeling there?")
    )
    sexual_dysfunction_new = YesNoField(_("Any new problem with sexual function?"))
    leg_weakness_worsening = YesNoField(_("Is there weakness in your leg that is getting worse?"))
    tingling_below_knee = YesNoField(_("Pins and needles or numbness below the knee?"))
    tingling_both_legs = YesNoField(
        _("If you have pins and needles or numbness below the knee: is it in both legs?"),
        required=False,
    )
    back_pain = YesNoField(_("Do you have back pain?"))
    groin_lump = YesNoField(
        _("A lump or bulge in the groin that gets worse with coughing or lifting?")
    )
    groin_lump_painful_or_stuck = YesNoField(
        _("If you have a groin lump: is it painful and hard, or will it not go back in?"),
        required=False,
    )
    blood_in_urine_or_vomiting = YesNoField(_("Any blood in your urine, or vomiting?"))
    cancer_history = YesNoField(_("Have you ever had cancer?"))
    unexplained_weight_loss = YesNoField(_("Have you lost weight without trying?"))
    night_sweats = YesNoField(_("Do you have night sweats?"))
    infection_risk_factor = YesNoField(
        _(
            "Do you have diabetes or a weakened immune system (for example from medicines), or do "
            "you inject drugs?"
        )
    )
    long_term_steroids = YesNoField(
        _("Do you take, or have you taken, steroid tablets or repeated steroid injections?")
    )
    avn_medical_risk = YesNoField(
        _(
            "Do you have sickle cell disease or lupus, or have you had chemotherapy, radiation or "
            "an organ transplant?"
        )
    )
    heavy_alcohol_use = YesNoField(_("Do you drink alcohol heavily?"))
    previous_stress_fracture = YesNoField(_("Have you ever had a stress fracture?"))
    low_bone_density_or_eating_disorder = YesNoField(
        _("Have you ever been diagnosed with low bone density or an eating disorder?")
    )

    FOLLOW_UPS = {
        "tingling_below_knee": (
            "tingling_both_legs",
            _("You said you have pins and needles: choose whether it is in both legs."),
        ),
        "groin_lump": (
            "groin_lump_painful_or_stuck",
            _(
                "You said you have a groin lump: choose whether it is painful and hard or "
                "stuck out."
            ),
        ),
    }
    # Every question the rules read is in a section and asked; a section's "None of these"
    # answers its yes/no questions No, never a number (the missed periods are typed).
    SECTIONS = (
        Section(
            "injury",
            _("An injury, infection or swelling"),
            (
                "trauma",
                "deformity",
                "fever_or_unwell",
                "recent_injection_or_surgery",
                "calf_swelling",
            ),
        ),
        Section(
            "nerves",
            _("Nerves, back, bladder and bowel"),
            (
                "saddle_numbness",
                "bladder_bowel_change",
                "sexual_dysfunction_new",
                "leg_weakness_worsening",
                "tingling_below_knee",
                "tingling_both_legs",
                "back_pain",
            ),
        ),
        Section(
            "groin",
            _("Your groin and belly"),
            (
                "groin_lump",
                "groin_lump_painful_or_stuck",
                "testicular_pain",
                "blood_in_urine_or_vomiting",
            ),
        ),
        Section(
            "health",
            _("Your health in general"),
            (
                "cancer_history",
                "unexplained_weight_loss",
                "night_sweats",
                "infection_risk_factor",
                "long_term_steroids",
                "avn_medical_risk",
                "heavy_alcohol_use",
            ),
        ),
        Section(
            "bones",
            _("Your bones"),
            (
                "previous_stress_fracture",
                "low_bone_density_or_eating_disorder",
                "recent_growth_spurt",
            ),
        ),
        Section(
            "periods",
            _("Your periods"),
            ("missed_periods_12_months", "first_period_after_15"),
            none_of_these=False,
        ),
    )

    def add_conditional_fields(self) -> None:
        age = self.context.get("age")
        # Missed periods mean low energy availability only before the menopause (R10, N5).
        premenopausal = age is None or age <= MENSTRUAL_MAX_AGE
        if self.context.get("sex") == "female" and premenopausal:
            self.fields["missed_periods_12_months"] = forms.IntegerField(
                label=_("How many periods have you missed in the last 12 months?"),
                min_value=0,
                max_value=_most("missed_periods_12_months"),
                help_text=_("0 if none; your best estimate is fine."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages=number_errors(
                    _("how many periods you missed"),
                    0,
                    _most("missed_periods_12_months"),
                ),
            )
            self.fields["first_period_after_15"] = YesNoField(
                _("Did your first period come after you turned 15?")
            )
        if self.context.get("sex") == "male":
            self.fields["testicular_pain"] = YesNoField(_("Any pain or swelling in a testicle?"))
        if age is not None and age <= ADOLESCENT_MAX_AGE:
            self.fields["recent_growth_spurt"] = YesNoField(
                _("Have you grown a lot in the last year?")
            )


LEFS_ITEMS = (
    _("Any of your usual work, housework, or school activities."),
    _("Your usual hobbies, recreational or sporting activities."),
    _("Getting into or out of the bath."),
    _("Walking between rooms."),
    _("Putting on your shoes or socks."),
    _("Squatting."),
    _("Lifting an object, like a bag of groceries from the floor."),
    _("Performing light activities around your home."),
    _("Performing heavy activities around your home."),
    _("Getting into or out of a car."),
    _("Walking 2 blocks."),
    _("Walking a mile."),
    _("Going up or down 10 stairs (about 1 flight of stairs)."),
    _("Standing for 1 hour."),
    _("Sitting for 1 hour."),
    _("Running on even ground."),
    _("Running on uneven ground."),
    _("Making sharp turns while running fast."),
    _("Hopping."),
    _("Rolling over in bed."),
)
LEFS_CHOICES = [
    (0, _("Extreme difficulty or unable to perform activity")),
    (1, _("Quite a bit of difficulty")),
    (2, _("Moderate difficulty")),
    (3, _("A little bit of difficulty")),
    (4, _("No difficulty")),
]
LEFS_KEYS = tuple(f"lefs_{number}" for number in range(1, len(LEFS_ITEMS) + 1))


LEFS_ERROR = _("Choose how much difficulty you would have, from Extreme to No difficulty.")
LEFS_HINT = _("Item {number} of {total}")
LEFS_HINT_HOPPING = _("Item {number} of {total}. Please don't try it to find out.")


def lefs_fields() -> dict:
    """The 20 LEFS items as fields, item N of 20 in each label's hint."""
    fields = {}
    for number, (key, item) in enumerate(zip(LEFS_KEYS, LEFS_ITEMS, strict=True), start=1):
        hint = format_lazy(LEFS_HINT, number=number, total=len(LEFS_ITEMS))
        if key == "lefs_19":
            hint = format_lazy(LEFS_HINT_HOPPING, number=number, total=len(LEFS_ITEMS))
        fields[key] = forms.TypedChoiceField(
            label=item,
            choices=LEFS_CHOICES,
            coerce=int,
            widget=SegmentedWidget(kind="lefs"),
            help_text=hint,
            error_messages={"required": LEFS_ERROR, "invalid_choice": LEFS_ERROR},
        )
    return fields


# Declared, not added in __init__: PortalForm styles the fields it finds when it is built, and
# fields added afterwards went unstyled (textareas wider than a 360 px screen). Built by
# type() from the item list; to mypy it is the plain form it extends.
if TYPE_CHECKING:
    LefsFields = forms.Form
else:
    LefsFields = type("LefsFields", (forms.Form,), lefs_fields())


class FunctionForm(StepForm, LefsFields):
    title = _("Function and history")
    intro = _("Today, do you or would you have any difficulty at all with:")

    previous_injuries = _text(_("Previous running injuries"))
    surgeries = _text(_("Surgeries, of any kind"))


STEP_FORMS = (ContactForm, RunningForm, PainForm, WarningSignsForm, FunctionForm)
REVIEW_STEP = len(STEP_FORMS) + 1
STEP_TITLES = tuple(form.title for form in STEP_FORMS) + (_("Review and submit"),)


def lefs_total(answers: dict) -> int | None:
    """0-80, higher is better (CLINICAL.md s2, R20); None unless all 20 items are answered."""
    if any(answers.get(key) is None for key in LEFS_KEYS):
        return None
    return sum(int(answers[key]) for key in LEFS_KEYS)
