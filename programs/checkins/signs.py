"""What a check-in asks about new warning signs."""

# The new-onset warning signs that change what the clinic does (CLINICAL.md s1), in plain
# words. Lifetime history (cancer, steroids, an earlier stress fracture) was asked at the
# intake and cannot be new. Each box stands for the intake answers it means, so a new sign
# runs through the same triage rules as the intake (programs.checkins).
NEW_SIGNS: dict[str, tuple[str, dict]] = {
    "fever_or_unwell": ("A fever, chills or feeling generally unwell", {"fever_or_unwell": True}),
    "trauma": ("A fall, collision or accident that hurt the hip or leg", {"trauma": True}),
    "cannot_bear_weight": (
        "You cannot take your full weight on the leg",
        {"can_bear_weight": False},
    ),
    "pain_walking": ("Walking now hurts, or the pain makes you limp", {"pain_walking": True}),
    "night_pain": ("Pain at night or lying down that wakes you", {"night_pain": True}),
    "saddle_numbness": (
        "Numbness between your legs, around your genitals or back passage",
        {"saddle_numbness": True},
    ),
    "bladder_bowel_change": (
        "New trouble controlling or feeling your bladder or bowels",
        {"bladder_bowel_change": True},
    ),
    "leg_weakness_worsening": (
        "Weakness in your leg that is getting worse",
        {"leg_weakness_worsening": True},
    ),
    "tingling_below_knee": (
        "Pins and needles or numbness below the knee",
        {"tingling_below_knee": True},
    ),
    "calf_swelling": (
        "Swelling, redness or warmth in your calf or thigh",
        {"calf_swelling": True},
    ),
    "groin_lump": ("A lump or bulge in your groin", {"groin_lump": True}),
    "night_sweats": ("Night sweats", {"night_sweats": True}),
    "unexplained_weight_loss": (
        "Losing weight without trying",
        {"unexplained_weight_loss": True},
    ),
}
