"""What a check-in asks about new warning signs."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The new-onset warning signs that change what the clinic does (CLINICAL.md s1), in plain
# words. Lifetime history (cancer, steroids, an earlier stress fracture) was asked at the
# intake and cannot be new. Each box stands for the intake answers it means, so a new sign
# runs through the same triage rules as the intake (programs.checkins).
NEW_SIGNS: dict[str, tuple[str | Promise, dict]] = {
    "fever_or_unwell": (
        _("A fever, chills or feeling generally unwell"),
        {"fever_or_unwell": True},
    ),
    "trauma": (_("A fall, collision or accident that hurt the hip or leg"), {"trauma": True}),
    "cannot_bear_weight": (
        _("You cannot take your full weight on the leg"),
        {"can_bear_weight": False},
    ),
    "pain_walking": (_("Walking now hurts, or the pain makes you limp"), {"pain_walking": True}),
    "night_pain": (_("Pain at night or lying down that wakes you"), {"night_pain": True}),
    "saddle_numbness": (
        _("Numbness between your legs, around your genitals or back passage"),
        {"saddle_numbness": True},
    ),
    "bladder_bowel_change": (
        _("New trouble controlling or feeling your bladder or bowels"),
        {"bladder_bowel_change": True},
    ),
    "leg_weakness_worsening": (
        _("Weakness in your leg that is getting worse"),
        {"leg_weakness_worsening": True},
    ),
    "tingling_below_knee": (
        _("Pins and needles or numbness below the knee"),
        {"tingling_below_knee": True},
    ),
    "calf_swelling": (
        _("Swelling, redness or warmth in your calf or thigh"),
        {"calf_swelling": True},
    ),
    "groin_lump": (_("A lump or bulge in your groin"), {"groin_lump": True}),
    "night_sweats": (_("Night sweats"), {"night_sweats": True}),
    "unexplained_weight_loss": (
        _("Losing weight without trying"),
        {"unexplained_weight_loss": True},
    ),
}
