"""Return-to-run decisions from check-ins, by the stage's pain rule. Pure: plain data in,
a decision with its reason out.

CLINICAL.md section 3: tendon mode is the pain-monitoring model, pain during up to the
stage's threshold and settled by the next morning [R26][P]; bone mode expects no pain at all
[R35][P] (never the tendon threshold for bone). Pain, swelling or a limp means back one step
[R30][P]; soreness lasting more than 24 h means scale back [R35b][P]. Stopping when pain has
not settled by the next morning twice is the issue's own rule. Every rule leans to the safe
side: when in doubt it holds or steps back, it never moves on.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

ADVANCE, REPEAT, STEP_BACK, STOP = "advance", "repeat", "step_back", "stop"
BONE, TENDON = "bone", "tendon"
WORSE = "worse"  # the morning after, compared with usual: "better", "same" or "worse"


@dataclass(frozen=True)
class StageRule:
    pain_mode: str
    pain_threshold: int  # tendon: the most pain during a run that still counts as fine
    min_sessions: int


@dataclass(frozen=True)
class RunResult:
    """One run of this stage as the check-ins told it."""

    pain_during: int | None  # None: not reported
    morning: str | None  # "better", "same", "worse", or None: not reported
    completed: bool  # done in full, not partly


@dataclass(frozen=True)
class Decision:
    action: str
    reason: str


def _too_painful(rule: StageRule, pain: int | None) -> bool:
    if pain is None:
        return False
    if rule.pain_mode == BONE:
        return pain > 0
    return pain > rule.pain_threshold


def _fine(rule: StageRule, result: RunResult) -> bool:
    """A run that counts towards moving on: completed, pain reported and within the rule,
    and the next morning no worse than usual (reported)."""
    return (
        result.completed
        and result.pain_during is not None
        and not _too_painful(rule, result.pain_during)
        and result.morning is not None
        and result.morning != WORSE
    )


# At the first stage there is no easier one to step back to: the runner holds it, after a rest
# day (decision_apply lays the runs again from tomorrow), and is told so in those words.
FIRST_STAGE_BACK = (
    "this is the first stage, so there is no easier one: rest today, then repeat this stage."
)


def _back(reason: str, first_stage: bool) -> Decision:
    then = FIRST_STAGE_BACK if first_stage else "back one stage."
    return Decision(STEP_BACK, f"{reason}: {then}")


def decide(
    rule: StageRule, runs: list[RunResult], *, new_warning_sign: bool, first_stage: bool = False
) -> Decision:
    """The decision after the latest run of this stage (`runs`, oldest first)."""
    if new_warning_sign:
        return Decision(STOP, "A new warning sign: stop running and contact the clinic.")
    if not runs:
        return Decision(REPEAT, "No run at this stage reported yet.")
    latest = runs[-1]
    if latest.morning == WORSE and len(runs) > 1 and runs[-2].morning == WORSE:
        return Decision(
            STOP,
            "The pain had not settled by the next morning twice in a row: stop running and "
            "contact the clinic.",
        )
    if _too_painful(rule, latest.pain_during):
        limit = "no pain at all" if rule.pain_mode == BONE else f"{rule.pain_threshold}/10"
        return _back(
            f"Pain during the run was {latest.pain_during}/10, above this stage's limit ({limit})",
            first_stage,
        )
    if latest.morning == WORSE:
        if rule.pain_mode == BONE:
            return _back("Sore the next morning after a bone return-to-run session", first_stage)
        return Decision(
            REPEAT,
            "The pain had not settled by the next morning: repeat this stage before moving on.",
        )
    fine = sum(1 for run in runs if _fine(rule, run))
    if fine >= rule.min_sessions:
        return Decision(
            ADVANCE,
            f"{fine} runs at this stage within the pain rule and settled by the next morning "
            f"(at least {rule.min_sessions} needed): move on.",
        )
    return Decision(
        REPEAT,
        f"{fine} of {rule.min_sessions} runs at this stage within the pain rule so far: "
        "keep going at this stage.",
    )


def fine_runs(rule: StageRule, runs: list[RunResult]) -> int:
    """How many of this stage's runs count towards moving on, as decide() counts them."""
    return sum(1 for run in runs if _fine(rule, run))


def _runs(count: int) -> str:
    return ngettext("%(n)s more run", "%(n)s more runs", count) % {"n": count}


def what_unlocks_next(rule: StageRule, runs: list[RunResult]) -> str:
    """What moves the runner on from this stage, in their words: the test _fine() and decide()
    apply, never a threshold of its own."""
    fine = fine_runs(rule, runs)
    pain = (
        gettext("no pain at all during the run")
        if rule.pain_mode == BONE
        else gettext("pain during the run at %(pain)s/10 or less") % {"pain": rule.pain_threshold}
    )
    so_far = gettext("%(fine)s of %(needed)s so far") % {"fine": fine, "needed": rule.min_sessions}
    if fine >= rule.min_sessions:
        return gettext("Enough runs within the pain rule to move on (%(so_far)s).") % {
            "so_far": so_far
        }
    return gettext(
        "%(runs)s done in full, with %(pain)s and the next morning no worse than usual "
        "(your morning-after check-in): %(so_far)s."
    ) % {"runs": _runs(rule.min_sessions - fine), "pain": pain, "so_far": so_far}
