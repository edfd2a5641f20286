"""Dosage in words, run/walk intervals, and an item's progression. Pure: plain dicts in,
plain data out."""

from dataclasses import dataclass
from decimal import Decimal


def _span(low, high, unit: str) -> str:
    if high and high != low:
        return f"{low}-{high}{unit}"
    return f"{low}{unit}"


def describe(dosage: dict) -> str:
    """ "3 sets of 12 reps, hold 2-3 s" from the dosage fields; "" when nothing is set."""
    parts = []
    reps = dosage.get("reps")
    unit = dosage.get("reps_unit") or "reps"
    each = {"side": " each side", "direction": " each direction"}.get(dosage.get("each") or "", "")
    if reps:
        amount = f"{_span(reps, dosage.get('reps_max'), '')} {unit}"
        sets = dosage.get("sets")
        parts.append(f"{sets} sets of {amount}" if sets and sets > 1 else amount)
        parts[-1] += each
        each = ""
    elif dosage.get("sets") and dosage["sets"] > 1:
        parts.append(f"{dosage['sets']} sets")
    hold = dosage.get("hold_seconds")
    if hold:
        parts.append(f"hold {_span(hold, dosage.get('hold_seconds_max'), ' s')}{each}")
        each = ""
    if dosage.get("duration_minutes"):
        parts.append(f"{dosage['duration_minutes']} min{each}")
        each = ""
    if dosage.get("rest_seconds"):
        parts.append(f"rest {dosage['rest_seconds']} s")
    return ", ".join(parts)


@dataclass(frozen=True)
class Progress:
    dosage: dict  # what to do now
    progressed: bool
    reason: str  # for the runner, in plain words; "" when there is no rule


def current_dosage(dosage: dict, rule: dict, pains: list[int | None]) -> Progress:
    """The item's dosage after its progression rule, given the pain logged in the sessions
    done since the plan started (most recent last; None for a skipped session).

    The rule moves on after `progress_after_sessions` consecutive logged sessions with pain
    at or under `progress_max_pain`; a session above it starts the count again."""
    after, max_pain = rule.get("progress_after_sessions"), rule.get("progress_max_pain")
    if not after or max_pain is None:
        return Progress(dosage, False, "")
    streak = 0
    for pain in pains:
        if pain is None:
            continue
        streak = streak + 1 if pain <= max_pain else 0
        if streak >= after:
            break
    target = {
        **dosage,
        **{
            key: rule[f"progress_{key}"]
            for key in ("sets", "reps", "hold_seconds")
            if rule.get(f"progress_{key}")
        },
    }
    if streak >= after:
        # A range makes no sense once moved on to one number.
        target.update(
            {
                "reps_max": None if rule.get("progress_reps") else dosage.get("reps_max"),
                "hold_seconds_max": None
                if rule.get("progress_hold_seconds")
                else dosage.get("hold_seconds_max"),
            }
        )
        return Progress(
            target,
            True,
            f"Moved on to {describe(target)}: {after} sessions with pain at {max_pain}/10 or less.",
        )
    return Progress(
        dosage,
        False,
        f"Moves on to {describe(target)} after {after} sessions in a row with pain at "
        f"{max_pain}/10 or less ({streak} so far).",
    )


@dataclass(frozen=True)
class Interval:
    label: str  # "Run" or "Walk"
    seconds: int


def intervals(stage: dict) -> list[Interval]:
    """The timer's segments for a run/walk stage: run then walk, `repeats` times; a
    continuous run is one segment; a distance stage without repeats has no fixed timer."""
    run, walk, repeats = stage.get("run_seconds"), stage.get("walk_seconds"), stage.get("repeats")
    if run and not walk and repeats in (None, 1):
        return [Interval("Run", run)]
    if not run or not repeats:
        return []
    segments = []
    for _ in range(repeats):
        if walk:
            segments.append(Interval("Walk", walk))
        segments.append(Interval("Run", run))
    return segments


def describe_stage(stage: dict) -> str:
    run, walk = stage.get("run_seconds"), stage.get("walk_seconds")
    parts = []
    if run and walk:
        parts.append(f"walk {_minutes(walk)} / run {_minutes(run)}")
        if stage.get("repeats"):
            parts[-1] += f", {stage['repeats']} times"
    elif run:
        parts.append(f"run {_minutes(run)} without stopping")
    elif stage.get("distance_miles"):
        parts.append("run without stopping")
    if stage.get("distance_miles"):
        miles = format(Decimal(stage["distance_miles"]).normalize(), "f")
        parts.append(f"{miles} mile{'s' if miles != '1' else ''} in all")
    if stage.get("rpe") is not None:
        parts.append(f"effort {stage['rpe']}/10 (RPE)")
    return ", ".join(parts)


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"
