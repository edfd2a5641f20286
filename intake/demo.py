"""Demo cases across the four triage levels, opened through the real triage path."""

BENIGN = {
    "age": 34,
    "sex": "female",
    "weekly_miles": 25,
    "weekly_miles_4_weeks_ago": 20,
    "shoe_miles": 350,
    "pain_locations": ["side"],
    "pain_side": "right",
    "days_since_onset": 21,
    "pain_now": 2,
    "pain_worst": 5,
    "pain_running": 4,
    "missed_periods_12_months": 0,
    **{
        key: False
        for key in (
            "pain_persists_after_rest night_pain snapping_or_clicking reduced_range_of_motion "
            "limping pain_walking pain_standing_on_leg trauma deformity fever_or_unwell "
            "recent_injection_or_surgery saddle_numbness bladder_bowel_change "
            "leg_weakness_worsening tingling_below_knee back_pain cancer_history "
            "unexplained_weight_loss night_sweats previous_stress_fracture "
            "low_bone_density_or_eating_disorder long_term_steroids heavy_alcohol_use "
            "groin_lump calf_swelling pain_worse_with_more_running sexual_dysfunction_new "
            "infection_risk_factor avn_medical_risk first_period_after_15 "
            "blood_in_urine_or_vomiting"
        ).split()
    },
    "can_bear_weight": True,
    **{f"lefs_{item}": 3 for item in range(1, 21)},
}

DEMO_CASES = [
    ("Maya", "Lopez", {}),
    ("Sam", "Okafor", {"sex": "male", "testicular_pain": False, "snapping_or_clicking": True}),
    ("Priya", "Shah", {"night_pain": True, "night_pain_constant": False}),
    ("Jordan", "Reed", {"back_pain": True, "tingling_below_knee": True}),
    (
        "Ellie",
        "Nguyen",
        {
            "pain_locations": ["groin"],
            "pain_walking": True,
            "pain_standing_on_leg": True,
            "weekly_miles": 45,
            "weekly_miles_4_weeks_ago": 28,
        },
    ),
    ("Chris", "Miller", {"fever_or_unwell": True}),
    ("Dana", "Brooks", {"saddle_numbness": True, "bladder_bowel_change": True}),
]


def demo_answers(overrides: dict) -> dict:
    return {**BENIGN, **overrides}
