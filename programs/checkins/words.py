"""A check-in's answers as a therapist reads them: "Pain the morning after: 6/10 (up 5)",
"New: night sweats". Pure: takes the answers and the previous check-in's answers of the same
kind, returns (label, words) rows; unknown keys are shown humanised, never dropped."""

from intake.forms import LEFS_KEYS
from programs.checkins.signs import NEW_SIGNS

SCORES = {
    "pain_morning": ("Pain the morning after", 10),
    "pain_during": ("Pain during the run", 10),
    "pain_now": ("Pain now", 10),
    "pain_worst": ("Worst pain this week", 10),
    "pain_running": ("Pain while running this week", 10),
    "lefs_total": ("LEFS (higher is better)", 80),
}
YES_NO = {
    "completed": "Finished the whole session",
    "pain_after_rest": "Pain still there after rest",
}
MORNING = {"better": "better than usual", "same": "the same as usual", "worse": "worse than usual"}
OTHER = {
    "sessions_done": "Plan sessions done this week",
    "weekly_miles": "Miles run this week",
    "shoe_miles": "Miles on the running shoes",
    "note": "Runner's note",
}


def _change(now: int, before) -> str:
    if before is None or before == now:
        return "" if before is None else " (no change)"
    return f" (up {now - before})" if now > before else f" (down {before - now})"


def _sign(key: str) -> str:
    label = str(NEW_SIGNS.get(key, (key.replace("_", " "), None))[0])
    return label[0].lower() + label[1:]


def checkin_rows(answers: dict, previous: dict) -> list[tuple[str, str]]:
    rows = []
    for key, value in answers.items():
        if key in SCORES and isinstance(value, int):
            label, top = SCORES[key]
            rows.append((label, f"{value}/{top}{_change(value, previous.get(key))}"))
        elif key in YES_NO:
            rows.append((YES_NO[key], "Yes" if value else "No"))
        elif key == "morning":
            rows.append(("This morning the pain was", MORNING.get(value, str(value))))
        elif key == "new_warning_signs":
            signs = [_sign(sign) for sign in value or []]
            rows.append(("New", ", ".join(signs) if signs else "no new warning signs"))
        elif key in LEFS_KEYS:
            continue  # the 20 item scores: their total is the row that matters
        elif value not in (None, "", []):
            rows.append((OTHER.get(key, key.replace("_", " ").capitalize()), str(value)))
    return rows
