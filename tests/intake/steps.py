"""Form data a runner would post on each step: benign answers, override per test."""

from datetime import UTC, datetime

# Monday 1 June 2026, 08:00 in New York (EDT, UTC-4): the booking tests' "now".
BOOKING_NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

WARNING_SIGNS = (
    "trauma deformity fever_or_unwell recent_injection_or_surgery saddle_numbness "
    "bladder_bowel_change leg_weakness_worsening tingling_below_knee back_pain calf_swelling "
    "groin_lump cancer_history unexplained_weight_loss night_sweats previous_stress_fracture "
    "low_bone_density_or_eating_disorder long_term_steroids heavy_alcohol_use "
    "sexual_dysfunction_new infection_risk_factor avn_medical_risk blood_in_urine_or_vomiting "
    "first_period_after_15"
).split()

STEPS = {
    1: {
        "first_name": "Maya",
        "last_name": "Lopez",
        "email": "maya@example.com",
        "phone": "919 555 0101",
        "age": "34",
        "sex": "female",
        "consent": "on",
    },
    2: {
        "weekly_miles": "25",
        "weekly_miles_4_weeks_ago": "20",
        "shoe_miles": "350",
        "surfaces": ["road", "trail"],
        "goal_race": "City Half",
    },
    3: {
        "pain_locations": ["side"],
        "pain_side": "right",
        "days_since_onset": "21",
        "pain_now": "2",
        "pain_worst": "5",
        "pain_running": "4",
        "pain_walking": "no",
        "pain_standing_on_leg": "no",
        "can_bear_weight": "yes",
        "pain_worse_with_more_running": "no",
        "limping": "no",
        "pain_persists_after_rest": "no",
        "night_pain": "no",
        "snapping_or_clicking": "no",
        "reduced_range_of_motion": "no",
    },
    4: {**{key: "no" for key in WARNING_SIGNS}, "missed_periods_12_months": "0"},
    5: {f"lefs_{item}": "3" for item in range(1, 21)},
}


def complete_intake(client, overrides=None):
    """Post every step like a runner; returns the response of the final submit."""
    overrides = overrides or {}
    for number, data in STEPS.items():
        response = client.post(f"/intake/step/{number}/", {**data, **overrides.get(number, {})})
        assert response.status_code == 302, (number, response.context["form"].errors)
    return client.post("/intake/review/")
