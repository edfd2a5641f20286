"""The builder's suggestion from the intake, table-driven."""

import pytest

from programs.suggest import BONE_RETURN, HIP_STRENGTH, WALK_RUN, WARM_UP, suggest


@pytest.mark.parametrize(
    ("answers", "rules", "level", "templates", "clearance"),
    [
        ({"pain_locations": ["side"]}, set(), "routine", {HIP_STRENGTH, WARM_UP, WALK_RUN}, False),
        ({"pain_locations": ["groin"]}, set(), "routine", {HIP_STRENGTH, WARM_UP}, False),
        ({"pain_locations": ["side"]}, {"night-pain"}, "soon", {HIP_STRENGTH, WARM_UP}, False),
        (
            {"pain_locations": ["groin"]},
            {"possible-femoral-neck-stress-fracture"},
            "urgent",
            {HIP_STRENGTH, BONE_RETURN},
            True,
        ),
        (
            {"pain_locations": ["side"]},
            {"bone-health-reds-risk"},
            "soon",
            {HIP_STRENGTH, BONE_RETURN},
            True,
        ),
        (
            {"pain_locations": ["side"], "previous_stress_fracture": True},
            set(),
            "routine",
            {HIP_STRENGTH, BONE_RETURN},
            True,
        ),
    ],
)
def test_suggestions_follow_the_intake(answers, rules, level, templates, clearance):
    suggestion = suggest(answers=answers, fired_rule_ids=rules, level=level)
    assert set(suggestion.templates) == templates
    assert suggestion.needs_bone_clearance is clearance
    assert suggestion.reason
