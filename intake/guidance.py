"""What the runner reads next to their triage level, drawn from the clinic's own material
(BRIEF.md). No exercises are suggested for `urgent` or `emergency`."""

from typing import NotRequired, TypedDict

from intake.triage.levels import EMERGENCY, ROUTINE, SOON, URGENT


class Guidance(TypedDict):
    headline: str
    headline_booked: NotRequired[str]  # the headline once a visit is booked or a plan issued
    summary: str
    self_care: list[str]  # tips; "{shoe_miles}" stands for the clinic's shoe mileage
    books: bool  # whether the page offers the Discovery Visit


GUIDANCE: dict[str, Guidance] = {
    EMERGENCY: {
        "headline": "Go to an emergency department now, or call 911.",
        "summary": (
            "One or more of your answers can be a sign of a problem that needs a doctor "
            "straight away. Do not run, and do not wait for an appointment with us."
        ),
        "self_care": [],
        "books": False,
    },
    URGENT: {
        "headline": "Stop running and see a physician within 24-48 hours.",
        "summary": (
            "Some of your answers need a doctor's assessment soon. Our team will call you "
            "today. If things get worse before then, go to an emergency department or call 911."
        ),
        "self_care": [
            "Do not run or hop until a doctor has checked you.",
            "Keep weight off the leg as much as you can if walking hurts.",
        ],
        "books": True,
    },
    SOON: {
        "headline": "Stop running for now and get a physical therapy evaluation within days.",
        "summary": (
            "Your answers include a warning sign the clinic takes seriously. A physical "
            "therapist should look at your hip before you run again."
        ),
        "self_care": [
            "Pause running until you have been evaluated; do not push through sharp or "
            "lingering pain.",
            "Stay active with what does not hurt: walking, swimming or cycling.",
            "Avoid hopping and jumping.",
        ],
        "books": True,
    },
    ROUTINE: {
        "headline": "Book a free Discovery Visit; modified training is fine meanwhile.",
        # Once a visit is booked (or a plan issued), "book" is done: the page must not ask again.
        "headline_booked": "No warning signs in your answers: modified training is fine.",
        "summary": (
            "Nothing in your answers needs urgent care. A physical therapist can find the root "
            "cause of your hip pain and get you running comfortably."
        ),
        "self_care": [
            "Cut back your mileage and intensity; mild soreness may be fine, but sharp or "
            "lingering pain means pause and get checked.",
            "Swap some runs for cross-training on alternate days: swimming, cycling or walking.",
            "Warm up before runs with leg swings, walking lunges and high knees; stretch hip "
            "flexors, hamstrings and glutes afterwards.",
            "Strength work 2-3 times a week, form over reps: glute bridges, side lunges, "
            "single-leg balance.",
            "Mind your terrain and your shoes: the clinic suggests new shoes every "
            "{shoe_miles} miles.",
        ],
        "books": True,
    },
}


def for_level(level: str, *, shoe_miles: str, booked: bool = False) -> dict:
    """The level's guidance; `booked`: a visit is booked or a plan issued already."""
    chosen = GUIDANCE[level]
    tips = [tip.format(shoe_miles=shoe_miles) for tip in chosen["self_care"]]
    headline = chosen.get("headline_booked", chosen["headline"]) if booked else chosen["headline"]
    return {**chosen, "headline": headline, "self_care": tips}
