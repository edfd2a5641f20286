"""`make bench` figure of the front desk's calendar: next week for 5 therapists with 200
visits, against `trivial`, and its queries against the same week with no visits."""

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bench.db import SwitchRouter
from bench.harness import Series, entry, expect, interleaved, progress, say

ROUNDS = 200
THERAPISTS = 5
VISITS = 200
CALENDAR_URL = "/admin/intake/visit/calendar/"
ADMIN_FLOOR_URL = "/admin/password_change/"
VISITS_LIST_URL = "/admin/intake/visit/"
VISIT_BLOCK = "cal-visit cal-status-"  # a visit's block, on the day and the week
# Five therapists, Monday to Friday with a lunch break, two on Saturday mornings; buffers
# differ, so their free times fall on different minutes.
HOURS = [
    ("Riley Reed, PT", 0, ["08:00-12:00", "13:00-17:00"], ["08:00-12:00"]),
    ("Dana Shah, DPT", 10, ["09:00-12:30", "13:30-18:00"], []),
    ("Omar Cohen, PT", 5, ["07:30-11:30", "12:30-16:30"], ["09:00-12:00"]),
    ("Lena Kim, PT", 0, ["10:00-14:00", "15:00-19:00"], []),
    ("Sam Patel, DPT", 15, ["08:00-12:00", "13:00-16:00"], []),
]


def _plans(first_day, tz: ZoneInfo, duration: timedelta, seed: int = 2026):
    """The week's calendar: hours, a day off and a meeting, and VISITS visits at free times
    (the booking engine's own grid, so no two overlap)."""
    from bench.data import TherapistPlan, _ranges
    from intake.booking.slots import Span, TherapistWeek, days_from, free_starts

    rng = random.Random(seed)
    days = days_from(first_day, 7)

    def local(day, at=time.min) -> datetime:
        return datetime.combine(day, at, tz).astimezone(UTC)

    plans, grid = [], []
    for number, (name, buffer, weekday_ranges, saturday_ranges) in enumerate(HOURS):
        hours = {weekday: _ranges(weekday_ranges) for weekday in range(5)}
        if saturday_ranges:
            hours[5] = _ranges(saturday_ranges)
        plan = TherapistPlan(name, buffer, hours)
        off_day = days[number % 5]
        meeting = local(days[(number + 2) % 5], time(14))
        plan.time_off = [
            (local(off_day), local(off_day + timedelta(days=1)), "day off"),
            (meeting, meeting + timedelta(hours=1), "meeting"),
        ]
        week = TherapistWeek(
            0,
            hours,
            busy=[],
            time_off=[Span(start, end) for start, end, _ in plan.time_off],
            buffer=timedelta(minutes=buffer),
        )
        starts = free_starts(
            week,
            days,
            duration=duration,
            tz=tz,
            earliest=local(days[0]),
            latest=local(days[-1] + timedelta(days=1)),
        )
        grid += [(plan, start) for start in starts]
        plans.append(plan)
    for plan, start in sorted(rng.sample(grid, VISITS), key=lambda pair: pair[1]):
        plan.visits.append(start)
    return plans


def _desk_client(alias: str):
    """A Front desk member's client, TOTP-verified as after both login steps."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from clinic.roles import FRONT_DESK

    user = (
        get_user_model()
        .objects.db_manager(alias)
        .create_user("bench-desk", "desk@example.com", "bench-password-not-secret", is_staff=True)
    )
    user.groups.add(Group.objects.using(alias).get(name=FRONT_DESK))
    device = TOTPDevice.objects.db_manager(alias).create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def metric_front_desk_day(results: dict, info: dict, backend: str) -> None:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench import data
    from clinic.models import CalendarVersion, ClinicProfile, Therapist
    from intake.models import VisitType

    say(
        f"front_desk_day: GET {CALENDAR_URL} (next week, {THERAPISTS} therapists, {VISITS} "
        f"visits) as the front desk vs trivial; queries vs the same week with no visits, "
        f"{ROUNDS} rounds"
    )
    tz = ZoneInfo(ClinicProfile.objects.using("default").get_or_create(pk=1)[0].timezone)
    today = timezone.now().astimezone(tz).date()
    monday = today + timedelta(days=7 - today.weekday())
    duration = timedelta(minutes=VisitType.objects.get(is_default=True).duration_minutes)
    plans = _plans(monday, tz, duration)
    quiet = [data.TherapistPlan(p.name, p.buffer_minutes, p.hours, p.time_off) for p in plans]
    until = datetime.combine(monday + timedelta(days=7), time.min, tz)
    # Other metrics' therapists step aside, so the calendar shows these five only.
    others = {}
    for alias in ("default", "small"):
        others[alias] = list(
            Therapist.objects.using(alias).filter(is_active=True).values_list("pk", flat=True)
        )
        Therapist.objects.using(alias).filter(pk__in=others[alias]).update(is_active=False)
    busy = data.calendar_load("default", plans, until=until, prefix="desk")
    data.calendar_load("small", quiet, until=until, prefix="desk")
    if backend == "postgresql":
        for alias in ("default", "small"):
            with connections[alias].cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    progress(f"week loaded: {busy['visits']} visits, {busy['time_off']} time-off entries")
    clients = {}
    for alias in ("default", "small"):
        SwitchRouter.alias = alias
        clients[alias] = _desk_client(alias)
    week = f"{CALENDAR_URL}?view=week&day={monday:%Y-%m-%d}"
    day = f"{CALENDAR_URL}?day={monday + timedelta(days=1):%Y-%m-%d}"

    def on(alias: str | None, url: str):
        def prepare():
            SwitchRouter.alias = alias
            return lambda: clients[alias or "default"].get(url)

        return prepare

    def queries(alias: str, url: str) -> tuple[int, int]:
        SwitchRouter.alias = alias
        expect(200)(clients[alias].get(url))  # the first request creates the session rows
        with CaptureQueriesContext(connections[alias]) as captured:
            response = clients[alias].get(url)
        expect(200, contains="Week of" if "week" in url else "free")(response)
        return len(captured), response.content.decode().count(VISIT_BLOCK)

    try:
        (queries_busy, shown), (queries_quiet, _) = queries("default", week), queries("small", week)
        queries_day, _ = queries("default", day)
        medians = interleaved(
            {
                "week": Series(on("default", week), expect(200, contains=VISIT_BLOCK)),
                "day": Series(on("default", day), expect(200, contains=VISIT_BLOCK)),
                "quiet": Series(on("small", week), expect(200)),
                "trivial": Series(on(None, "/bench/trivial/"), expect(200)),
                # The admin's own floor: its smallest page, through the same stack.
                "admin_floor": Series(on("small", ADMIN_FLOOR_URL), expect(200)),
                # For scale: the admin's own list of the same visits (Intake > Visits).
                "visits_list": Series(on("default", VISITS_LIST_URL), expect(200)),
            },
            ROUNDS,
        )
    finally:
        SwitchRouter.alias = None
        for alias, ids in others.items():
            Therapist.objects.using(alias).filter(pk__in=ids).update(is_active=True)
            Therapist.objects.using(alias).filter(user__username__startswith="desk").update(
                is_active=False
            )
            CalendarVersion.bump(using=alias)
    assert shown == VISITS, (shown, VISITS)
    results["front_desk_day"] = entry(
        medians["week"],
        "ms",
        "trivial",
        medians["trivial"],
        8,
        queries_200_visits=queries_busy,
        queries_quiet_week=queries_quiet,
        queries_day=queries_day,
        visits_shown=shown,
        day_ms=round(medians["day"], 3),
        day_ratio=round(medians["day"] / medians["trivial"], 3),
        quiet_week_ms=round(medians["quiet"], 3),
        admin_floor_ms=round(medians["admin_floor"], 3),
        visits_list_ms=round(medians["visits_list"], 3),
    )
    result = results["front_desk_day"]
    progress(
        f"front_desk_day {medians['week']:.2f} ms for the week vs trivial "
        f"{medians['trivial']:.2f} ms ({result['ratio']:.2f}x); the day {medians['day']:.2f} ms "
        f"({result['day_ratio']:.2f}x); queries {queries_busy} with {VISITS} visits vs "
        f"{queries_quiet} with none (day: {queries_day}); the quiet week "
        f"{medians['quiet']:.2f} ms; the admin's smallest page {medians['admin_floor']:.2f} ms, "
        f"its Visits list {medians['visits_list']:.2f} ms"
    )
