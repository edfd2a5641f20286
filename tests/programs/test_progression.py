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
