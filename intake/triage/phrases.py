"""Plain words for the answers that led to a triage result."""

from intake.triage.schema import LOCATIONS

LOCATION_WORDS = dict(
    zip(
        LOCATIONS,
        (
            "groin",
            "front of the hip",
            "side of the hip",
            "back of the hip",
            "buttock",
            "thigh",
            "knee",
        ),
        strict=True,
    )
)

# key -> (said when yes, said when no)
YES_NO = {
    "pain_persists_after_rest": ("Your pain lasts for days after rest", ""),
    "night_pain": ("Pain at night or lying down disturbs your sleep", ""),
    "night_pain_constant": ("The night pain is constant and does not ease with position", ""),
    "snapping_or_clicking": ("Your hip snaps or clicks", ""),
    "reduced_range_of_motion": ("Your hip feels stuck or blocked", ""),
    "limping": ("The pain makes you limp or shift weight off the leg", ""),
    "pain_walking": ("Walking hurts", ""),
    "pain_standing_on_leg": ("Standing on the painful leg alone hurts", ""),
    "can_bear_weight": (
        "You can take full weight on the leg",
        "You cannot take full weight on the leg and walk",
    ),
    "trauma": ("The pain started with a fall, collision or accident", ""),
    "deformity": ("You can see a change in the shape of your hip or leg", ""),
    "fever_or_unwell": ("You have a fever, chills or feel generally unwell", ""),
    "recent_injection_or_surgery": ("You had a hip injection or surgery in the last 3 months", ""),
    "saddle_numbness": ("You have numbness between your legs, genitals or back passage", ""),
    "bladder_bowel_change": ("You have a new change in bladder or bowel control or feeling", ""),
    "leg_weakness_worsening": ("Your leg weakness is getting worse", ""),
    "tingling_below_knee": ("You have pins and needles or numbness below the knee", ""),
    "back_pain": ("You have back pain", ""),
    "cancer_history": ("You have had cancer", ""),
    "unexplained_weight_loss": ("You have lost weight without explanation", ""),
    "night_sweats": ("You have night sweats", ""),
    "previous_stress_fracture": ("You have had a stress fracture before", ""),
    "low_bone_density_or_eating_disorder": (
        "You have been diagnosed with low bone density or an eating disorder",
        "",
    ),
    "long_term_steroids": ("You take or took steroid tablets or repeated injections", ""),
    "heavy_alcohol_use": ("You drink heavily", ""),
    "groin_lump": ("You have a lump or bulge in the groin", ""),
    "testicular_pain": ("You have testicular pain or swelling", ""),
    "calf_swelling": ("Your calf or thigh is swollen, red or warm", ""),
    "pain_worse_with_more_running": ("The pain began or got worse as you ran more", ""),
    "sexual_dysfunction_new": ("You have a new problem with sexual function", ""),
    "infection_risk_factor": ("You have diabetes, a weakened immune system, or inject drugs", ""),
    "avn_medical_risk": (
        "You have sickle cell disease, lupus, had chemotherapy or radiation, or a transplant",
        "",
    ),
    "first_period_after_15": ("Your first period came after age 15", ""),
    "blood_in_urine_or_vomiting": ("You have blood in your urine or have been vomiting", ""),
    "groin_lump_painful_or_stuck": (
        "The groin lump is painful and hard, or will not go back in",
        "",
    ),
    "tingling_both_legs": ("The pins and needles or numbness are in both legs", ""),
}


def describe(key: str, value) -> str:
    if key in YES_NO:
        said_yes, said_no = YES_NO[key]
        return said_yes if value else said_no or f"{key}: no"
    if key == "pain_locations":
        return "Your pain is in the " + ", ".join(LOCATION_WORDS[item] for item in value)
    if key == "age":
        return f"You are {value} years old"
    if key == "missed_periods_12_months":
        return f"You missed {value} periods in the last 12 months"
    if key == "weekly_miles":
        return f"You run about {value:g} miles a week now"
    if key == "weekly_miles_4_weeks_ago":
        return f"You ran about {value:g} miles a week four weeks ago"
    if key == "days_since_onset":
        return {0: "The pain started today", 1: "The pain started yesterday"}.get(
            value, f"The pain started {value} days ago"
        )
    if key == "pain_side":
        return "The pain is on both sides" if value == "both" else f"The pain is on the {value}"
    if key in {"pain_now", "pain_worst"}:
        when = "now" if key == "pain_now" else "at its worst this week"
        return f"Your pain {when} is {value} out of 10"
    return f"{key}: {value}"
