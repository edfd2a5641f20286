"""Availability reads: the same few queries whatever the horizon, because only the shown days
are read."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import BigIntegerField, Func
from django.utils import timezone

from clinic.models import CalendarVersion, ClinicProfile, Therapist, TimeOff, WorkingHours
from intake.booking.slots import Span, TherapistWeek, free_starts
from intake.models import ACTIVE_VISIT, Visit, VisitType


@dataclass(frozen=True)
class Slot:
    start: datetime  # UTC
    therapist_ids: tuple[int, ...]


@dataclass(frozen=True)
class BookingRules:
    tz: ZoneInfo
    earliest: datetime  # now + minimum notice
    latest: datetime  # end of the horizon
    today: date  # in the clinic's timezone

    @classmethod
    def for_clinic(cls, clinic: ClinicProfile, now: datetime | None = None) -> "BookingRules":
        now = now or timezone.now()
        tz = ZoneInfo(clinic.timezone)
        return cls(
            tz=tz,
            earliest=now + timedelta(minutes=clinic.booking_min_notice_minutes),
            latest=now + timedelta(days=clinic.booking_horizon_days),
            today=now.astimezone(tz).date(),
        )


def default_visit_type() -> VisitType | None:
    """The visit type the booking pages offer; None until the clinic sets one."""
    return VisitType.objects.filter(is_default=True, is_active=True).first()


def active_therapists():
    return Therapist.objects.filter(is_active=True, working_hours__isnull=False).distinct()


HoursAndTimeOff = tuple[
    dict[int, dict[int, list[tuple[time, time]]]],  # therapist id -> weekday -> local ranges
    dict[int, list[Span]],  # therapist id -> time off overlapping the span
]


def _hours_and_time_off(therapist_ids: list[int], span: Span) -> HoursAndTimeOff:
    """Plain dicts (no defaultdict of a lambda), so the calendar can cache them."""
    hours: dict[int, dict[int, list[tuple[time, time]]]] = {}
    rows = WorkingHours.objects.filter(therapist_id__in=therapist_ids).order_by("start")
    for therapist_id, weekday, opens, closes in rows.values_list(
        "therapist_id", "weekday", "start", "end"
    ):
        hours.setdefault(therapist_id, {}).setdefault(weekday, []).append((opens, closes))
    off: dict[int, list[Span]] = {}
    time_off = TimeOff.objects.filter(
        therapist_id__in=therapist_ids, start__lt=span.end, end__gt=span.start
    )
    for therapist_id, start, end in time_off.values_list("therapist_id", "start", "end"):
        off.setdefault(therapist_id, []).append(Span(start, end))
    return hours, off


def _weeks(
    therapists: list[Therapist],
    span: Span,
    tz,
    busy_rows=None,
    hours_and_time_off: HoursAndTimeOff | None = None,
) -> list[TherapistWeek]:
    """Each therapist's hours, booked visits and time off around `span`. `busy_rows`, when
    the caller read the visits already: (therapist id, start, blocked until) of every
    active visit starting from a day before the span; `hours_and_time_off`, when it read
    those (_hours_and_time_off)."""
    ids = [therapist.pk for therapist in therapists]
    hours, off = hours_and_time_off or _hours_and_time_off(ids, span)
    busy = defaultdict(list)
    if busy_rows is None:
        busy_rows = _visits_around(ids, span).values_list("therapist_id", "start", "blocked_until")
    for therapist_id, start, blocked_until in busy_rows:
        busy[therapist_id].append(Span(start, blocked_until))
    return [
        TherapistWeek(
            therapist_id=therapist.pk,
            hours=hours.get(therapist.pk, {}),
            busy=busy[therapist.pk],
            time_off=off.get(therapist.pk, []),
            buffer=timedelta(minutes=therapist.buffer_minutes),
        )
        for therapist in therapists
    ]


def _visits_around(therapist_ids: list[int], span: Span):
    # A lower bound on start too, so the index stops at the window instead of reading
    # every visit of the clinic's past (a visit and its buffer never last a day).
    return Visit.objects.filter(
        ACTIVE_VISIT,
        therapist_id__in=therapist_ids,
        start__gt=span.start - timedelta(days=1),
        start__lt=span.end,
        blocked_until__gt=span.start,
    ).order_by("start")


def free_slots(
    *, days: list[date], therapists: list[Therapist], visit_type: VisitType, rules: BookingRules
) -> list[Slot]:
    """Free starts on the given local days, each with the therapists free then, in order."""
    if not days or not therapists:
        return []
    window = Span(
        datetime.combine(days[0], time.min, rules.tz).astimezone(UTC),
        datetime.combine(days[-1] + timedelta(days=1), time.min, rules.tz).astimezone(UTC),
    )
    duration = timedelta(minutes=visit_type.duration_minutes)
    by_start = defaultdict(list)
    for week in _weeks(therapists, window, rules.tz):
        for start in free_starts(
            week,
            days,
            duration=duration,
            tz=rules.tz,
            earliest=rules.earliest,
            latest=rules.latest,
        ):
            by_start[start].append(week.therapist_id)
    return [Slot(start, tuple(ids)) for start, ids in sorted(by_start.items())]


# Every calendar write changes the cache keys below (CalendarVersion); the expiry only bounds
# what a write made outside the portal's own code paths (a shell, a migration) leaves behind.
CACHE_SECONDS = 600
NO_LIMIT = (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))


@dataclass(frozen=True)
class Offer:
    """What the booking pages offer, as of one calendar version: the default visit type
    (None when the clinic offers none) and the therapists who take bookings."""

    version: int
    visit_type: VisitType | None
    therapists: list[Therapist]


def booking_offer() -> Offer:
    """The current offer, read once per calendar version: a page pays one small query."""
    version = CalendarVersion.current()
    key = f"booking-offer:{version}"
    offer = cache.get(key)
    if offer is None:
        offer = Offer(version, default_visit_type(), list(active_therapists()))
        cache.set(key, offer, CACHE_SECONDS)
    return offer


def shown_starts_by_day(
    *, offer: Offer, days: list[date], therapists: list[Therapist], rules: BookingRules
) -> dict[date, list[datetime]]:
    """The free start times (UTC) of the shown days, by local day, for the booking page.

    Computed once per calendar version and reused while the runner clicks through the days
    (kept as POSIX seconds: the cache hands back a copy, and integers copy fast). The
    minimum-notice and horizon cut-offs move with the clock, so they are applied after the
    cache. Booking itself never trusts this: it checks with free_slots and the database."""
    visit_type = offer.visit_type
    if visit_type is None:  # nothing to book
        return {day: [] for day in days}
    key = ":".join(
        [
            "shown-starts",
            str(offer.version),
            rules.tz.key,
            days[0].isoformat(),
            str(len(days)),
            f"{visit_type.pk}-{visit_type.duration_minutes}",
            ",".join(f"{t.pk}-{t.buffer_minutes}" for t in therapists),
        ]
    )
    seconds_by_day = cache.get(key)
    if seconds_by_day is None:
        seconds_by_day = {day: [] for day in days}
        unbounded = replace(rules, earliest=NO_LIMIT[0], latest=NO_LIMIT[1])
        for slot in free_slots(
            days=days, therapists=therapists, visit_type=visit_type, rules=unbounded
        ):
            seconds_by_day[slot.start.astimezone(rules.tz).date()].append(
                int(slot.start.timestamp())
            )
        cache.set(key, seconds_by_day, CACHE_SECONDS)
    earliest, latest = rules.earliest.timestamp(), rules.latest.timestamp()
    return {
        day: [
            datetime.fromtimestamp(second, UTC)
            for second in seconds
            if earliest <= second <= latest
        ]
        for day, seconds in seconds_by_day.items()
    }


def slot_is_free(*, therapist: Therapist, start: datetime, visit_type: VisitType, rules) -> bool:
    if not rules.earliest <= start <= rules.latest:  # also: year 9999 would overflow below
        return False
    day = start.astimezone(rules.tz).date()
    slots = free_slots(days=[day], therapists=[therapist], visit_type=visit_type, rules=rules)
    return any(slot.start == start for slot in slots)


def visits_cancelled_by_intake(case) -> list[Visit]:
    """Self-booked visits an emergency intake cancelled (services.visits_cancel_for_emergency):
    those cancelled at or after the intake was submitted, for the result page and the staff
    alert."""
    if case.consent_at is None:
        return []
    return list(
        Visit.objects.filter(
            case=case,
            status=Visit.Status.CANCELLED,
            booked_by_staff=False,
            cancelled_at__gte=case.consent_at,
        ).select_related("therapist", "visit_type")
    )


@dataclass(frozen=True)
class CalendarVisit:
    """A visit as the calendar shows it: read as one row (no model instances), since a
    week holds hundreds."""

    pk: int
    therapist_id: int
    start: datetime
    end: datetime
    status: str
    level: str
    first_name: str
    last_name: str

    @property
    def runner(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class CalendarRead:
    """What the front desk's calendar shows for some local days: each therapist's hours and
    time off and the free starts from the booking engine (the same `_weeks` and
    `free_starts` as the public page, with the same notice and horizon), and the visits
    themselves with their runners."""

    days: list[date]
    rules: BookingRules
    therapists: list[Therapist]
    weeks: dict[int, TherapistWeek]
    free: dict[int, list[datetime]]  # therapist id -> free UTC starts
    visits: list[CalendarVisit]
    duration: timedelta


def _calendar_hours_and_time_off(offer: Offer, span: Span) -> HoursAndTimeOff:
    """Working hours and time off of the offer's therapists around `span`, read once per
    calendar version (every edit of either bumps it), as the offer itself is."""
    key = f"calendar-hours:{offer.version}:{span.start.timestamp()}:{span.end.timestamp()}"
    found = cache.get(key)
    if found is None:
        found = _hours_and_time_off([therapist.pk for therapist in offer.therapists], span)
        cache.set(key, found, CACHE_SECONDS)
    return found


class EpochMicroseconds(Func):
    """A timestamp as whole microseconds since 1970 (UTC), on PostgreSQL and SQLite alike.
    A week's calendar reads 600 visit times: psycopg hands integers back in a fifth of the
    time Django's timezone-aware timestamp loader (pure Python) takes for the same values
    (`make bench`, front_desk_day)."""

    output_field = BigIntegerField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) * 1000000 AS BIGINT)"

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: whole seconds, then the
        # six digits of the fraction when there is one.
        return self.as_sql(
            compiler,
            connection,
            template=(
                "(CAST(strftime('%%%%s', %(expressions)s) AS INTEGER) * 1000000"
                " + CAST(substr(%(expressions)s || '.000000', 21, 6) AS INTEGER))"
            ),
            **extra,
        )


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _instant(microseconds: int) -> datetime:
    return EPOCH + timedelta(microseconds=microseconds)


def calendar_read(*, days: list[date], rules: BookingRules) -> CalendarRead:
    """Two queries whatever the number of visits, therapists or days: the calendar version
    and the visits. The offer's therapists and visit type, their hours and time off are
    cached on the version (four more right after a calendar change)."""
    offer = booking_offer()
    therapists, visit_type = offer.therapists, offer.visit_type
    duration = timedelta(minutes=visit_type.duration_minutes if visit_type else 30)
    window = Span(
        datetime.combine(days[0], time.min, rules.tz).astimezone(UTC),
        datetime.combine(days[-1] + timedelta(days=1), time.min, rules.tz).astimezone(UTC),
    )
    ids = [therapist.pk for therapist in therapists]
    rows = [
        (therapist_id, _instant(start), _instant(blocked), pk, _instant(end), *rest)
        for therapist_id, start, blocked, pk, end, *rest in _visits_around(ids, window)
        .annotate(
            start_us=EpochMicroseconds("start"),
            blocked_us=EpochMicroseconds("blocked_until"),
            end_us=EpochMicroseconds("end"),
        )
        .values_list(
            "therapist_id",
            "start_us",
            "blocked_us",
            "pk",
            "end_us",
            "status",
            "case__triage_level",
            "case__runner__first_name",
            "case__runner__last_name",
        )
    ]
    busy = [row[:3] for row in rows]
    fixed = _calendar_hours_and_time_off(offer, window)
    weeks = {week.therapist_id: week for week in _weeks(therapists, window, rules.tz, busy, fixed)}
    free = {
        therapist_id: free_starts(
            week,
            days,
            duration=duration,
            tz=rules.tz,
            earliest=rules.earliest,
            latest=rules.latest,
        )
        if visit_type
        else []  # no visit type on offer: nothing can be booked
        for therapist_id, week in weeks.items()
    }
    visits = [
        CalendarVisit(pk, therapist_id, start, end, status, level, first, last)
        for therapist_id, start, _, pk, end, status, level, first, last in rows
        if start >= window.start
    ]
    return CalendarRead(days, rules, therapists, weeks, free, visits, duration)
