"""The slot engine, pure: local hours through DST, buffers, time off, notice and horizon."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from intake.booking.slots import Span, TherapistWeek, days_from, free_starts

NY = ZoneInfo("America/New_York")
THIRTY = timedelta(minutes=30)
FAR_PAST = datetime(2000, 1, 1, tzinfo=UTC)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


def week(hours=None, busy=(), time_off=(), buffer=0):
    every_day = {day: [(time(9), time(11))] for day in range(7)}
    return TherapistWeek(
        therapist_id=1,
        hours=hours if hours is not None else every_day,
        busy=sorted(busy, key=lambda span: span.start),
        time_off=list(time_off),
        buffer=timedelta(minutes=buffer),
    )


def local(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), NY).astimezone(UTC)


def starts(therapist_week, day, *, earliest=FAR_PAST, latest=FAR_FUTURE, duration=THIRTY):
    found = free_starts(
        therapist_week, [day], duration=duration, tz=NY, earliest=earliest, latest=latest
    )
    return [start.astimezone(NY).strftime("%H:%M") for start in found]


MARCH_CHANGE = date(2026, 3, 8)  # clocks go forward at 02:00 (EST -> EDT)
NOVEMBER_CHANGE = date(2026, 11, 1)  # clocks go back at 02:00 (EDT -> EST)


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(MARCH_CHANGE - timedelta(days=1), id="saturday-before-march-change"),
        pytest.param(MARCH_CHANGE, id="march-change-day"),
        pytest.param(MARCH_CHANGE + timedelta(days=1), id="monday-after-march-change"),
        pytest.param(NOVEMBER_CHANGE - timedelta(days=1), id="saturday-before-november-change"),
        pytest.param(NOVEMBER_CHANGE, id="november-change-day"),
        pytest.param(NOVEMBER_CHANGE + timedelta(days=1), id="monday-after-november-change"),
    ],
)
def test_local_working_hours_give_the_same_local_times_through_the_dst_weeks(day):
    assert starts(week(), day) == ["09:00", "09:30", "10:00", "10:30"]


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (MARCH_CHANGE - timedelta(days=1), 14),  # 09:00 EST
        (MARCH_CHANGE + timedelta(days=1), 13),  # 09:00 EDT
        (NOVEMBER_CHANGE - timedelta(days=1), 13),  # 09:00 EDT
        (NOVEMBER_CHANGE + timedelta(days=1), 14),  # 09:00 EST
    ],
)
def test_the_same_local_hour_is_a_different_utc_instant_across_the_change(day, utc_hour):
    first = free_starts(
        week(), [day], duration=THIRTY, tz=NY, earliest=FAR_PAST, latest=FAR_FUTURE
    )[0]
    assert first.hour == utc_hour


def test_a_local_time_the_clock_skips_is_never_offered():
    night = week(hours={6: [(time(1), time(4))]})  # March 8 2026 is a Sunday
    offered = starts(night, MARCH_CHANGE)
    assert "02:00" not in offered and "02:30" not in offered
    assert offered == ["01:00", "01:30", "03:00", "03:30"]


def test_a_repeated_local_hour_in_november_is_offered_once_per_wall_clock_time():
    night = week(hours={6: [(time(0), time(3))]})  # November 1 2026 is a Sunday
    offered = starts(night, NOVEMBER_CHANGE)
    assert offered.count("01:00") == 1


@pytest.mark.parametrize(
    ("busy_local", "expected"),
    [
        pytest.param([], ["09:00", "09:30", "10:00", "10:30"], id="nothing-booked"),
        pytest.param([(9, 30, 10, 0)], ["09:00", "10:00", "10:30"], id="one-booked"),
        pytest.param([(9, 0, 11, 0)], [], id="fully-booked"),
        pytest.param([(9, 15, 9, 45)], ["10:00", "10:30"], id="booked-off-grid-blocks-both"),
    ],
)
def test_booked_visits_take_their_time(busy_local, expected):
    day = date(2026, 6, 1)
    busy = [Span(local(day, h1, m1), local(day, h2, m2)) for h1, m1, h2, m2 in busy_local]
    assert starts(week(busy=busy), day) == expected


def test_a_buffer_follows_each_visit_and_steps_the_day():
    day = date(2026, 6, 1)
    assert starts(week(buffer=10), day) == ["09:00", "09:40", "10:20"]
    booked_until = Span(local(day, 9), local(day, 9, 40))  # 09:00 visit + 10 min buffer
    assert starts(week(buffer=10, busy=[booked_until]), day) == ["09:40", "10:20"]


def test_a_slot_whose_buffer_runs_into_a_booked_visit_is_not_offered():
    day = date(2026, 6, 1)
    booked = Span(local(day, 10), local(day, 10, 30))
    assert "09:40" not in starts(week(buffer=10, busy=[booked]), day)


def test_time_off_removes_the_slots_it_overlaps():
    day = date(2026, 6, 1)
    off = Span(local(day, 9, 45), local(day, 10, 15))
    assert starts(week(time_off=[off]), day) == ["09:00", "10:30"]


def test_several_ranges_a_day_and_days_without_hours():
    split = week(hours={0: [(time(8), time(9)), (time(13), time(14))]})
    assert starts(split, date(2026, 6, 1)) == ["08:00", "08:30", "13:00", "13:30"]  # Monday
    assert starts(split, date(2026, 6, 2)) == []  # Tuesday: no hours


def test_minimum_notice_and_horizon_bound_the_offer():
    day = date(2026, 6, 1)
    offered = starts(week(), day, earliest=local(day, 9, 30), latest=local(day, 10))
    assert offered == ["09:30", "10:00"]


def test_a_visit_must_end_inside_the_range():
    assert starts(week(), date(2026, 6, 1), duration=timedelta(minutes=90)) == ["09:00"]


def test_days_from_counts_local_days():
    assert days_from(date(2026, 2, 27), 3) == [
        date(2026, 2, 27),
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]


def test_overlapping_time_off_entries_block_everything_they_cover_together():
    day = date(2026, 6, 1)
    course = Span(local(day, 9, 15), local(day, 10, 5))
    meeting = Span(local(day, 9, 0), local(day, 9, 20))  # entered later, starts earlier
    assert starts(week(time_off=[course, meeting]), day) == ["10:30"]


def _careful_starts(therapist_week, days, *, duration, tz):
    """The engine's answer worked out the slow, obvious way: every local time converted on
    its own, every span compared with every slot."""
    held_for = duration + therapist_week.buffer
    found = []
    for day in days:
        for range_start, range_end in therapist_week.hours.get(day.weekday(), ()):
            step = datetime.combine(day, range_start)
            while step <= datetime.combine(day, range_end) - duration:
                aware = step.replace(tzinfo=tz)
                start = aware.astimezone(UTC)
                step += held_for
                if start.astimezone(tz).replace(tzinfo=None) != aware.replace(tzinfo=None):
                    continue  # the clock skips this local time
                if any(b.start < start + held_for and start < b.end for b in therapist_week.busy):
                    continue
                if any(
                    o.start < start + duration and start < o.end for o in therapist_week.time_off
                ):
                    continue
                found.append(start)
    return found


@pytest.mark.parametrize("seed", range(40))
def test_the_engine_matches_the_careful_way_over_a_year_with_both_clock_changes(seed):
    rng = random.Random(seed)
    tz = ZoneInfo(rng.choice(["America/New_York", "Europe/London", "Australia/Sydney", "UTC"]))
    first = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 300))
    days = days_from(first, 70)

    def at(day, minutes):
        return datetime.combine(day, time.min, tz).astimezone(UTC) + timedelta(minutes=minutes)

    hours = {
        weekday: sorted(
            (time(h, m), time(h + rng.randint(1, 4), m))
            for h, m in {(rng.randint(0, 19), rng.choice([0, 15, 30])) for _ in range(2)}
        )
        for weekday in range(7)
        if rng.random() < 0.8
    }
    random_spans = [
        Span(start, start + timedelta(minutes=rng.choice([20, 30, 45, 60, 180, 1440])))
        for start in (at(rng.choice(days), rng.randrange(0, 1440, 5)) for _ in range(60))
    ]
    therapist_week = TherapistWeek(
        therapist_id=1,
        hours=hours,
        busy=sorted(random_spans[:40], key=lambda span: span.start),
        time_off=random_spans[40:],
        buffer=timedelta(minutes=rng.choice([0, 5, 10, 15])),
    )
    duration = timedelta(minutes=rng.choice([30, 45, 60]))
    engine = free_starts(
        therapist_week, days, duration=duration, tz=tz, earliest=FAR_PAST, latest=FAR_FUTURE
    )
    assert engine == _careful_starts(therapist_week, days, duration=duration, tz=tz)
