"""Named building blocks of the rules: age bands, thresholds and groups of answers that
several rules share, each with the reason for its edges. The rules themselves are in
rules.py; the sources (R-numbers in CLINICAL.md, N-numbers in references.py) are cited here
where a threshold comes from them.
"""

from intake.triage.conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    Between,
    Includes,
    Is,
    Not,
    NotReported,
    RoseBy,
    Yes,
)

# NPRS 7-10 is the conventional "severe" band. CLINICAL.md says "severe pain" for septic
# arthritis without a number, so every rule using this needs clinician review.
SEVERE_PAIN = 7
# CLINICAL.md R10: 3-11 consecutive missed cycles is a primary REDs indicator.
MISSED_PERIODS_FLAG = 3

# --- Ages ------------------------------------------------------------------------------------
# Childhood hip disorders by age (R15, N4): Perthes disease and the irritable hip at about
# 4-10, SCFE at about 8-15 (mean 13.5 in boys, 12.0 in girls). The bands overlap on purpose:
# an 8-10-year-old gets the more serious SCFE rule. Below 4, septic arthritis and fractures
# lead (N4), so the youngest band starts at 1 and takes the Perthes-age rule's tier.
YOUNG_CHILD = Between("age", 1, 7)
SCFE_AGE = Between("age", 8, 15)
CHILD = Between("age", 1, 15)
# Past 15 most growth plates are closing, girls' first (R15: girls present younger); the
# portal keeps a physician review for a limp at 16-17 unless the runner is female.
LATE_TEEN = Between("age", 16, 17)
# The intake's adolescent questions (growth spurt) go to every runner under 18.
ADOLESCENT_MAX_AGE = 17
# ACR (N2) groups "middle-aged and elderly" patients after a fall; the and the
# portal's edge for "older" is 65, where impacted femoral neck fractures that still bear weight
# become common. Not knowing the age must not lower the level, so unknown counts as older.
OLDER_ADULT_AGE = 65
OLDER_OR_AGE_UNKNOWN = AnyOf(AtLeast("age", OLDER_ADULT_AGE), NotReported("age"))
# Amenorrhoea as a REDs indicator is defined for premenopausal athletes (R10); the menopausal
# transition starts in the mid-40s and the median age of menopause is about 51 (N5). Up to 50
# the question is asked and counts (the conservative edge: some perimenopausal women are
# flagged); over 50 it is neither asked nor counted. An unknown age counts as premenopausal.
MENSTRUAL_MAX_AGE = 50
PREMENOPAUSAL_OR_UNKNOWN = AnyOf(Between("age", 1, MENSTRUAL_MAX_AGE), NotReported("age"))

NOT_FEMALE = Not(Is("sex", "female"))

# --- Where it hurts ----------------------------------------------------------------------------
GROIN_OR_FRONT = Includes("pain_locations", ("groin", "front"))
LOCATION_UNKNOWN = NotReported("pain_locations")
# Where the runner did not say where it hurts, a groin-pain rule about a serious diagnosis
# still applies: not knowing must never lower the level.
GROIN_FRONT_OR_UNKNOWN = AnyOf(GROIN_OR_FRONT, LOCATION_UNKNOWN)
# A femoral stress fracture can refer pain to the thigh or knee, as SCFE can (R8, R15b).
THIGH_OR_KNEE = Includes("pain_locations", ("thigh", "knee"))

# --- Signs that the hip joint itself is involved -------------------------------------------------
WEIGHT_BEARING_PAIN = AnyOf(Yes("pain_walking"), Yes("pain_standing_on_leg"))
HIP_SIGN = AnyOf(Yes("limping"), WEIGHT_BEARING_PAIN, Yes("reduced_range_of_motion"))
# A limp that was not reported must never count as "no limp" where a limp decides the tier.
LIMP_NOT_REPORTED = NotReported("limping")

# --- Bone stress --------------------------------------------------------------------------------
# R46: a >30% rise in weekly distance over 2 weeks was a caution flag (HR 1.59 for distance
# injuries, not significant). The intake asks about 4 weeks ago; taking the same 30% over the
# longer window flags more runners, the conservative reading. A caution flag, never a rule of
# its own: it only adds to bone-stress signs.
LOAD_RISE_FRACTION = 0.30
LOAD_INCREASE = RoseBy("weekly_miles", "weekly_miles_4_weeks_ago", LOAD_RISE_FRACTION)
# IOC REDs primary and severe indicators the intake asks (R10, R11); menstrual ones only
# before the menopause (N5).
REDS_SIGN = AnyOf(
    AllOf(AtLeast("missed_periods_12_months", MISSED_PERIODS_FLAG), PREMENOPAUSAL_OR_UNKNOWN),
    AllOf(Yes("first_period_after_15"), PREMENOPAUSAL_OR_UNKNOWN),
    Yes("low_bone_density_or_eating_disorder"),
    Yes("previous_stress_fracture"),
)
