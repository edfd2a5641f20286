"""Availability reads: the same few queries whatever the horizon, because only the shown days
are read."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from clinic.models import ClinicProfile, Therapist, TimeOff, WorkingHours
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


def default_visit_type() -> VisitType:
    return VisitType.objects.filter(is_default=True, is_active=True).first()


def active_therapists():
    return Therapist.objects.filter(is_active=True, working_hours__isnull=False).distinct()


def _weeks(therapists: list[Therapist], span: Span, tz) -> list[TherapistWeek]:
    ids = [therapist.pk for therapist in therapists]
    hours = defaultdict(lambda: defaultdict(list))
    for row in WorkingHours.objects.filter(therapist_id__in=ids).order_by("start"):
        hours[row.therapist_id][row.weekday].append((row.start, row.end))
    busy = defaultdict(list)
    # A lower bound on start too, so the index stops at the window instead of reading
    # every visit of the clinic's past (a visit and its buffer never last a day).
    visits = Visit.objects.filter(
        ACTIVE_VISIT,
        therapist_id__in=ids,
        start__gt=span.start - timedelta(days=1),
        start__lt=span.end,
        blocked_until__gt=span.start,
    ).order_by("start")
    for therapist_id, start, blocked_until in visits.values_list(
        "therapist_id", "start", "blocked_until"
    ):
        busy[therapist_id].append(Span(start, blocked_until))
    off = defaultdict(list)
    for row in TimeOff.objects.filter(therapist_id__in=ids, start__lt=span.end, end__gt=span.start):
        off[row.therapist_id].append(Span(row.start, row.end))
    return [
        TherapistWeek(
            therapist_id=therapist.pk,
            hours=hours[therapist.pk],
            busy=busy[therapist.pk],
            time_off=off[therapist.pk],
            buffer=timedelta(minutes=therapist.buffer_minutes),
        )
        for therapist in therapists
    ]


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


def slot_is_free(*, therapist: Therapist, start: datetime, visit_type: VisitType, rules) -> bool:
    day = start.astimezone(rules.tz).date()
    slots = free_slots(days=[day], therapists=[therapist], visit_type=visit_type, rules=rules)
    return any(slot.start == start for slot in slots)
