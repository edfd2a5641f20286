"""Dated sessions, table-driven: weekday spreading, rest days, weekly caps, month ends,
leap days and the clock-change weeks (dates, so nothing moves)."""

from datetime import date, timedelta

import pytest

from programs.schedule import PhaseSpec, StageSpec, exercise_sessions, run_sessions, weekly_offsets


@pytest.mark.parametrize(
    ("days", "offsets"),
    [
        (1, [0]),
        (2, [0, 4]),
        (3, [0, 2, 5]),
        (4, [0, 2, 4, 5]),
        (5, [0, 1, 3, 4, 6]),
        (7, [0, 1, 2, 3, 4, 5, 6]),
        (9, [0, 1, 2, 3, 4, 5, 6]),  # never more than every day
        (0, [0]),  # never an empty week
    ],
)
def test_days_a_week_are_spread_over_the_week(days, offsets):
    assert weekly_offsets(days) == offsets


def dates(sessions):
    return [session.date.isoformat() for session in sessions]


@pytest.mark.parametrize(
    ("start", "phases", "expected"),
    [
        pytest.param(
            date(2026, 6, 1),  # a Monday
            [PhaseSpec(1, 1, 3)],
            ["2026-06-01", "2026-06-03", "2026-06-06"],
            id="three-a-week-from-a-monday",
        ),
        pytest.param(
            date(2026, 1, 29),
            [PhaseSpec(1, 2, 2)],
            ["2026-01-29", "2026-02-02", "2026-02-05", "2026-02-09"],
            id="across-a-month-end",
        ),
        pytest.param(
            date(2028, 2, 25),
            [PhaseSpec(1, 1, 3)],
            ["2028-02-25", "2028-02-27", "2028-03-01"],
            id="leap-year-february",
        ),
        pytest.param(
            date(2026, 12, 28),
            [PhaseSpec(1, 1, 2)],
            ["2026-12-28", "2027-01-01"],
            id="across-the-new-year",
        ),
        pytest.param(
            date(2026, 3, 5),  # the week clocks go forward (March 8)
            [PhaseSpec(1, 1, 7)],
            [
                "2026-03-05",
                "2026-03-06",
                "2026-03-07",
                "2026-03-08",
                "2026-03-09",
                "2026-03-10",
                "2026-03-11",
            ],
            id="march-clock-change-every-day",
        ),
        pytest.param(
            date(2026, 10, 29),  # the week clocks go back (November 1)
            [PhaseSpec(1, 1, 7)],
            [
                "2026-10-29",
                "2026-10-30",
                "2026-10-31",
                "2026-11-01",
                "2026-11-02",
                "2026-11-03",
                "2026-11-04",
            ],
            id="november-clock-change-every-day",
        ),
        pytest.param(
            date(2026, 6, 1),
            [PhaseSpec(1, 1, 2), PhaseSpec(2, 1, 3)],
            ["2026-06-01", "2026-06-05", "2026-06-08", "2026-06-10", "2026-06-13"],
            id="phases-one-after-another",
        ),
    ],
)
def test_exercise_sessions(start, phases, expected):
    assert dates(exercise_sessions(start, phases)) == expected


def test_each_session_knows_its_phase_and_its_place_in_the_week():
    sessions = exercise_sessions(date(2026, 6, 1), [PhaseSpec(7, 2, 3)])
    assert [(s.key, s.slot_in_week) for s in sessions] == [(7, 0), (7, 1), (7, 2)] * 2


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        pytest.param(
            [StageSpec(1, 3, 3, 1)],
            ["2026-06-01", "2026-06-03", "2026-06-05"],
            id="a-rest-day-after-each-run",
        ),
        pytest.param(
            [StageSpec(1, 4, 3, 1)],
            ["2026-06-01", "2026-06-03", "2026-06-05", "2026-06-08"],
            id="the-fourth-run-waits-for-the-next-week",
        ),
        pytest.param(
            [StageSpec(1, 2, 3, 2)],
            ["2026-06-01", "2026-06-04"],
            id="two-rest-days",
        ),
        pytest.param(
            [StageSpec(1, 2, 3, 1), StageSpec(2, 2, 3, 1)],
            ["2026-06-01", "2026-06-03", "2026-06-05", "2026-06-08"],
            id="stages-follow-on-with-the-same-spacing",
        ),
        pytest.param(
            [StageSpec(1, 2, 3, 0), StageSpec(2, 2, 1, 0)],
            ["2026-06-01", "2026-06-02", "2026-06-08", "2026-06-15"],
            id="a-stricter-stage-waits-for-a-week-with-room",
        ),
    ],
)
def test_run_sessions(stages, expected):
    assert dates(run_sessions(date(2026, 6, 1), stages)) == expected


def test_runs_never_fall_on_consecutive_days_with_a_rest_day_rule_over_a_whole_program():
    stages = [StageSpec(level, 3, 3, 1) for level in range(1, 11)]
    runs = [s.date for s in run_sessions(date(2026, 10, 25), stages)]  # across November 1
    assert len(runs) == 30
    assert all(b - a >= timedelta(days=2) for a, b in zip(runs, runs[1:], strict=False))
    weeks = [(day - runs[0]).days // 7 for day in runs]
    assert max(weeks.count(week) for week in set(weeks)) <= 3
