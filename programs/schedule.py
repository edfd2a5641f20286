"""Dated sessions for a whole plan. Pure: local calendar dates in, dated sessions out.

Sessions are calendar dates in the clinic's timezone, never instants, so a clock change
cannot move, skip or repeat one; weeks count from the plan's start day.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class PhaseSpec:
    key: int  # the caller's handle for the phase
    weeks: int
    days_per_week: int  # the busiest item's


@dataclass(frozen=True)
class StageSpec:
    key: int
    sessions: int  # the stage's minimum before moving on: what the plan lays out
    sessions_per_week: int
    rest_days_after: int


@dataclass(frozen=True)
class Dated:
    date: date
    kind: str  # "exercise" or "run"
    key: int
    slot_in_week: int = 0


def weekly_offsets(days_per_week: int) -> list[int]:
    """Days of the week (0 = the plan's start weekday) spread as evenly as a week allows:
    2 -> 0, 4 (Mon, Fri); 3 -> 0, 2, 5 (Mon, Wed, Sat)."""
    days = max(1, min(days_per_week, 7))
    return sorted({int(index * 7 / days + 0.5) for index in range(days)})


def exercise_sessions(start: date, phases: list[PhaseSpec]) -> list[Dated]:
    """Each phase for its weeks, one after the other, on evenly spread days."""
    sessions = []
    phase_start = start
    for phase in phases:
        offsets = weekly_offsets(phase.days_per_week)
        for week in range(phase.weeks):
            week_start = phase_start + timedelta(weeks=week)
            sessions += [
                Dated(week_start + timedelta(days=offset), "exercise", phase.key, slot)
                for slot, offset in enumerate(offsets)
            ]
        phase_start += timedelta(weeks=phase.weeks)
    return sessions


def run_sessions(start: date, stages: list[StageSpec]) -> list[Dated]:
    """Each stage's sessions in turn: after a run, its rest days; never more runs in one of
    the plan's weeks than the stage allows (the next run waits for the next week)."""
    sessions: list[Dated] = []
    runs_in_week: Counter[int] = Counter()
    day = start
    for stage in stages:
        for _ in range(stage.sessions):
            week = (day - start).days // 7
            if runs_in_week[week] >= stage.sessions_per_week:
                week += 1
                day = start + timedelta(weeks=week)
            runs_in_week[week] += 1
            sessions.append(Dated(day, "run", stage.key))
            day += timedelta(days=1 + stage.rest_days_after)
    return sessions


# --- check-in times ---------------------------------------------------------------------------


def at_local_hour(day: date, hour: int, tz: ZoneInfo) -> datetime:
    """The UTC instant of `hour`:00 on a local day. Check-in hours are kept between 06 and 21,
    away from the small hours when clocks change, so the hour exists exactly once."""
    return datetime.combine(day, time(hour), tz).astimezone(UTC)


def first_local_hour_after(instant: datetime, hour: int, tz: ZoneInfo) -> datetime:
    """The first `hour`:00 local at or after `instant`: a check-in waits for the morning."""
    day = instant.astimezone(tz).date()
    due = at_local_hour(day, hour, tz)
    return due if due >= instant else at_local_hour(day + timedelta(days=1), hour, tz)


def plan_checkin_days(start: date, end: date) -> list[tuple[str, date, int]]:
    """(kind, day, number) of a plan's weekly check-ins (every 7 days from the start, the
    last one after the final week) and its LEFS every 4 weeks."""
    days = []
    weeks = (end - start).days // 7 + 1
    for number in range(1, weeks + 1):
        days.append(("weekly", start + timedelta(weeks=number), number))
    for number in range(1, weeks // 4 + 1):
        days.append(("lefs", start + timedelta(weeks=4 * number), number))
    return days
