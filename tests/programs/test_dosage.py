"""Dosage in words, item progression and run/walk intervals: pure, table-driven."""

from decimal import Decimal

import pytest

from programs.dosage import Interval, current_dosage, describe, describe_stage, intervals


@pytest.mark.parametrize(
    ("dosage", "words"),
    [
        (
            {"sets": 3, "reps": 12, "hold_seconds": 2, "hold_seconds_max": 3},
            "3 sets of 12 reps, hold 2-3 s",
        ),
        (
            {"reps": 10, "reps_max": 12, "reps_unit": "steps", "each": "direction"},
            "10-12 steps each direction",
        ),
        ({"hold_seconds": 30, "each": "side"}, "hold 30 s each side"),
        ({"reps": 8, "reps_max": 10, "each": "side"}, "8-10 reps each side"),
        ({"sets": 2, "hold_seconds": 15, "each": "side"}, "2 sets, hold 15 s each side"),
        ({"duration_minutes": 30}, "30 min"),
        ({"sets": 3, "reps": 10, "rest_seconds": 60}, "3 sets of 10 reps, rest 60 s"),
        ({}, ""),
    ],
)
def test_dosage_reads_as_a_therapist_would_write_it(dosage, words):
    assert describe(dosage) == words


RULE = {
    "progress_sets": 3,
    "progress_reps": 15,
    "progress_after_sessions": 2,
    "progress_max_pain": 3,
}
BRIDGE = {"sets": 3, "reps": 12}


@pytest.mark.parametrize(
    ("pains", "progressed"),
    [
        ([], False),
        ([2], False),
        ([2, 3], True),  # two in a row at or under 3/10: 3x12 -> 3x15
        ([2, 5, 3], False),  # a painful session starts the count again
        ([2, 5, 3, 1], True),
        ([2, None, 3], True),  # a skipped session neither counts nor breaks the run
        ([4, 4, 4, 4], False),
    ],
)
def test_an_item_moves_on_after_its_sessions_with_little_pain(pains, progressed):
    progress = current_dosage(BRIDGE, RULE, pains)
    assert progress.progressed is progressed
    assert describe(progress.dosage) == ("3 sets of 15 reps" if progressed else "3 sets of 12 reps")
    assert progress.reason  # the runner is always told why


def test_an_item_without_a_rule_keeps_its_dosage_and_says_nothing():
    progress = current_dosage(BRIDGE, {}, [0, 0, 0])
    assert progress.dosage == BRIDGE and not progress.progressed and progress.reason == ""


def test_a_hold_progression_drops_the_old_range():
    plank = {"sets": 2, "hold_seconds": 15, "hold_seconds_max": 20, "each": "side"}
    rule = {
        "progress_sets": 3,
        "progress_hold_seconds": 20,
        "progress_after_sessions": 2,
        "progress_max_pain": 3,
    }
    assert describe(current_dosage(plank, rule, [1, 1]).dosage) == "3 sets, hold 20 s each side"


@pytest.mark.parametrize(
    ("stage", "segments"),
    [
        ({"run_seconds": 60, "walk_seconds": 540, "repeats": 3}, [("Walk", 540), ("Run", 60)] * 3),
        ({"run_seconds": 1800, "walk_seconds": None, "repeats": 1}, [("Run", 1800)]),
        (
            {
                "run_seconds": 180,
                "walk_seconds": 120,
                "repeats": None,
                "distance_miles": Decimal("1.0"),
            },
            [],
        ),
        ({"run_seconds": None, "walk_seconds": None, "repeats": None}, []),
    ],
)
def test_the_timer_gets_the_stage_as_intervals(stage, segments):
    assert intervals(stage) == [Interval(label, seconds) for label, seconds in segments]


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ({"run_seconds": 60, "walk_seconds": 540, "repeats": 3}, "walk 9 min / run 1 min, 3 times"),
        ({"run_seconds": 1800, "repeats": 1}, "run 30 min without stopping"),
        (
            {"run_seconds": 180, "walk_seconds": 120, "distance_miles": Decimal("1.50"), "rpe": 3},
            "walk 2 min / run 3 min, 1.5 miles in all, effort 3/10 (RPE)",
        ),
        ({"distance_miles": Decimal("2.00")}, "run without stopping, 2 miles in all"),
        (
            {"distance_miles": Decimal("1.0"), "run_seconds": 90, "walk_seconds": 30},
            "walk 30 s / run 90 s, 1 mile in all",
        ),
    ],
)
def test_a_stage_reads_in_plain_words(stage, words):
    assert describe_stage(stage) == words
