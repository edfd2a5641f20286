"""Return-to-run decisions from check-ins, by the stage's pain rule. Pure: plain data in,
a decision with its reason out, in the active language (gettext).

CLINICAL.md section 3: tendon mode is the pain-monitoring model, pain during up to the
stage's threshold and settled by the next morning [R26][P]; bone mode expects no pain at all
[R35][P] (never the tendon threshold for bone). Pain, swelling or a limp means back one step
[R30][P]; soreness lasting more than 24 h means scale back [R35b][P]. Stopping when pain has
not settled by the next morning twice is the issue's own rule. Every rule leans to the safe
side: when in doubt it holds or steps back, it never moves on.
"""

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, ngettext

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


# A step back, each said two ways (programs.checkins.services stores the English for staff
# and the runner's language for the runner): back one stage, or at the first stage, where
# there is no easier one, a rest day and the same stage again (decision_apply lays the runs
# again from tomorrow). Whole sentences with named values, so each language words them whole.
STEP_BACK_REASONS = {
    "too_painful": (
        gettext_noop(
            "Pain during the run was %(pain)s/10, above this stage's limit (%(limit)s/10): "
            "back one stage."
        ),
        gettext_noop(
            "Pain during the run was %(pain)s/10, above this stage's limit (%(limit)s/10): "
            "this is the first stage, so there is no easier one: rest today, then repeat this "
            "stage."
        ),
    ),
    "bone_too_painful": (
        gettext_noop(
            "Pain during the run was %(pain)s/10, above this stage's limit (no pain at all): "
            "back one stage."
        ),
        gettext_noop(
            "Pain during the run was %(pain)s/10, above this stage's limit (no pain at all): "
            "this is the first stage, so there is no easier one: rest today, then repeat this "
            "stage."
        ),
    ),
    "bone_sore": (
        gettext_noop("Sore the next morning after a bone return-to-run session: back one stage."),
        gettext_noop(
            "Sore the next morning after a bone return-to-run session: this is the first "
            "stage, so there is no easier one: rest today, then repeat this stage."
        ),
    ),
}


def _back(why: str, first_stage: bool, **values) -> Decision:
    return Decision(STEP_BACK, gettext(STEP_BACK_REASONS[why][first_stage]) % values)


def decide(
    rule: StageRule, runs: list[RunResult], *, new_warning_sign: bool, first_stage: bool = False
) -> Decision:
    """The decision after the latest run of this stage (`runs`, oldest first), its reason in
    the active language."""
    if new_warning_sign:
        return Decision(STOP, gettext("A new warning sign: stop running and contact the clinic."))
    if not runs:
        return Decision(REPEAT, gettext("No run at this stage reported yet."))
    latest = runs[-1]
    if latest.morning == WORSE and len(runs) > 1 and runs[-2].morning == WORSE:
        return Decision(
            STOP,
            gettext(
                "The pain had not settled by the next morning twice in a row: stop running and "
                "contact the clinic."
            ),
        )
    if _too_painful(rule, latest.pain_during):
        if rule.pain_mode == BONE:
            return _back("bone_too_painful", first_stage, pain=latest.pain_during)
        return _back("too_painful", first_stage, pain=latest.pain_during, limit=rule.pain_threshold)
    if latest.morning == WORSE:
        if rule.pain_mode == BONE:
            return _back("bone_sore", first_stage)
        return Decision(
            REPEAT,
            gettext(
                "The pain had not settled by the next morning: repeat this stage before moving on."
            ),
        )
    fine = sum(1 for run in runs if _fine(rule, run))
    counts = {"fine": fine, "needed": rule.min_sessions}
    if fine >= rule.min_sessions:
        return Decision(
            ADVANCE,
            ngettext(
                "%(fine)s run at this stage within the pain rule and settled by the next "
                "morning (at least %(needed)s needed): move on.",
                "%(fine)s runs at this stage within the pain rule and settled by the next "
                "morning (at least %(needed)s needed): move on.",
                fine,
            )
            % counts,
        )
    return Decision(
        REPEAT,
        ngettext(
            "%(fine)s of %(needed)s run at this stage within the pain rule so far: keep going "
            "at this stage.",
            "%(fine)s of %(needed)s runs at this stage within the pain rule so far: keep going "
            "at this stage.",
            rule.min_sessions,
        )
        % counts,
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
