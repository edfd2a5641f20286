"""The answer keys of INTAKE_CONTRACT.md and their types.

One validator for the web form and the `triage` command, so both reject the same things with
the same words. An absent key or null means "not reported" and is never an error.
"""

from dataclasses import dataclass


class AnswerError(ValueError):
    """Names the key and what is wrong with it."""


@dataclass(frozen=True)
class Spec:
    kind: str  # bool, int, score, number, enum, list
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def bounds(self) -> tuple[float, float]:
        """The range an int or number answer must fall in (a score's is 0-10); a spec of
        either kind without both ends is a mistake in the table, not in the answer."""
        if self.kind == "score":
            return 0, 10
        if self.minimum is None or self.maximum is None:
            raise TypeError(f"a {self.kind} spec needs a minimum and a maximum")
        return self.minimum, self.maximum


LOCATIONS = ("groin", "front", "side", "back", "buttock", "thigh", "knee")

ANSWER_SPECS: dict[str, Spec] = {
    # Profile
    "age": Spec("int", minimum=1, maximum=120),
    "sex": Spec("enum", choices=("female", "male", "other", "undisclosed")),
    "weekly_miles": Spec("number", minimum=0, maximum=500),
    "weekly_miles_4_weeks_ago": Spec("number", minimum=0, maximum=500),
    "shoe_miles": Spec("number", minimum=0, maximum=10000),
    # The pain
    "pain_locations": Spec("list", choices=LOCATIONS),
    "pain_side": Spec("enum", choices=("left", "right", "both")),
    "days_since_onset": Spec("int", minimum=0, maximum=36500),
    "pain_now": Spec("score"),
    "pain_worst": Spec("score"),
    "pain_running": Spec("score"),
    "pain_persists_after_rest": Spec("bool"),
    "night_pain": Spec("bool"),
    "night_pain_constant": Spec("bool"),
    "snapping_or_clicking": Spec("bool"),
    "reduced_range_of_motion": Spec("bool"),
    "limping": Spec("bool"),
    "pain_walking": Spec("bool"),
    "pain_standing_on_leg": Spec("bool"),
    "can_bear_weight": Spec("bool"),
    # Red-flag screen
    "trauma": Spec("bool"),
    "deformity": Spec("bool"),
    "fever_or_unwell": Spec("bool"),
    "recent_injection_or_surgery": Spec("bool"),
    "saddle_numbness": Spec("bool"),
    "bladder_bowel_change": Spec("bool"),
    "leg_weakness_worsening": Spec("bool"),
    "tingling_below_knee": Spec("bool"),
    "back_pain": Spec("bool"),
    "cancer_history": Spec("bool"),
    "unexplained_weight_loss": Spec("bool"),
    "night_sweats": Spec("bool"),
    "previous_stress_fracture": Spec("bool"),
    # About 13 cycles fit in a year; more than that is a typing mistake.
    "missed_periods_12_months": Spec("int", minimum=0, maximum=13),
    "low_bone_density_or_eating_disorder": Spec("bool"),
    "long_term_steroids": Spec("bool"),
    "heavy_alcohol_use": Spec("bool"),
    "groin_lump": Spec("bool"),
    "testicular_pain": Spec("bool"),
    "calf_swelling": Spec("bool"),
    # Added beyond the contract's keys for questions CLINICAL.md s1 lists (the contract lets
    # forms add fields; the rules treat them as absent when not asked).
    "pain_worse_with_more_running": Spec("bool"),
    "sexual_dysfunction_new": Spec("bool"),
    "infection_risk_factor": Spec("bool"),
    "avn_medical_risk": Spec("bool"),
    "first_period_after_15": Spec("bool"),
    "blood_in_urine_or_vomiting": Spec("bool"),
    "groin_lump_painful_or_stuck": Spec("bool"),
    "tingling_both_legs": Spec("bool"),
}


def _check(key: str, spec: Spec, value):
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise AnswerError(f"{key}: must be true or false, not {value!r}")
        return value
    if spec.kind in {"int", "score"}:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise AnswerError(f"{key}: must be a whole number, not {value!r}")
        low, high = spec.bounds()
        if not low <= value <= high:
            raise AnswerError(f"{key}: must be between {low} and {high}, not {value}")
        return value
    if spec.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise AnswerError(f"{key}: must be a number, not {value!r}")
        low, high = spec.bounds()
        if value != value or not low <= value <= high:
            raise AnswerError(f"{key}: must be between {low:g} and {high:g}")
        return value
    if spec.kind == "enum":
        if value not in spec.choices:
            raise AnswerError(f"{key}: must be one of {', '.join(spec.choices)}, not {value!r}")
        return value
    if not isinstance(value, list):
        raise AnswerError(f"{key}: must be a list of {', '.join(spec.choices)}")
    unknown = [item for item in value if item not in spec.choices]
    if unknown:
        raise AnswerError(f"{key}: unknown value {unknown[0]!r}; use {', '.join(spec.choices)}")
    return list(dict.fromkeys(value))


def validate_answers(answers) -> dict:
    """Return the contract keys, checked; unknown keys pass through untouched (the contract
    lets forms add fields); absent and null keys are dropped as "not reported"."""
    if not isinstance(answers, dict):
        raise AnswerError("answers: must be a JSON object")
    clean = {}
    for key, value in answers.items():
        spec = ANSWER_SPECS.get(key)
        if value is None:
            continue
        clean[key] = _check(key, spec, value) if spec else value
    return clean
