"""Dosage in words, run/walk intervals, and an item's progression. Pure: plain dicts in,
plain data out."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, ngettext, pgettext


def _unit(unit: str) -> str:
    """The units the clinic's items use, in the runner's language; any other as typed."""
    if unit == "reps":
        return pgettext("dosage unit", "reps")
    if unit == "steps":
        return pgettext("dosage unit", "steps")
    return unit


def _span(low, high, unit: str) -> str:
    if high and high != low:
        return f"{low}-{high}{unit}"
    return f"{low}{unit}"


def describe(dosage: dict) -> str:
    """ "3 sets of 12 reps, hold 2-3 s" from the dosage fields; "" when nothing is set."""
    parts = []
    reps = dosage.get("reps")
    unit = _unit(dosage.get("reps_unit") or "reps")
    each = {"side": gettext(" each side"), "direction": gettext(" each direction")}.get(
        dosage.get("each") or "", ""
    )
    if reps:
        amount = f"{_span(reps, dosage.get('reps_max'), '')} {unit}"
        sets = dosage.get("sets")
        parts.append(
            gettext("%(sets)s sets of %(amount)s") % {"sets": sets, "amount": amount}
            if sets and sets > 1
            else amount
        )
        parts[-1] += each
        each = ""
    elif dosage.get("sets") and dosage["sets"] > 1:
        sets = dosage["sets"]
        parts.append(ngettext("%(sets)s set", "%(sets)s sets", sets) % {"sets": sets})
    hold = dosage.get("hold_seconds")
    if hold:
        time = _span(hold, dosage.get("hold_seconds_max"), " s")
        parts.append(gettext("hold %(time)s") % {"time": time} + each)
        each = ""
    if dosage.get("duration_minutes"):
        parts.append(f"{dosage['duration_minutes']} min{each}")
        each = ""
    if dosage.get("rest_seconds"):
        parts.append(gettext("rest %(seconds)s s") % {"seconds": dosage["rest_seconds"]})
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
            gettext("Moved on to %(dosage)s: %(after)s sessions with pain at %(pain)s/10 or less.")
            % {"dosage": describe(target), "after": after, "pain": max_pain},
        )
    return Progress(
        dosage,
        False,
        gettext(
            "Moves on to %(dosage)s after %(after)s sessions in a row with pain at "
            "%(pain)s/10 or less (%(streak)s so far)."
        )
        % {"dosage": describe(target), "after": after, "pain": max_pain, "streak": streak},
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
        parts.append(
            gettext("walk %(walk)s / run %(run)s") % {"walk": _minutes(walk), "run": _minutes(run)}
        )
        if repeats := stage.get("repeats"):
            parts[-1] += ngettext(", %(n)s time", ", %(n)s times", repeats) % {"n": repeats}
    elif run:
        parts.append(gettext("run %(run)s without stopping") % {"run": _minutes(run)})
    elif stage.get("distance_miles"):
        parts.append(gettext("run without stopping"))
    if stage.get("distance_miles"):
        miles = format(Decimal(stage["distance_miles"]).normalize(), "f")
        # ngettext wants a count: one mile is "1", any other distance (0.5, 2) is plural.
        parts.append(
            ngettext("%(miles)s mile in all", "%(miles)s miles in all", 1 if miles == "1" else 2)
            % {"miles": miles}
        )
    if stage.get("rpe") is not None:
        parts.append(gettext("effort %(rpe)s/10 (RPE)") % {"rpe": stage["rpe"]})
    return ", ".join(parts)


def _minutes(seconds: int) -> str:
    return f"{seconds // 60} min" if seconds % 60 == 0 else f"{seconds} s"
