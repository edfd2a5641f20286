"""What the runner reads next to their triage level, drawn from the clinic's own material
(BRIEF.md). No exercises are suggested for `urgent` or `emergency`.

The texts are gettext msgids: the Spanish is in locale/es/LC_MESSAGES/django.po, with
the other clinical texts of this app (README, "Translated clinical texts")."""

from typing import NotRequired, TypedDict

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intake.triage.levels import EMERGENCY, ROUTINE, SOON, URGENT


class Guidance(TypedDict):
    headline: Promise
    headline_booked: NotRequired[Promise]  # the headline once a visit is booked or a plan issued
    summary: Promise
    self_care: list[Promise]  # tips; "{shoe_miles}" stands for the clinic's shoe mileage
    books: bool  # whether the page offers the Discovery Visit


# Who signed the Spanish guidance off ("name, date"); empty: it needs clinician review, and
# the staff case page says so beside what a Spanish-reading runner was told.
SPANISH_REVIEWED_BY = ""


GUIDANCE: dict[str, Guidance] = {
    EMERGENCY: {
        "headline": _("Go to an emergency department now, or call 911."),
        "summary": _(
            "One or more of your answers can be a sign of a problem that needs a doctor "
            "straight away. Do not run, and do not wait for an appointment with us."
        ),
        "self_care": [],
        "books": False,
    },
    URGENT: {
        "headline": _("Stop running and see a physician within 24-48 hours."),
        "summary": _(
            "Some of your answers need a doctor's assessment soon. Our team will call you "
            "today. If things get worse before then, go to an emergency department or call 911."
        ),
        "self_care": [
            _("Do not run or hop until a doctor has checked you."),
            _("Keep weight off the leg as much as you can if walking hurts."),
        ],
        "books": True,
    },
    SOON: {
        "headline": _("Stop running for now and get a physical therapy evaluation within days."),
        "summary": _(
            "Your answers include a warning sign the clinic takes seriously. A physical "
            "therapist should look at your hip before you run again."
        ),
        "self_care": [
            _(
                "Pause running until you have been evaluated; do not push through sharp or "
                "lingering pain."
            ),
            _("Stay active with what does not hurt: walking, swimming or cycling."),
            _("Avoid hopping and jumping."),
        ],
        "books": True,
    },
    ROUTINE: {
        "headline": _("Book a free Discovery Visit; modified training is fine meanwhile."),
        # Once a visit is booked (or a plan issued), "book" is done: the page must not ask again.
        "headline_booked": _("No warning signs in your answers: modified training is fine."),
        "summary": _(
            "Nothing in your answers needs urgent care. A physical therapist can find the root "
            "cause of your hip pain and get you running comfortably."
        ),
        "self_care": [
            _(
                "Cut back your mileage and intensity; mild soreness may be fine, but sharp or "
                "lingering pain means pause and get checked."
            ),
            _("Swap some runs for cross-training on alternate days: swimming, cycling or walking."),
            _(
                "Warm up before runs with leg swings, walking lunges and high knees; stretch hip "
                "flexors, hamstrings and glutes afterwards."
            ),
            _(
                "Strength work 2-3 times a week, form over reps: glute bridges, side lunges, "
                "single-leg balance."
            ),
            _(
                "Mind your terrain and your shoes: the clinic suggests new shoes every "
                "{shoe_miles} miles."
            ),
        ],
        "books": True,
    },
}


def for_level(level: str, *, shoe_miles: str, booked: bool = False) -> dict:
    """The level's guidance; `booked`: a visit is booked or a plan issued already."""
    chosen = GUIDANCE[level]
    tips = [str(tip).format(shoe_miles=shoe_miles) for tip in chosen["self_care"]]
    headline = chosen.get("headline_booked", chosen["headline"]) if booked else chosen["headline"]
    summary = chosen["summary"]
    return {**chosen, "headline": str(headline), "summary": str(summary), "self_care": tips}
