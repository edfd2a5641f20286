"""Plain words for the answers that led to a triage result, in the active language (the
Spanish is in locale/es; English is the msgid)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intake.triage.schema import LOCATIONS

LOCATION_WORDS = dict(
    zip(
        LOCATIONS,
        (
            gettext_lazy("groin"),
            gettext_lazy("front of the hip"),
            gettext_lazy("side of the hip"),
            gettext_lazy("back of the hip"),
            gettext_lazy("buttock"),
            gettext_lazy("thigh"),
            gettext_lazy("knee"),
        ),
        strict=True,
    )
)

# key -> (said when yes, said when no)
YES_NO = {
    "pain_persists_after_rest": (gettext_lazy("Your pain lasts for days after rest"), ""),
    "night_pain": (gettext_lazy("Pain at night or lying down disturbs your sleep"), ""),
    "night_pain_constant": (
        gettext_lazy("The night pain is constant and does not ease with position"),
        "",
    ),
    "snapping_or_clicking": (gettext_lazy("Your hip snaps or clicks"), ""),
    "reduced_range_of_motion": (gettext_lazy("Your hip feels stuck or blocked"), ""),
    "limping": (gettext_lazy("The pain makes you limp or shift weight off the leg"), ""),
    "pain_walking": (gettext_lazy("Walking hurts"), ""),
    "pain_standing_on_leg": (gettext_lazy("Standing on the painful leg alone hurts"), ""),
    "can_bear_weight": (
        gettext_lazy("You can take full weight on the leg"),
        gettext_lazy("You cannot take full weight on the leg and walk"),
    ),
    "trauma": (gettext_lazy("The pain started with a fall, collision or accident"), ""),
    "deformity": (gettext_lazy("You can see a change in the shape of your hip or leg"), ""),
    "fever_or_unwell": (gettext_lazy("You have a fever, chills or feel generally unwell"), ""),
    "recent_injection_or_surgery": (
        gettext_lazy("You had a hip injection or surgery in the last 3 months"),
        "",
    ),
    "saddle_numbness": (
        gettext_lazy("You have numbness between your legs, genitals or back passage"),
        "",
    ),
    "bladder_bowel_change": (
        gettext_lazy("You have a new change in bladder or bowel control or feeling"),
        "",
    ),
    "leg_weakness_worsening": (gettext_lazy("Your leg weakness is getting worse"), ""),
    "tingling_below_knee": (
        gettext_lazy("You have pins and needles or numbness below the knee"),
        "",
    ),
    "back_pain": (gettext_lazy("You have back pain"), ""),
    "cancer_history": (gettext_lazy("You have had cancer"), ""),
    "unexplained_weight_loss": (gettext_lazy("You have lost weight without explanation"), ""),
    "night_sweats": (gettext_lazy("You have night sweats"), ""),
    "previous_stress_fracture": (gettext_lazy("You have had a stress fracture before"), ""),
    "low_bone_density_or_eating_disorder": (
        gettext_lazy("You have been diagnosed with low bone density or an eating disorder"),
        "",
    ),
    "long_term_steroids": (
        gettext_lazy("You take or took steroid tablets or repeated injections"),
        "",
    ),
    "heavy_alcohol_use": (gettext_lazy("You drink heavily"), ""),
    "groin_lump": (gettext_lazy("You have a lump or bulge in the groin"), ""),
    "testicular_pain": (gettext_lazy("You have testicular pain or swelling"), ""),
    "calf_swelling": (gettext_lazy("Your calf or thigh is swollen, red or warm"), ""),
    "pain_worse_with_more_running": (
        gettext_lazy("The pain began or got worse as you ran more"),
        "",
    ),
    "sexual_dysfunction_new": (gettext_lazy("You have a new problem with sexual function"), ""),
    "infection_risk_factor": (
        gettext_lazy("You have diabetes, a weakened immune system, or inject drugs"),
        "",
    ),
    "avn_medical_risk": (
        gettext_lazy(
            "You have sickle cell disease, lupus, had chemotherapy or radiation, or a transplant"
        ),
        "",
    ),
    "first_period_after_15": (gettext_lazy("Your first period came after age 15"), ""),
    "blood_in_urine_or_vomiting": (
        gettext_lazy("You have blood in your urine or have been vomiting"),
        "",
    ),
    "groin_lump_painful_or_stuck": (
        gettext_lazy("The groin lump is painful and hard, or will not go back in"),
        "",
    ),
    "tingling_both_legs": (gettext_lazy("The pins and needles or numbness are in both legs"), ""),
}


SIDES = {
    "left": gettext_lazy("The pain is on the left"),
    "right": gettext_lazy("The pain is on the right"),
}


def describe(key: str, value) -> str:
    if key in YES_NO:
        said_yes, said_no = YES_NO[key]
        return str(said_yes if value else said_no or f"{key}: no")
    if key == "pain_locations":
        places = ", ".join(str(LOCATION_WORDS[item]) for item in value)
        return _("Your pain is in the %(places)s") % {"places": places}
    if key == "age":
        return _("You are %(age)s years old") % {"age": value}
    if key == "missed_periods_12_months":
        return _("You missed %(count)s periods in the last 12 months") % {"count": value}
    if key == "weekly_miles":
        return _("You run about %(miles)s miles a week now") % {"miles": f"{value:g}"}
    if key == "weekly_miles_4_weeks_ago":
        return _("You ran about %(miles)s miles a week four weeks ago") % {"miles": f"{value:g}"}
    if key == "days_since_onset":
        if value in (0, 1):
            return _("The pain started today") if value == 0 else _("The pain started yesterday")
        return _("The pain started %(days)s days ago") % {"days": value}
    if key == "pain_side":
        if value == "both":
            return _("The pain is on both sides")
        return str(SIDES[value]) if value in SIDES else f"{key}: {value}"
    if key == "pain_now":
        return _("Your pain now is %(score)s out of 10") % {"score": value}
    if key == "pain_worst":
        return _("Your pain at its worst this week is %(score)s out of 10") % {"score": value}
    return f"{key}: {value}"
