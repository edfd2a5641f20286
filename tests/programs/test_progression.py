"""Return-to-run decisions by the stage's pain rule, table-driven (CLINICAL.md s3)."""

import pytest

from programs.progression import (
    ADVANCE,
    REPEAT,
    STEP_BACK,
    STOP,
    RunResult,
    StageRule,
    decide,
)

TENDON = StageRule("tendon", 5, 3)
BONE = StageRule("bone", 0, 2)


def run(pain, morning="same", completed=True):
    return RunResult(pain, morning, completed)


@pytest.mark.parametrize(
    ("rule", "runs", "warning", "action"),
    [
        pytest.param(TENDON, [run(3), run(4), run(5)], False, ADVANCE, id="tendon-three-fine-runs"),
        pytest.param(TENDON, [run(3), run(4)], False, REPEAT, id="tendon-two-of-three"),
        pytest.param(TENDON, [run(3), run(6)], False, STEP_BACK, id="tendon-above-threshold"),
        pytest.param(TENDON, [run(2, "worse")], False, REPEAT, id="tendon-not-settled-once"),
        pytest.param(
            TENDON, [run(2, "worse"), run(2, "worse")], False, STOP, id="not-settled-twice"
        ),
        pytest.param(
            TENDON, [run(2), run(2), run(2, None)], False, REPEAT, id="morning-unknown-never-counts"
        ),
        pytest.param(
            TENDON, [run(2), run(None), run(2)], False, REPEAT, id="pain-unknown-never-counts"
        ),
        pytest.param(
            TENDON,
            [run(1), run(1, completed=False), run(1)],
            False,
            REPEAT,
            id="partly-never-counts",
        ),
        pytest.param(TENDON, [run(0), run(0), run(0)], True, STOP, id="new-warning-sign"),
        pytest.param(BONE, [run(0), run(0)], False, ADVANCE, id="bone-two-pain-free-runs"),
        pytest.param(BONE, [run(0), run(1)], False, STEP_BACK, id="bone-any-pain"),
        pytest.param(BONE, [run(0, "worse")], False, STEP_BACK, id="bone-sore-next-morning"),
        pytest.param(
            BONE, [run(3), run(3)], False, STEP_BACK, id="bone-never-uses-the-tendon-limit"
        ),
        pytest.param(BONE, [], False, REPEAT, id="nothing-reported"),
    ],
)
def test_decisions_follow_the_stage_rule_and_lean_to_safety(rule, runs, warning, action):
    decision = decide(rule, runs, new_warning_sign=warning)
    assert decision.action == action
    assert decision.reason  # always said in words


def test_no_single_worse_answer_ever_moves_a_runner_on():
    """Under-triage guard: from any history that moves on, making the latest run worse in
    any one way never moves on."""
    fine = [run(2), run(2), run(2)]
    assert decide(TENDON, fine, new_warning_sign=False).action == ADVANCE
    for worse in (run(8), run(2, "worse"), run(2, completed=False), run(None), run(2, None)):
        assert decide(TENDON, [*fine[:2], worse], new_warning_sign=False).action != ADVANCE


@pytest.mark.parametrize(
    ("rule", "runs", "words"),
    [
        pytest.param(
            TENDON,
            [run(3), run(6)],
            "2 more runs done in full, with pain during the run at 5/10 or less and the next "
            "morning no worse than usual (your morning-after check-in): 1 of 3 so far.",
            id="tendon-one-fine-one-too-painful",
        ),
        pytest.param(
            TENDON,
            [run(2), run(2, "worse"), run(1, completed=False), run(2)],
            "1 more run done in full, with pain during the run at 5/10 or less and the next "
            "morning no worse than usual (your morning-after check-in): 2 of 3 so far.",
            id="unsettled-and-partly-runs-never-count",
        ),
        pytest.param(
            BONE,
            [],
            "2 more runs done in full, with no pain at all during the run and the next morning "
            "no worse than usual (your morning-after check-in): 0 of 2 so far.",
            id="bone-never-a-pain-score",
        ),
        pytest.param(
            BONE,
            [run(0), run(0)],
            "Enough runs within the pain rule to move on (2 of 2 so far).",
            id="enough",
        ),
    ],
)
def test_what_unlocks_the_next_stage_is_the_rule_decide_applies(rule, runs, words):
    from programs.progression import fine_runs, what_unlocks_next

    assert what_unlocks_next(rule, runs) == words
    # The same count decide() moves on at: one run short repeats, enough runs advance.
    enough = fine_runs(rule, runs) >= rule.min_sessions
    action = decide(rule, runs or [run(None, None)], new_warning_sign=False).action
    assert (action == ADVANCE) == enough or action == STEP_BACK
