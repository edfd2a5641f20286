"""Pure tests of the red-flag triage: `intake.triage.triage` and `intake.triage.validate_answers`.

No database. The rule table below is the heart of it: one or more minimal answer sets per rule
in `RULES`, with the level the rule must give. A meta-test fails when a rule has no row, so a
new rule cannot ship untested. Levels are written out here on purpose (not read back from the
rule), so a silent change of a rule's level also fails a test.
"""

import json
import math
import re

import pytest

from intake.triage import AnswerError, TriageResult, triage, validate_answers
from intake.triage.levels import EMERGENCY, LEVELS, RANK, ROUTINE, SOON, URGENT
from intake.triage.references import REFERENCES
from intake.triage.rules import RULES, RULESET_VERSION
from intake.triage.schema import ANSWER_SPECS, LOCATIONS

RULES_BY_ID = {rule.id: rule for rule in RULES}


def _fired(result: TriageResult) -> list[str]:
    return [reason.rule for reason in result.reasons]


def _reason(result: TriageResult, rule_id: str):
    matches = [reason for reason in result.reasons if reason.rule == rule_id]
    assert matches, f"{rule_id} did not fire; fired: {_fired(result)}"
    return matches[0]


def _at_least(level: str, expected: str) -> bool:
    """`level` is as serious as `expected`, or more."""
    return RANK[level] <= RANK[expected]


# A runner with ordinary side-of-hip pain who answered every question, and "no" to every
# red flag: routine. Built from the schema so a new yes/no question is answered "no" too.
BENIGN = {key: False for key, spec in ANSWER_SPECS.items() if spec.kind == "bool"} | {
    "age": 34,
    "sex": "female",
    "weekly_miles": 25,
    "weekly_miles_4_weeks_ago": 22,
    "shoe_miles": 150,
    "pain_locations": ["side"],
    "pain_side": "right",
    "days_since_onset": 14,
    "pain_now": 2,
    "pain_worst": 4,
    "pain_running": 5,
    "can_bear_weight": True,
    "missed_periods_12_months": 0,
}


# --- The rule table ----------------------------------------------------------------------
# (rule id, level it must give, minimal answers that make it fire). Where a rule would also
# trip a more serious one through "location not reported", the row names a location that
# keeps the other rule quiet, so the row's level is the rule's own. A None marks an answer
# whose absence is part of what makes the rule fire (it is dropped by validate_answers).
RULE_CASES = [
    # Emergency
    pytest.param(
        "trauma-cannot-bear-weight",
        EMERGENCY,
        {"trauma": True, "can_bear_weight": False},
        id="trauma-cannot-bear-weight",
    ),
    pytest.param(
        "cannot-bear-weight", EMERGENCY, {"can_bear_weight": False}, id="cannot-bear-weight"
    ),
    pytest.param("visible-deformity", EMERGENCY, {"deformity": True}, id="visible-deformity"),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "pain_now": 7},
        id="septic-fever-and-pain-now-7",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "pain_worst": 7},
        id="septic-fever-and-pain-worst-7",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "can_bear_weight": False},
        id="septic-fever-and-cannot-bear-weight",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "limping": True},
        id="septic-fever-and-limping",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "recent_injection_or_surgery": True},
        id="septic-fever-and-recent-injection",
    ),
    pytest.param(
        "cauda-equina-warning-signs",
        EMERGENCY,
        {"saddle_numbness": True},
        id="cauda-equina-saddle-numbness",
    ),
    pytest.param(
        "cauda-equina-warning-signs",
        EMERGENCY,
        {"bladder_bowel_change": True},
        id="cauda-equina-bladder-bowel-change",
    ),
    pytest.param(
        "cauda-equina-warning-signs",
        EMERGENCY,
        {"sexual_dysfunction_new": True},
        id="cauda-equina-new-sexual-dysfunction",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "infection_risk_factor": True},
        id="septic-fever-and-infection-risk-factor",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"recent_injection_or_surgery": True, "pain_worst": 7, "fever_or_unwell": False},
        id="septic-recent-procedure-and-severe-pain-without-fever",
    ),
    pytest.param(
        "progressive-leg-weakness",
        EMERGENCY,
        {"leg_weakness_worsening": True},
        id="progressive-leg-weakness",
    ),
    pytest.param(
        "child-limp-possible-scfe",
        EMERGENCY,
        {"age": 15, "limping": True},
        id="child-limp-possible-scfe",
    ),
    pytest.param(
        "child-limp-possible-scfe",
        EMERGENCY,
        {"age": 13, "limping": True, "pain_locations": ["knee"]},
        id="child-limp-knee-pain-only-scfe",
    ),
    pytest.param(
        "older-runner-fall-possible-hip-fracture",
        EMERGENCY,
        {"age": 70, "trauma": True, "can_bear_weight": True, "pain_walking": True},
        id="older-fall-still-walking-pain-walking",
    ),
    pytest.param(
        "older-runner-fall-possible-hip-fracture",
        EMERGENCY,
        {"age": 65, "trauma": True, "can_bear_weight": True, "limping": True},
        id="older-fall-at-65-limping",
    ),
    pytest.param(
        "possible-strangulated-hernia",
        EMERGENCY,
        {"groin_lump": True, "pain_now": 7},
        id="hernia-lump-severe-pain-now",
    ),
    pytest.param(
        "possible-strangulated-hernia",
        EMERGENCY,
        {"groin_lump": True, "pain_worst": 8, "pain_now": None},
        id="hernia-lump-severe-this-week-pain-now-not-reported",
    ),
    pytest.param(
        "possible-strangulated-hernia",
        EMERGENCY,
        {"groin_lump": True, "groin_lump_painful_or_stuck": True},
        id="hernia-lump-hard-or-stuck",
    ),
    pytest.param(
        "possible-strangulated-hernia",
        EMERGENCY,
        {"groin_lump": True, "days_since_onset": 0},
        id="hernia-lump-sudden-today",
    ),
    pytest.param(
        "possible-strangulated-hernia",
        EMERGENCY,
        {"groin_lump": True, "blood_in_urine_or_vomiting": True},
        id="hernia-lump-vomiting",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "reduced_range_of_motion": True},
        id="septic-fever-and-restricted-hip",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "pain_walking": True},
        id="septic-fever-and-pain-walking",
    ),
    pytest.param(
        "possible-septic-arthritis",
        EMERGENCY,
        {"fever_or_unwell": True, "pain_standing_on_leg": True},
        id="septic-fever-and-pain-standing-on-leg",
    ),
    pytest.param("testicular-pain", EMERGENCY, {"testicular_pain": True}, id="testicular-pain"),
    # Urgent
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["groin"], "pain_walking": True},
        id="fnsf-groin-walking",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["front"], "limping": True},
        id="fnsf-front-limping",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["groin"], "pain_standing_on_leg": True},
        id="fnsf-groin-standing-on-leg",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["groin"], "pain_persists_after_rest": True},
        id="fnsf-groin-persists-after-rest",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["front"], "night_pain": True},
        id="fnsf-front-night-pain",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["groin"], "previous_stress_fracture": True},
        id="fnsf-groin-previous-stress-fracture",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_walking": True, "pain_locations": None},
        id="fnsf-location-not-reported-walking",
    ),
    pytest.param(
        "trauma-cannot-bear-weight",
        EMERGENCY,
        {"trauma": True, "can_bear_weight": None},
        id="trauma-weight-bearing-not-reported",
    ),
    pytest.param(
        "trauma-onset",
        URGENT,
        {"trauma": True, "can_bear_weight": True},
        id="trauma-onset-can-bear-weight",
    ),
    pytest.param("fever-or-unwell", URGENT, {"fever_or_unwell": True}, id="fever-or-unwell"),
    pytest.param(
        "recent-hip-injection-or-surgery",
        URGENT,
        {"recent_injection_or_surgery": True},
        id="recent-hip-injection-or-surgery",
    ),
    pytest.param("cancer-history", URGENT, {"cancer_history": True}, id="cancer-history"),
    pytest.param(
        "systemic-symptoms",
        URGENT,
        {"unexplained_weight_loss": True},
        id="systemic-symptoms-weight-loss",
    ),
    pytest.param(
        "systemic-symptoms", URGENT, {"night_sweats": True}, id="systemic-symptoms-night-sweats"
    ),
    pytest.param(
        "constant-night-pain", URGENT, {"night_pain_constant": True}, id="constant-night-pain"
    ),
    pytest.param(
        "avascular-necrosis-risk",
        URGENT,
        {"pain_locations": ["groin"], "long_term_steroids": True},
        id="avn-groin-steroids",
    ),
    pytest.param(
        "avascular-necrosis-risk",
        URGENT,
        {"pain_locations": ["groin"], "heavy_alcohol_use": True},
        id="avn-groin-alcohol",
    ),
    pytest.param(
        "avascular-necrosis-risk",
        URGENT,
        {"long_term_steroids": True, "pain_locations": None},
        id="avn-location-not-reported-steroids",
    ),
    pytest.param("groin-lump", URGENT, {"groin_lump": True}, id="groin-lump"),
    pytest.param(
        "abdominal-or-urinary-signs",
        URGENT,
        {"blood_in_urine_or_vomiting": True},
        id="abdominal-or-urinary-signs",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["groin"], "pain_worse_with_more_running": True},
        id="fnsf-groin-worse-with-more-running",
    ),
    pytest.param(
        "avascular-necrosis-risk",
        URGENT,
        {"pain_locations": ["front"], "long_term_steroids": True},
        id="avn-front-of-hip-steroids",
    ),
    pytest.param(
        "avascular-necrosis-risk",
        URGENT,
        {"pain_locations": ["groin"], "avn_medical_risk": True},
        id="avn-groin-medical-risk",
    ),
    pytest.param(
        "bone-health-reds-risk",
        SOON,
        {"age": 22, "sex": "female", "first_period_after_15": True},
        id="bone-health-first-period-after-15",
    ),
    pytest.param("possible-dvt", URGENT, {"calf_swelling": True}, id="possible-dvt"),
    pytest.param(
        "child-hip-signs-possible-scfe",
        URGENT,
        {"age": 12, "pain_walking": True, "limping": False},
        id="scfe-age-pain-walking-no-limp",
    ),
    pytest.param(
        "child-hip-signs-possible-scfe",
        URGENT,
        {"age": 14, "reduced_range_of_motion": True, "limping": False},
        id="scfe-age-stiff-hip-no-limp",
    ),
    pytest.param(
        "child-hip-signs-possible-scfe",
        URGENT,
        {"age": 10, "pain_locations": ["knee"], "limping": None},
        id="scfe-age-knee-pain-limp-not-reported",
    ),
    pytest.param(
        "young-child-hip-signs",
        URGENT,
        {"age": 6, "limping": True, "pain_locations": ["thigh"]},
        id="perthes-age-limp",
    ),
    pytest.param(
        "young-child-hip-signs",
        URGENT,
        {"age": 3, "pain_walking": True, "limping": False},
        id="toddler-pain-walking",
    ),
    pytest.param(
        "late-teen-limp",
        URGENT,
        {"age": 17, "sex": "male", "limping": True, "pain_locations": ["back"]},
        id="late-teen-boy-limp-after-hamstring-strain",
    ),
    pytest.param(
        "bilateral-leg-tingling",
        URGENT,
        {"tingling_below_knee": True, "tingling_both_legs": True, "back_pain": True},
        id="bilateral-tingling-with-back-pain",
    ),
    pytest.param(
        "bilateral-leg-tingling",
        URGENT,
        {"tingling_below_knee": True, "tingling_both_legs": True, "back_pain": False},
        id="bilateral-tingling-without-back-pain",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"pain_locations": ["groin"], "low_bone_density_or_eating_disorder": True},
        id="fnsf-groin-low-bone-density",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {"age": 24, "sex": "female", "pain_locations": ["groin"], "missed_periods_12_months": 4},
        id="fnsf-groin-missed-periods",
    ),
    pytest.param(
        "possible-femoral-neck-stress-fracture",
        URGENT,
        {
            "age": 28,
            "sex": "female",
            "missed_periods_12_months": 5,
            "weekly_miles": 40,
            "weekly_miles_4_weeks_ago": 25,
            "pain_locations": None,
        },
        id="fnsf-location-not-reported-reds-and-load-rise",
    ),
    pytest.param(
        "possible-femoral-stress-fracture-thigh-or-knee",
        URGENT,
        {
            "age": 30,
            "sex": "female",
            "missed_periods_12_months": 4,
            "pain_locations": ["thigh"],
            "pain_walking": True,
        },
        id="femoral-stress-thigh-reds-walking",
    ),
    pytest.param(
        "possible-femoral-stress-fracture-thigh-or-knee",
        URGENT,
        {
            "pain_locations": ["knee"],
            "weekly_miles": 40,
            "weekly_miles_4_weeks_ago": 25,
            "limping": True,
        },
        id="femoral-stress-knee-load-rise-limp",
    ),
    pytest.param(
        "child-hip-or-knee-pain",
        SOON,
        {
            "age": 12,
            "pain_locations": ["side"],
            "limping": False,
            "pain_walking": False,
            "pain_standing_on_leg": False,
            "reduced_range_of_motion": False,
        },
        id="child-pain-without-hip-signs",
    ),
    # Soon
    pytest.param(
        "bone-health-reds-risk",
        SOON,
        {"age": 45, "sex": "female", "missed_periods_12_months": 3},
        id="bone-health-missed-periods",
    ),
    pytest.param(
        "bone-health-reds-risk",
        SOON,
        {"low_bone_density_or_eating_disorder": True},
        id="bone-health-low-bone-density",
    ),
    pytest.param(
        "bone-health-reds-risk",
        SOON,
        {"previous_stress_fracture": True, "pain_locations": ["side"]},
        id="bone-health-previous-stress-fracture",
    ),
    pytest.param("referred-lumbar", SOON, {"back_pain": True}, id="referred-lumbar-back-pain"),
    pytest.param(
        "referred-lumbar", SOON, {"tingling_below_knee": True}, id="referred-lumbar-tingling"
    ),
    pytest.param(
        "pain-persists-after-rest",
        SOON,
        {"pain_persists_after_rest": True, "pain_locations": ["side"]},
        id="pain-persists-after-rest",
    ),
    pytest.param(
        "snapping-with-reduced-motion",
        SOON,
        {"snapping_or_clicking": True, "reduced_range_of_motion": True},
        id="snapping-with-reduced-motion",
    ),
    pytest.param(
        "night-pain", SOON, {"night_pain": True, "pain_locations": ["side"]}, id="night-pain"
    ),
    pytest.param(
        "altered-gait",
        SOON,
        {"limping": True, "pain_locations": ["side"]},
        id="altered-gait",
    ),
]

CASES = [(case.id, *case.values) for case in RULE_CASES]
EMERGENCY_CASES = [case for case in RULE_CASES if case.values[1] == EMERGENCY]


# --- Every rule fires ----------------------------------------------------------------------
@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_it_fires_each_rule_on_minimal_answers_with_its_level(rule_id, level, answers):
    answers = validate_answers(answers)

    result = triage(answers)

    assert rule_id in _fired(result)
    assert _reason(result, rule_id).level == level
    assert RULES_BY_ID[rule_id].level == level
    assert result.level == level


def test_it_has_a_row_in_the_rule_table_for_every_rule():
    tested = {case.values[0] for case in RULE_CASES}

    assert {rule.id for rule in RULES} - tested == set(), "rules without a test row"
    assert tested - {rule.id for rule in RULES} == set(), "rows for rules that do not exist"


def test_it_gives_routine_to_the_benign_baseline_used_by_the_guards():
    assert validate_answers(BENIGN) == BENIGN
    assert triage(BENIGN).level == ROUTINE
    assert triage(BENIGN).reasons == ()


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_it_keeps_each_rule_and_its_level_among_otherwise_benign_answers(rule_id, level, answers):
    result = triage(validate_answers(BENIGN | answers))

    assert rule_id in _fired(result)
    assert result.level == level


# --- Boundaries ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("age", "sex", "rule_id", "level"),
    [
        pytest.param(1, "male", "young-child-hip-signs", URGENT, id="age-1"),
        pytest.param(7, "female", "young-child-hip-signs", URGENT, id="age-7"),
        pytest.param(8, "male", "child-limp-possible-scfe", EMERGENCY, id="age-8"),
        pytest.param(15, "female", "child-limp-possible-scfe", EMERGENCY, id="age-15-girl"),
        pytest.param(16, "male", "late-teen-limp", URGENT, id="age-16-boy"),
        pytest.param(17, "undisclosed", "late-teen-limp", URGENT, id="age-17-undisclosed"),
        pytest.param(17, "female", "altered-gait", SOON, id="age-17-girl"),
        pytest.param(18, "male", "altered-gait", SOON, id="age-18"),
        pytest.param(40, "male", "altered-gait", SOON, id="age-40"),
    ],
)
def test_it_gives_a_limp_the_rule_and_tier_of_its_age_band(age, sex, rule_id, level):
    answers = {"age": age, "sex": sex, "limping": True, "pain_locations": ["thigh"]}

    result = triage(validate_answers(answers))

    assert result.reasons[0].rule == rule_id
    assert result.level == level


def test_it_does_not_apply_the_scfe_rules_to_a_17_year_old_without_a_limp():
    result = triage({"age": 17, "limping": False, "pain_locations": ["thigh"]})

    assert result.level == ROUTINE


def test_it_never_tells_a_young_child_that_the_growth_plate_can_slip():
    result = triage(validate_answers({"age": 7, "limping": True, "pain_locations": ["knee"]}))

    assert "growth plate" not in " ".join(reason.message for reason in result.reasons)
    assert "Perthes" in result.reasons[0].message


@pytest.mark.parametrize("age", [8, 11, 15])
@pytest.mark.parametrize("location", [["groin"], ["thigh"], ["knee"], ["side"], None])
@pytest.mark.parametrize(
    "sign", ["pain_walking", "pain_standing_on_leg", "reduced_range_of_motion", "limping"]
)
def test_a_scfe_age_child_with_any_hip_sign_anywhere_from_hip_to_knee_is_at_least_urgent(
    age, location, sign
):
    answers = BENIGN | {"age": age, "pain_locations": location, sign: True}

    assert _at_least(triage(validate_answers(answers)).level, URGENT)


@pytest.mark.parametrize("age", [3, 6, 9, 12, 15])
def test_a_childs_limb_pain_with_almost_nothing_answered_is_never_routine(age):
    result = triage(validate_answers({"age": age, "pain_locations": ["knee"]}))

    assert _at_least(result.level, URGENT)


@pytest.mark.parametrize("age", [4, 9, 14])
def test_an_unanswered_limp_never_lowers_a_childs_level_below_a_no(age):
    answered_no = triage(validate_answers({"age": age, "limping": False, "pain_now": 3}))
    unanswered = triage(validate_answers({"age": age, "pain_now": 3}))

    assert _at_least(unanswered.level, answered_no.level)
    assert _at_least(unanswered.level, URGENT)


def test_an_older_runner_who_fell_and_still_walks_with_pain_is_an_emergency():
    answers = BENIGN | {"age": 72, "trauma": True, "can_bear_weight": True, "pain_walking": True}

    result = triage(validate_answers(answers))

    assert result.level == EMERGENCY
    assert result.reasons[0].rule == "older-runner-fall-possible-hip-fracture"
    assert "trauma-onset" not in _fired(result)


def test_a_younger_runner_who_fell_and_still_walks_is_urgent():
    answers = BENIGN | {"age": 40, "trauma": True, "can_bear_weight": True, "pain_walking": True}

    assert triage(validate_answers(answers)).level == URGENT


@pytest.mark.parametrize(
    "severe",
    [
        {"pain_now": 8},
        {"groin_lump_painful_or_stuck": True},
        {"days_since_onset": 1},
        {"blood_in_urine_or_vomiting": True},
    ],
    ids=["severe-pain-now", "hard-or-stuck", "sudden", "vomiting"],
)
def test_a_groin_lump_with_severe_or_sudden_pain_is_an_emergency_led_by_the_hernia(severe):
    answers = BENIGN | {"groin_lump": True, "fever_or_unwell": True} | severe

    result = triage(validate_answers(answers))

    assert result.level == EMERGENCY
    assert result.reasons[0].rule == "possible-strangulated-hernia"
    assert "groin-lump" not in _fired(result)  # its "if it becomes very painful" is not said


def test_a_painless_groin_lump_is_urgent_with_a_safety_net():
    result = triage(validate_answers(BENIGN | {"groin_lump": True, "pain_now": 2}))

    assert result.level == URGENT
    assert "emergency department" in _reason(result, "groin-lump").message


@pytest.mark.parametrize("sign", ["reduced_range_of_motion", "pain_walking"])
def test_fever_with_a_restricted_or_painful_hip_reaches_the_septic_tier_without_a_limp(sign):
    answers = BENIGN | {"fever_or_unwell": True, "limping": False, sign: True}

    result = triage(validate_answers(answers))

    assert result.level == EMERGENCY
    assert result.reasons[0].rule == "possible-septic-arthritis"


@pytest.mark.parametrize("age", [51, 56, 70])
def test_missed_periods_after_the_menopause_do_not_flag_reds(age):
    answers = BENIGN | {"age": age, "missed_periods_12_months": 12, "first_period_after_15": True}

    result = triage(validate_answers(answers))

    assert "bone-health-reds-risk" not in _fired(result)
    assert result.level == ROUTINE


@pytest.mark.parametrize("age", [16, 30, 50])
def test_missed_periods_before_the_menopause_flag_reds(age):
    answers = BENIGN | {"age": age, "missed_periods_12_months": 4}

    assert "bone-health-reds-risk" in _fired(triage(validate_answers(answers)))


def test_reds_signs_a_load_rise_and_exercise_related_groin_pain_are_at_least_urgent():
    answers = BENIGN | {
        "pain_locations": ["groin"],
        "missed_periods_12_months": 6,
        "weekly_miles": 45,
        "weekly_miles_4_weeks_ago": 30,
        "pain_worse_with_more_running": True,
    }

    result = triage(validate_answers(answers))

    assert _at_least(result.level, URGENT)
    assert result.reasons[0].rule == "possible-femoral-neck-stress-fracture"


@pytest.mark.parametrize(
    ("now", "before", "rose"),
    [(30, 22, True), (26, 20, True), (25, 20, False), (10, 0, True), (20, 25, False)],
)
def test_it_reads_a_rise_of_30_percent_or_more_in_weekly_miles_as_a_load_rise(now, before, rose):
    answers = BENIGN | {
        "pain_locations": ["knee"],
        "pain_walking": True,
        "weekly_miles": now,
        "weekly_miles_4_weeks_ago": before,
    }

    fired = _fired(triage(validate_answers(answers)))

    assert ("possible-femoral-stress-fracture-thigh-or-knee" in fired) is rose


@pytest.mark.parametrize(
    "answers",
    [
        {"tingling_below_knee": True, "tingling_both_legs": True, "back_pain": True},
        {"tingling_below_knee": True, "pain_side": "both", "back_pain": True},
    ],
    ids=["both-legs", "pain-both-sides-laterality-not-asked"],
)
def test_tingling_in_both_legs_is_urgent_with_the_cauda_equina_safety_net(answers):
    result = triage(validate_answers(BENIGN | {"tingling_both_legs": None} | answers))

    assert result.level == URGENT
    message = _reason(result, "bilateral-leg-tingling").message
    for sign in ("numbness between your legs", "bladder or bowels", "sexual function", "911"):
        assert sign in message
    assert "referred-lumbar" not in _fired(result)


def test_tingling_in_one_leg_stays_a_physical_therapy_matter():
    answers = BENIGN | {"tingling_below_knee": True, "tingling_both_legs": False}

    assert triage(validate_answers(answers)).level == SOON


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({"night_pain": True}, SOON),
        ({"pain_persists_after_rest": True}, SOON),
        ({"pain_walking": True}, URGENT),
        ({"long_term_steroids": True}, URGENT),
    ],
    ids=["night-pain-alone", "pain-after-rest-alone", "walking-pain", "steroids"],
)
def test_an_unknown_location_gives_the_tier_clinical_md_gives_the_answers_present(answers, level):
    assert triage(validate_answers(answers)).level == level


@pytest.mark.parametrize(
    ("missed", "fires", "level"),
    [
        pytest.param(0, False, ROUTINE, id="0-missed"),
        pytest.param(2, False, ROUTINE, id="2-missed"),
        pytest.param(3, True, SOON, id="3-missed"),
        pytest.param(11, True, SOON, id="11-missed"),
        pytest.param(13, True, SOON, id="13-missed"),
    ],
)
def test_it_flags_bone_health_from_three_missed_periods(missed, fires, level):
    result = triage(validate_answers({"sex": "female", "missed_periods_12_months": missed}))

    assert ("bone-health-reds-risk" in _fired(result)) is fires
    assert result.level == level


@pytest.mark.parametrize("score_key", ["pain_now", "pain_worst"])
@pytest.mark.parametrize(
    ("score", "level", "septic_fires"),
    [
        pytest.param(0, URGENT, False, id="score-0"),
        pytest.param(6, URGENT, False, id="score-6"),
        pytest.param(7, EMERGENCY, True, id="score-7"),
        pytest.param(10, EMERGENCY, True, id="score-10"),
    ],
)
def test_it_takes_fever_with_pain_of_7_or_more_as_possible_septic_arthritis(
    score_key, score, level, septic_fires
):
    result = triage(validate_answers({"fever_or_unwell": True, score_key: score}))

    assert ("possible-septic-arthritis" in _fired(result)) is septic_fires
    assert "fever-or-unwell" in _fired(result)
    assert result.level == level


@pytest.mark.parametrize("score_key", ["pain_now", "pain_worst"])
def test_it_does_not_call_severe_pain_without_fever_an_emergency(score_key):
    result = triage({score_key: 10})

    assert result.level == ROUTINE


@pytest.mark.parametrize(
    ("answers", "level", "fired"),
    [
        pytest.param({}, ROUTINE, [], id="not-reported"),
        pytest.param({"can_bear_weight": True}, ROUTINE, [], id="can-bear-weight"),
        pytest.param(
            {"can_bear_weight": False}, EMERGENCY, ["cannot-bear-weight"], id="cannot-bear-weight"
        ),
        pytest.param(
            {"trauma": True},
            EMERGENCY,
            ["trauma-cannot-bear-weight"],
            id="trauma-weight-bearing-not-reported",
        ),
        pytest.param(
            {"trauma": True, "can_bear_weight": True},
            URGENT,
            ["trauma-onset"],
            id="trauma-can-bear-weight",
        ),
        pytest.param(
            {"trauma": True, "can_bear_weight": False},
            EMERGENCY,
            ["trauma-cannot-bear-weight"],
            id="trauma-cannot-bear-weight",
        ),
        pytest.param(
            {"trauma": False, "can_bear_weight": False},
            EMERGENCY,
            ["cannot-bear-weight"],
            id="no-trauma-cannot-bear-weight",
        ),
    ],
)
def test_it_reads_weight_bearing_as_not_reported_no_or_yes(answers, level, fired):
    result = triage(validate_answers(answers))

    assert result.level == level
    assert _fired(result) == fired


@pytest.mark.parametrize(
    ("answers", "fired"),
    [
        pytest.param({"deformity": True}, ["visible-deformity"], id="deformity-alone"),
        pytest.param(
            {"deformity": True, "trauma": False}, ["visible-deformity"], id="deformity-no-trauma"
        ),
        pytest.param(
            {"deformity": True, "trauma": True},
            ["trauma-cannot-bear-weight", "visible-deformity"],
            id="deformity-with-trauma-weight-bearing-not-reported",
        ),
        pytest.param(
            {"deformity": True, "trauma": True, "can_bear_weight": True},
            ["visible-deformity"],
            id="deformity-with-trauma-bearing-weight",
        ),
        pytest.param(
            {"deformity": True, "trauma": True, "can_bear_weight": False},
            ["trauma-cannot-bear-weight", "visible-deformity"],
            id="deformity-with-trauma-not-bearing-weight",
        ),
    ],
)
def test_it_makes_a_visible_deformity_an_emergency_with_or_without_trauma(answers, fired):
    result = triage(validate_answers(answers))

    assert result.level == EMERGENCY
    assert _fired(result) == fired


def test_it_does_not_repeat_trauma_onset_when_a_deformity_already_makes_it_an_emergency():
    result = triage({"trauma": True, "deformity": True})

    assert "trauma-onset" not in _fired(result)


def test_it_reads_deformity_false_as_no_red_flag():
    assert triage({"deformity": False}).level == ROUTINE


# --- Combinations --------------------------------------------------------------------------
def test_it_gives_groin_pain_when_walking_with_a_past_stress_fracture_both_reasons():
    answers = {
        "pain_locations": ["groin"],
        "pain_walking": True,
        "previous_stress_fracture": True,
    }

    result = triage(validate_answers(answers))

    assert result.level == URGENT
    assert _fired(result) == ["possible-femoral-neck-stress-fracture", "bone-health-reds-risk"]
    assert [reason.level for reason in result.reasons] == [URGENT, SOON]


def test_it_lists_fever_with_severe_pain_as_both_septic_and_fever_reasons():
    result = triage({"fever_or_unwell": True, "pain_now": 8})

    assert result.level == EMERGENCY
    assert _fired(result) == ["possible-septic-arthritis", "fever-or-unwell"]


def test_it_sorts_reasons_most_serious_first_whatever_the_declaration_order():
    answers = {"back_pain": True, "groin_lump": True, "saddle_numbness": True}

    result = triage(answers)

    assert result.level == EMERGENCY
    assert _fired(result) == ["cauda-equina-warning-signs", "groin-lump", "referred-lumbar"]


def test_it_keeps_declaration_order_within_a_level():
    result = triage(
        {"night_pain": True, "limping": False, "back_pain": True, "pain_locations": ["side"]}
    )

    assert _fired(result) == ["referred-lumbar", "night-pain"]


def _merge(first: dict, second: dict) -> dict | None:
    """Both answer sets at once; lists are joined, other conflicting answers give None."""
    merged = dict(first)
    for key, value in second.items():
        if key not in merged or merged[key] == value:
            merged[key] = value
        elif isinstance(value, list) and isinstance(merged[key], list):
            merged[key] = list(dict.fromkeys(merged[key] + value))
        else:
            return None
    return merged


def test_it_never_lowers_the_level_when_two_red_flags_are_combined():
    checked = 0
    for first_id, _, first_level, first in CASES:
        for second_id, _, second_level, second in CASES:
            answers = _merge(first, second)
            if answers is None:
                continue
            result = triage(validate_answers(answers))
            expected = LEVELS[min(RANK[first_level], RANK[second_level])]
            assert _at_least(result.level, expected), (first_id, second_id, result.level)
            checked += 1
    assert checked > len(CASES) ** 2 // 2


def test_it_gives_the_most_serious_level_of_the_fired_rules_and_every_fired_rule_as_a_reason():
    for first_id, _, _, first in CASES:
        for second_id, _, _, second in CASES:
            answers = _merge(first, second)
            if answers is None:
                continue
            result = triage(answers)
            ranks = [RANK[reason.level] for reason in result.reasons]
            assert result.level == LEVELS[min(ranks)], (first_id, second_id)
            assert ranks == sorted(ranks), (first_id, second_id)
            expected = [rule.id for rule in RULES if rule.condition.match(answers) is not None]
            assert sorted(_fired(result)) == sorted(expected), (first_id, second_id)
            assert len(set(_fired(result))) == len(result.reasons)


def test_it_lists_every_fired_rule_in_level_then_declaration_order_when_everything_is_yes():
    answers = {key: True for key, spec in ANSWER_SPECS.items() if spec.kind == "bool"} | {
        "age": 15,
        "pain_locations": list(LOCATIONS),
        "pain_now": 10,
        "pain_worst": 10,
        "missed_periods_12_months": 12,
    }

    result = triage(validate_answers(answers))

    assert result.level == EMERGENCY
    expected = sorted(
        (rule for rule in RULES if rule.condition.match(answers) is not None),
        key=lambda rule: (RANK[rule.level], RULES.index(rule)),
    )
    assert _fired(result) == [rule.id for rule in expected]
    # All but the rules of other age bands and the milder halves of exclusive pairs.
    quiet = {
        "trauma-cannot-bear-weight",  # can bear weight
        "cannot-bear-weight",
        "trauma-onset",  # the deformity rule says it
        "older-runner-fall-possible-hip-fracture",  # 15
        "young-child-hip-signs",
        "late-teen-limp",
        "child-hip-signs-possible-scfe",  # the limp takes the emergency rule
        "child-hip-or-knee-pain",
        "groin-lump",  # the strangulated hernia says it
        "abdominal-or-urinary-signs",
        "referred-lumbar",  # the bilateral rule says it
        "possible-femoral-stress-fracture-thigh-or-knee",  # groin pain: the FNSF rule
    }
    assert set(_fired(result)) == {rule.id for rule in RULES} - quiet


# --- Absent answers ------------------------------------------------------------------------
def test_it_gives_routine_with_no_reasons_when_nothing_was_answered():
    result = triage({})

    assert result.level == ROUTINE
    assert result.reasons == ()
    assert result.public() == {"level": ROUTINE, "ruleset": RULESET_VERSION, "reasons": []}


def test_it_treats_every_null_answer_as_not_reported():
    answers = {key: None for key in ANSWER_SPECS}

    assert validate_answers(answers) == {}
    assert triage(validate_answers(answers)).level == ROUTINE
    # Even unvalidated, a null never makes a rule fire.
    assert triage(answers).level == ROUTINE


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_it_gives_the_same_result_when_the_other_answers_are_null(rule_id, level, answers):
    nulls = {key: None for key in ANSWER_SPECS if key not in answers}

    assert triage(validate_answers(answers | nulls)) == triage(validate_answers(answers))
    assert triage(answers | nulls).level == level


@pytest.mark.parametrize(
    ("locations", "fires"),
    [
        pytest.param(None, True, id="not-reported"),
        pytest.param([], True, id="empty-list"),
        pytest.param(["groin"], True, id="groin"),
        pytest.param(["front"], True, id="front"),
        pytest.param(["side", "groin"], True, id="side-and-groin"),
        pytest.param(["side"], False, id="side"),
        pytest.param(["buttock", "back"], False, id="buttock-and-back"),
        pytest.param(["knee", "thigh"], False, id="knee-and-thigh"),
    ],
)
def test_it_applies_the_stress_fracture_rule_unless_the_pain_is_placed_away_from_the_groin(
    locations, fires
):
    answers = {"pain_walking": True}
    if locations is not None:
        answers["pain_locations"] = locations

    result = triage(validate_answers(answers))

    assert ("possible-femoral-neck-stress-fracture" in _fired(result)) is fires
    assert result.level == (URGENT if fires else ROUTINE)


@pytest.mark.parametrize(
    ("locations", "fires"),
    [
        pytest.param(None, True, id="not-reported"),
        pytest.param(["groin"], True, id="groin"),
        pytest.param(["front"], True, id="front"),
        pytest.param(["side"], False, id="side"),
    ],
)
def test_it_applies_the_avn_rule_unless_the_pain_is_placed_away_from_the_groin(locations, fires):
    answers = {"heavy_alcohol_use": True}
    if locations is not None:
        answers["pain_locations"] = locations

    assert ("avascular-necrosis-risk" in _fired(triage(answers))) is fires


def test_trauma_without_a_weight_bearing_answer_is_an_emergency():
    """Not knowing whether the runner can bear weight must never lower the level."""
    result = triage({"trauma": True})

    assert result.level == EMERGENCY


# --- Under-triage guards -------------------------------------------------------------------
BENIGN_ONLY = pytest.param("none", ROUTINE, {}, id="benign-only")


@pytest.mark.parametrize(("rule_id", "level", "answers"), [BENIGN_ONLY, *RULE_CASES])
def test_saddle_numbness_is_always_an_emergency(rule_id, level, answers):
    result = triage(validate_answers(BENIGN | answers | {"saddle_numbness": True}))

    assert result.level == EMERGENCY
    assert "cauda-equina-warning-signs" in _fired(result)


@pytest.mark.parametrize(("rule_id", "level", "answers"), [BENIGN_ONLY, *RULE_CASES])
def test_a_new_bladder_or_bowel_change_is_always_an_emergency(rule_id, level, answers):
    result = triage(validate_answers(BENIGN | answers | {"bladder_bowel_change": True}))

    assert result.level == EMERGENCY
    assert "cauda-equina-warning-signs" in _fired(result)


@pytest.mark.parametrize(("rule_id", "level", "answers"), EMERGENCY_CASES)
def test_no_emergency_answer_is_ever_routine(rule_id, level, answers):
    result = triage(validate_answers(BENIGN | answers))

    assert result.level == EMERGENCY
    assert rule_id in _fired(result)


@pytest.mark.parametrize("trauma", [True, False, None], ids=["trauma", "no-trauma", "not-reported"])
def test_not_being_able_to_bear_weight_is_always_an_emergency(trauma):
    answers = BENIGN | {"can_bear_weight": False, "trauma": trauma}

    assert triage(validate_answers(answers)).level == EMERGENCY


@pytest.mark.parametrize("locations", [["groin"], ["front"], ["groin", "front"], []])
@pytest.mark.parametrize(
    "sign",
    [
        "pain_walking",
        "limping",
        "pain_standing_on_leg",
        "previous_stress_fracture",
        "pain_worse_with_more_running",
    ],
)
def test_groin_pain_with_a_stress_fracture_sign_is_never_below_urgent(locations, sign):
    answers = BENIGN | {"pain_locations": locations, sign: True}

    result = triage(validate_answers(answers))

    assert _at_least(result.level, URGENT)
    assert "possible-femoral-neck-stress-fracture" in _fired(result)


def _sample_values(key: str) -> list:
    """A handful of valid answers for a key, extremes included."""
    spec = ANSWER_SPECS[key]
    if spec.kind == "bool":
        return [True, False, None]
    if spec.kind == "score":
        return [0, 6, 7, 10, None]
    if spec.kind in {"int", "number"}:
        low, high = int(spec.minimum), int(spec.maximum)
        return sorted({low, 3, 17, 18, high} & set(range(low, high + 1))) + [None]
    if spec.kind == "enum":
        return [*spec.choices, None]
    return [[], *([choice] for choice in spec.choices), list(spec.choices), None]


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_no_single_extra_answer_lowers_the_level_a_red_flag_gives(rule_id, level, answers):
    for key in ANSWER_SPECS:
        if key in answers:
            continue
        for value in _sample_values(key):
            result = triage(validate_answers(answers | {key: value}))
            assert _at_least(result.level, level), (key, value, result.level)


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_an_unanswered_question_never_lowers_the_level(rule_id, level, answers):
    full = BENIGN | answers
    for key in full:
        if key in answers:
            continue
        fewer = {k: v for k, v in full.items() if k != key}
        result = triage(validate_answers(fewer))
        assert _at_least(result.level, level), (key, result.level)


# --- Evidence ------------------------------------------------------------------------------
def test_it_explains_trauma_without_weight_bearing_by_both_answers():
    result = triage({"trauma": True, "can_bear_weight": False})

    assert _reason(result, "trauma-cannot-bear-weight").evidence == (
        "The pain started with a fall, collision or accident",
        "You cannot take full weight on the leg and walk",
    )


def test_it_explains_the_stress_fracture_rule_by_location_and_sign():
    result = triage({"pain_locations": ["groin", "front"], "pain_walking": True, "limping": True})

    assert _reason(result, "possible-femoral-neck-stress-fracture").evidence == (
        "Your pain is in the groin, front of the hip",
        "Walking hurts",
        "The pain makes you limp or shift weight off the leg",
    )


def test_it_does_not_claim_a_location_the_runner_did_not_report():
    result = triage({"pain_walking": True})

    assert _reason(result, "possible-femoral-neck-stress-fracture").evidence == ("Walking hurts",)


def test_it_explains_possible_septic_arthritis_by_every_answer_that_made_it_fire():
    result = triage({"fever_or_unwell": True, "pain_now": 8, "pain_worst": 6, "limping": True})

    evidence = _reason(result, "possible-septic-arthritis").evidence
    assert evidence == (
        "You have a fever, chills or feel generally unwell",
        "Your pain now is 8 out of 10",
        "The pain makes you limp or shift weight off the leg",
    )
    assert not any("6 out of 10" in phrase for phrase in evidence)


@pytest.mark.parametrize(
    ("answers", "rule_id", "phrase"),
    [
        pytest.param(
            {"age": 15, "limping": True},
            "child-limp-possible-scfe",
            "You are 15 years old",
            id="age",
        ),
        pytest.param(
            {"missed_periods_12_months": 4},
            "bone-health-reds-risk",
            "You missed 4 periods in the last 12 months",
            id="missed-periods",
        ),
        pytest.param(
            {"fever_or_unwell": True, "pain_worst": 9},
            "possible-septic-arthritis",
            "Your pain at its worst this week is 9 out of 10",
            id="worst-pain",
        ),
        pytest.param(
            {"can_bear_weight": False},
            "cannot-bear-weight",
            "You cannot take full weight on the leg and walk",
            id="cannot-bear-weight",
        ),
    ],
)
def test_it_words_numbers_and_answers_as_plain_phrases(answers, rule_id, phrase):
    assert phrase in _reason(triage(answers), rule_id).evidence


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_it_gives_every_fired_rule_plain_language_evidence(rule_id, level, answers):
    evidence = _reason(triage(validate_answers(answers)), rule_id).evidence

    assert evidence
    for phrase in evidence:
        assert phrase.strip()
        assert "_" not in phrase, f"raw key in evidence: {phrase!r}"
        assert not re.search(r"\b(True|False|None)\b", phrase), phrase


# --- Result shapes -------------------------------------------------------------------------
@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_it_gives_the_public_json_shape_of_the_contract(rule_id, level, answers):
    public = triage(validate_answers(answers)).public()

    assert set(public) == {"level", "ruleset", "reasons"}
    assert public["level"] == level
    assert public["ruleset"] == RULESET_VERSION
    assert isinstance(public["reasons"], list)
    for reason in public["reasons"]:
        assert set(reason) == {"rule", "level", "message"}
        assert reason["level"] in LEVELS
        rule = RULES_BY_ID[reason["rule"]]
        assert reason["message"] in (rule.message, f"Also noted: {rule.noted}")
    assert json.loads(json.dumps(public)) == public


def test_it_names_the_ruleset_version():
    assert isinstance(RULESET_VERSION, str)
    assert RULESET_VERSION
    assert triage({}).ruleset == RULESET_VERSION


def test_it_stores_a_full_snapshot_of_each_reason():
    result = triage({"trauma": True, "can_bear_weight": False, "back_pain": True})

    stored = result.stored_reasons()

    assert [entry["rule"] for entry in stored] == ["trauma-cannot-bear-weight", "referred-lumbar"]
    first = stored[0]
    rule = RULES_BY_ID["trauma-cannot-bear-weight"]
    assert set(first) == {
        "rule",
        "level",
        "message",
        "rationale",
        "sources",
        "needs_review",
        "evidence",
        "also_noted",
    }
    assert first["level"] == EMERGENCY
    assert first["message"] == rule.message
    assert first["rationale"] == rule.rationale
    assert tuple(first["sources"]) == rule.sources
    assert first["needs_review"] is rule.needs_review
    assert tuple(first["evidence"]) == (
        "The pain started with a fall, collision or accident",
        "You cannot take full weight on the leg and walk",
    )
    assert json.loads(json.dumps(stored))[0]["rule"] == "trauma-cannot-bear-weight"
    assert stored[1]["also_noted"] is True
    assert stored[1]["message"] == RULES_BY_ID["referred-lumbar"].noted


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_it_stores_each_rules_rationale_sources_and_review_flag(rule_id, level, answers):
    rule = RULES_BY_ID[rule_id]
    stored = {entry["rule"]: entry for entry in triage(answers).stored_reasons()}[rule_id]

    assert stored["rationale"] == rule.rationale
    assert tuple(stored["sources"]) == rule.sources
    assert stored["needs_review"] is rule.needs_review
    assert stored["evidence"]


def test_it_stores_nothing_for_a_routine_result():
    assert triage({}).stored_reasons() == []


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_it_gives_every_rule_texts_a_clinician_can_review(rule):
    assert rule.level in LEVELS and rule.level != ROUTINE
    assert rule.message.strip() and rule.rationale.strip() and rule.noted.strip()
    assert all(re.fullmatch(r"R\d+b?", source) or source in REFERENCES for source in rule.sources)
    if "[U]" in rule.rationale:
        assert rule.needs_review, "an unverified tier must be marked for clinician review"


# --- validate_answers ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "value"),
    [
        pytest.param("trauma", "yes", id="string-for-bool"),
        pytest.param("can_bear_weight", "false", id="string-false-for-bool"),
        pytest.param("saddle_numbness", 1, id="int-for-bool"),
        pytest.param("night_pain", 0, id="zero-for-bool"),
        pytest.param("age", True, id="bool-for-int"),
        pytest.param("missed_periods_12_months", False, id="false-for-int"),
        pytest.param("age", "15", id="string-for-int"),
        pytest.param("age", 15.5, id="fraction-for-int"),
        pytest.param("age", 0, id="age-0"),
        pytest.param("age", 121, id="age-121"),
        pytest.param("pain_now", 11, id="score-11"),
        pytest.param("pain_now", -1, id="score-minus-1"),
        pytest.param("pain_worst", 10.5, id="score-fraction"),
        pytest.param("pain_running", True, id="bool-for-score"),
        pytest.param("pain_worst", "7", id="string-for-score"),
        pytest.param("missed_periods_12_months", 14, id="missed-periods-14"),
        pytest.param("weekly_miles", "20", id="string-for-number"),
        pytest.param("weekly_miles", True, id="bool-for-number"),
        pytest.param("weekly_miles", -1, id="negative-miles"),
        pytest.param("weekly_miles", math.nan, id="nan-miles"),
        pytest.param("sex", "unknown", id="unknown-sex"),
        pytest.param("sex", "Female", id="enum-is-case-sensitive"),
        pytest.param("pain_side", "middle", id="unknown-side"),
        pytest.param("pain_locations", ["groin", "elbow"], id="unknown-location"),
        pytest.param("pain_locations", "groin", id="string-for-list"),
        pytest.param("pain_locations", {"groin": True}, id="object-for-list"),
    ],
)
def test_it_rejects_a_wrong_answer_naming_the_key(key, value):
    answers = {"pain_walking": True, key: value}

    with pytest.raises(AnswerError) as raised:
        validate_answers(answers)

    message = str(raised.value)
    assert message.startswith(f"{key}: ")
    assert len(message) > len(key) + 2


def test_it_says_what_is_wrong_with_a_score():
    with pytest.raises(AnswerError, match=r"^pain_now: must be between 0 and 10, not 11$"):
        validate_answers({"pain_now": 11})


def test_it_names_the_unknown_list_item():
    with pytest.raises(AnswerError, match="elbow"):
        validate_answers({"pain_locations": ["groin", "elbow"]})


@pytest.mark.parametrize(
    "answers",
    [[], "trauma", 7, True, [{"trauma": True}]],
    ids=["list", "string", "number", "bool", "list-of-objects"],
)
def test_it_rejects_answers_that_are_not_an_object(answers):
    with pytest.raises(AnswerError, match=r"^answers: must be a JSON object$"):
        validate_answers(answers)


def test_it_rejects_none_as_the_whole_answer_set():
    with pytest.raises(AnswerError, match="answers"):
        validate_answers(None)


def test_it_raises_an_error_that_is_a_value_error():
    assert issubclass(AnswerError, ValueError)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        pytest.param("pain_now", 7.0, 7, id="score-7.0"),
        pytest.param("pain_worst", 0.0, 0, id="score-0.0"),
        pytest.param("age", 15.0, 15, id="age-15.0"),
        pytest.param("missed_periods_12_months", 3.0, 3, id="missed-3.0"),
        pytest.param("days_since_onset", 21.0, 21, id="days-21.0"),
    ],
)
def test_it_accepts_whole_floats_for_whole_numbers_as_ints(key, value, expected):
    clean = validate_answers({key: value})

    assert clean[key] == expected
    assert type(clean[key]) is int


def test_it_accepts_fractional_miles():
    assert validate_answers({"weekly_miles": 22.5}) == {"weekly_miles": 22.5}


def test_it_triages_a_whole_float_score_like_the_int():
    answers = validate_answers({"fever_or_unwell": True, "pain_now": 7.0})

    assert triage(answers).level == EMERGENCY


@pytest.mark.parametrize(
    ("key", "value"),
    [
        pytest.param("age", 1, id="age-1"),
        pytest.param("age", 120, id="age-120"),
        pytest.param("pain_now", 0, id="score-0"),
        pytest.param("pain_now", 10, id="score-10"),
        pytest.param("missed_periods_12_months", 13, id="missed-13"),
        pytest.param("weekly_miles", 0, id="miles-0"),
        pytest.param("sex", "undisclosed", id="sex-undisclosed"),
        pytest.param("pain_side", "both", id="side-both"),
        pytest.param("pain_locations", [], id="no-locations"),
        pytest.param("pain_locations", list(LOCATIONS), id="every-location"),
        pytest.param("can_bear_weight", False, id="bool-false"),
    ],
)
def test_it_accepts_valid_edge_answers_unchanged(key, value):
    assert validate_answers({key: value}) == {key: value}


def test_it_passes_unknown_extra_keys_through_untouched():
    extra = {"favourite_race": "Boston", "goal": {"distance": "marathon"}, "notes": [1, "x"]}

    assert validate_answers({"trauma": False} | extra) == {"trauma": False} | extra


def test_it_drops_null_answers_including_unknown_keys():
    clean = validate_answers({"trauma": None, "pain_now": None, "extra_field": None, "age": 30})

    assert clean == {"age": 30}


def test_it_removes_repeated_locations_keeping_their_order():
    clean = validate_answers({"pain_locations": ["side", "groin", "side"]})

    assert clean == {"pain_locations": ["side", "groin"]}


def test_it_does_not_change_the_answers_it_was_given():
    answers = {"pain_now": 7.0, "trauma": None, "pain_locations": ["groin", "groin"]}
    before = json.loads(json.dumps(answers))

    validate_answers(answers)

    assert answers == before


def test_it_accepts_every_answer_of_the_benign_baseline_and_every_rule_row():
    assert validate_answers(BENIGN) == BENIGN
    for case_id, _, _, answers in CASES:
        given = {key: value for key, value in answers.items() if value is not None}
        assert validate_answers(answers) == given, case_id


# --- One voice per result --------------------------------------------------------------------
TIME_FRAMES = re.compile(r"within|today|tomorrow|days|hours|911|emergency|stop|see a", re.I)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rules_also_noted_text_carries_no_instruction_or_time_frame(rule):
    assert not TIME_FRAMES.search(rule.noted), rule.noted


@pytest.mark.parametrize("rule", [r for r in RULES if r.level == EMERGENCY], ids=lambda r: r.id)
def test_every_emergency_rule_says_what_to_do_on_its_own(rule):
    assert rule.message.endswith("Go to an emergency department now or call 911.")


@pytest.mark.parametrize(("rule_id", "level", "answers"), RULE_CASES)
def test_milder_reasons_of_an_emergency_or_urgent_result_are_only_also_noted(
    rule_id, level, answers
):
    result = triage(validate_answers(BENIGN | answers | {"back_pain": True}))

    for reason in result.reasons:
        milder = RANK[reason.level] > RANK[result.level]
        if result.level in (EMERGENCY, URGENT) and milder:
            assert reason.also_noted
            assert reason.message == RULES_BY_ID[reason.rule].noted
            assert reason.public()["message"].startswith("Also noted: ")
        else:
            assert not reason.also_noted
            assert reason.message == RULES_BY_ID[reason.rule].message


def test_a_soon_result_keeps_every_reason_in_full():
    result = triage(validate_answers(BENIGN | {"night_pain": True, "back_pain": True}))

    assert result.level == SOON
    assert not any(reason.also_noted for reason in result.reasons)


# --- Routine presentations stay routine (no new over-triage) ------------------------------------
COMMON_PRESENTATIONS = [
    pytest.param(
        {
            "pain_locations": ["side"],
            "pain_standing_on_leg": True,
            "pain_walking": True,
            "night_pain": False,
            "weekly_miles": 30,
            "weekly_miles_4_weeks_ago": 28,
            "age": 48,
        },
        ROUTINE,
        id="gluteal-tendinopathy-lateral-hip",
    ),
    pytest.param(
        {
            "pain_locations": ["side", "thigh"],
            "pain_standing_on_leg": True,
            "pain_worse_with_more_running": True,
            "age": 52,
        },
        ROUTINE,
        id="gluteal-tendinopathy-down-the-thigh-after-more-running",
    ),
    pytest.param(
        {
            "pain_locations": ["side", "knee"],
            "pain_running": 6,
            "pain_worse_with_more_running": True,
            "snapping_or_clicking": True,
            "age": 29,
        },
        ROUTINE,
        id="itb-related-pain",
    ),
    pytest.param(
        {"pain_locations": ["front"], "pain_running": 4, "age": 26},
        ROUTINE,
        id="hip-flexor-tendinopathy",
    ),
    pytest.param(
        {"pain_locations": ["buttock", "back"], "pain_running": 5, "pain_now": 2, "age": 38},
        ROUTINE,
        id="proximal-hamstring-tendinopathy",
    ),
    pytest.param(
        {
            "pain_locations": ["groin"],
            "pain_running": 4,
            "age": 31,
            "sex": "male",
            "weekly_miles": 25,
            "weekly_miles_4_weeks_ago": 24,
        },
        ROUTINE,
        id="adductor-related-groin-pain-without-flags",
    ),
    pytest.param(
        {
            "pain_locations": ["thigh", "buttock"],
            "pain_now": 3,
            "days_since_onset": 2,
            "age": 41,
            "weekly_miles": 35,
            "weekly_miles_4_weeks_ago": 33,
        },
        ROUTINE,
        id="soreness-after-a-long-run",
    ),
    pytest.param(
        {
            "pain_locations": ["side"],
            "night_pain": True,
            "age": 55,
            "sex": "female",
            "missed_periods_12_months": 12,
        },
        SOON,
        id="gluteal-tendinopathy-lying-on-it-after-menopause",
    ),
]


@pytest.mark.parametrize(("answers", "level"), COMMON_PRESENTATIONS)
def test_the_presentations_runners_bring_most_stay_routine_or_soon(answers, level):
    answers = BENIGN | {"missed_periods_12_months": 0} | answers

    assert triage(validate_answers(answers)).level == level
