"""Which templates the plan builder ticks for a case, from its intake. Pure.

A suggestion only pre-ticks boxes: the therapist chooses. Bone-stress signs point to the
bone-mode return to run, which the builder accepts only with a recorded clearance.
"""

from dataclasses import dataclass

HIP_STRENGTH = "Hip strength for runners"
WARM_UP = "Warm-up and cool-down"
WALK_RUN = "Walk/run return: 10 levels"
BONE_RETURN = "Return to run after a bone stress injury"

# Rules whose firing means bone stress is possible (CLINICAL.md s1: FNSF, REDs).
BONE_STRESS_RULES = {"possible-femoral-neck-stress-fracture", "bone-health-reds-risk"}
BONE_STRESS_ANSWERS = ("previous_stress_fracture", "low_bone_density_or_eating_disorder")


@dataclass(frozen=True)
class Suggestion:
    templates: tuple[str, ...]
    reason: str
    needs_bone_clearance: bool


def suggest(*, answers: dict, fired_rule_ids: set[str], level: str) -> Suggestion:
    bone = bool(fired_rule_ids & BONE_STRESS_RULES) or any(
        answers.get(key) is True for key in BONE_STRESS_ANSWERS
    )
    if bone:
        return Suggestion(
            (HIP_STRENGTH, BONE_RETURN),
            "The intake shows bone-stress signs: a bone-mode return to run (no pain at all), "
            "once you have recorded clearance.",
            True,
        )
    lateral = "side" in (answers.get("pain_locations") or [])
    if lateral and level == "routine":
        return Suggestion(
            (HIP_STRENGTH, WARM_UP, WALK_RUN),
            "Pain on the outside of the hip with no red flags: hip strength with the "
            "walk/run return.",
            False,
        )
    return Suggestion(
        (HIP_STRENGTH, WARM_UP),
        "Hip strength and the warm-up; add a return to run when the runner is ready.",
        False,
    )
