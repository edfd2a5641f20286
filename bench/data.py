"""What the bench feeds the portal: answer sets, the form posts a runner would send, finished
drafts made ahead of the timed loops, a realistic case list loaded with bulk_create, and a
year of the booking calendar."""

import dataclasses
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils import timezone

from clinic.models import CalendarVersion, ClinicProfile, Therapist, TimeOff, WorkingHours
from intake.booking.slots import Span, TherapistWeek, days_from, free_starts
from intake.demo import BENIGN
from intake.forms import LEFS_KEYS, REVIEW_STEP, STEP_FORMS
from intake.models import Case, IntakeDraft, Runner, Visit, VisitType
from intake.triage import triage, validate_answers
from intake.triage.levels import EMERGENCY, ROUTINE, SOON, URGENT

CONTACT = {
    "first_name": "Maya",
    "last_name": "Lopez",
    "email": "maya@example.com",
    "phone": "919 555 0101",
}


def runner_contact(number: int) -> dict:
    """Contact details of the runner with this number, for cases opened by the bench."""
    return {
        "first_name": "Runner",
        "last_name": f"No{number}",
        "email": f"runner{number}@example.com",
        "phone": f"919 555 {number:04d}",
    }


def rules_fired(answers: dict) -> int:
    return len(triage(validate_answers(answers)).reasons)


def _bounds(field) -> tuple[float, float]:
    lows = [field.min_value] if getattr(field, "min_value", None) is not None else []
    highs = [field.max_value] if getattr(field, "max_value", None) is not None else []
    lows += [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    highs += [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return max(lows, default=0), min(highs, default=1000)


# Where thresholds in rules usually sit: scores, ages, days, counts.
PROBE_NUMBERS = (0, 1, 2, 3, 5, 7, 8, 10, 12, 14, 15, 17, 18, 21, 30, 40, 50, 60, 65, 90, 365)


def _candidates(field) -> list:
    """Every answer worth trying for a field, as the form's cleaned value; [] for free text."""
    if isinstance(field, forms.MultipleChoiceField):
        values = [str(key) for key, _ in field.choices]
        options = [values] + [[value] for value in values]
    elif isinstance(field, forms.TypedChoiceField):
        options = [field.coerce(key) for key, _ in field.choices if key != ""]
    elif isinstance(field, forms.ChoiceField):
        options = [key for key, _ in field.choices if key != ""]
    elif isinstance(field, forms.IntegerField | forms.FloatField):
        low, high = _bounds(field)
        kind = int if isinstance(field, forms.IntegerField) else float
        points = {low, high, *(p for p in PROBE_NUMBERS if low <= p <= high)}
        options = [kind(point) for point in sorted(points, reverse=True)]
    else:
        return []
    return options + ([None] if not field.required else [])


def _step_fields(context: dict) -> dict[str, tuple[int, object]]:
    """Every question after the contact details, with its step, under this context."""
    return {
        name: (number, field)
        for number, form_class in enumerate(STEP_FORMS[1:], start=2)
        for name, field in form_class(context=context).fields.items()
    }


def _as_forms_clean(answers: dict, context: dict) -> dict | None:
    """The answers as the forms would store them (a form's clean() may drop one), or None
    when a form would refuse them."""
    posts = step_posts(answers)
    clean = {}
    for number, form_class in enumerate(STEP_FORMS, start=1):
        form = form_class(data=posts[number], context=context)
        if not form.is_valid():
            return None
        clean.update(form.answers())
    for key in (*CONTACT, "consent"):
        clean.pop(key, None)
    return {key: value for key, value in clean.items() if value is not None}


def _climb(answers: dict, context: dict, score) -> tuple[int, dict]:
    """Coordinate ascent: change one answer at a time while `score` rises."""
    fields = _step_fields(context)
    best = score(answers)
    improved = True
    while improved:
        improved = False
        for name, (_, field) in fields.items():
            for option in _candidates(field):
                if option == answers.get(name):
                    continue
                trial = {**answers, name: option}
                if option is None:
                    del trial[name]
                if score(trial) <= best:
                    continue
                trial = _as_forms_clean(trial, context)
                if trial is not None and score(trial) > best:
                    answers, best, improved = trial, score(trial), True
    return best, answers


def answers_firing_most() -> dict:
    """An intake that fires as many rules as the ruleset allows at once (found by search, so
    it follows the rules as they change): every profile, then one answer at a time."""
    ages = _candidates(STEP_FORMS[0]().fields["age"])
    sexes = _candidates(STEP_FORMS[0]().fields["sex"])
    best: tuple[int, dict] = (-1, {})
    for age in ages:
        for sex in sexes:
            context = {"age": age, "sex": sex}
            start = dict(context)
            for name, (_, field) in _step_fields(context).items():
                options = [option for option in _candidates(field) if option is not None]
                if options:  # "yes", the highest number, every location, ...
                    start[name] = options[0]
            start = _as_forms_clean(start, context) or start
            found = _climb(start, context, rules_fired)
            if found[0] > best[0]:
                best = found
    return best[1]


def answers_for(base: dict, context: dict) -> dict:
    """`base` under another profile: questions it adds get the mildest answer."""
    answers = {**base, **context}
    for name, (_, field) in _step_fields(context).items():
        options = [option for option in _candidates(field) if option is not None]
        if name not in answers and field.required and options:
            answers[name] = options[-1]
    return answers


def answers_firing_one(base: dict, levels: set[str]) -> dict | None:
    """`base` with one question changed so that exactly one rule of `levels` fires."""
    context = {"age": base.get("age"), "sex": base.get("sex")}
    for name, (_, field) in _step_fields(context).items():
        for option in _candidates(field):
            trial = _as_forms_clean({**base, name: option}, context)
            if trial is None:
                continue
            reasons = triage(validate_answers(trial)).reasons
            if len(reasons) == 1 and reasons[0].level in levels:
                return trial
    return None


def answers_firing_none() -> dict:
    """The demo's benign intake, nudged until no rule fires should a new rule catch it."""
    context = {"age": BENIGN["age"], "sex": BENIGN["sex"]}
    fields = _step_fields(context)
    start = {key: value for key, value in BENIGN.items() if key in fields or key in context}
    score, answers = _climb(start, context, lambda trial: -rules_fired(trial))
    assert score == 0, f"no answers found that fire no rule ({-score} fire)"
    return answers


def _encode(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)


def step_posts(answers: dict, contact: dict = CONTACT) -> dict[int, dict]:
    """The form data a runner would post on each step to give these answers."""
    context = {"age": answers.get("age"), "sex": answers.get("sex")}
    posts = {}
    for number, form_class in enumerate(STEP_FORMS, start=1):
        form = form_class(context=context)
        data = {}
        for name in form.fields:
            if name == "consent":
                data[name] = "on"
            elif name in contact:
                data[name] = contact[name]
            elif answers.get(name) is not None:
                data[name] = _encode(answers[name])
        posts[number] = data
    return posts


def longest_step() -> tuple[int, dict, int]:
    """(step, context, field count) of the step with the most fields, over the contexts that
    add conditional questions."""
    contexts = [{}] + [{"age": age, "sex": sex} for age in (15, 34) for sex in ("female", "male")]
    candidates = [
        (len(form_class(context=context).fields), number, context)
        for number, form_class in enumerate(STEP_FORMS, start=1)
        for context in contexts
    ]
    # The most fields; on a tie the earlier step and the simpler context.
    fields, number, context = max(candidates, key=lambda item: (item[0], -item[1]))
    return number, context, fields


def drafts_clone(steps: dict, count: int) -> list[int]:
    """Finished drafts, ready to submit, with the steps a real run of the form stored."""
    drafts = IntakeDraft.objects.bulk_create(
        [
            IntakeDraft(steps=steps, furthest_step=REVIEW_STEP, email=CONTACT["email"])
            for _ in range(count)
        ]
    )
    return [draft.pk for draft in drafts]


def superuser(alias: str):
    return (
        get_user_model()
        .objects.db_manager(alias)
        .create_superuser("bench", "bench@example.com", "bench-password-not-secret")
    )


def staff_client(alias: str):
    """A test client logged in as a superuser whose session is TOTP-verified, as after
    both login steps (django_otp.login() stores the device's persistent id)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = superuser(alias)
    device = TOTPDevice.objects.db_manager(alias).create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


# --- a realistic case list ---------------------------------------------------------------

# Most runners who fill in the form are routine; a few need a call today.
LEVEL_SHARE = {ROUTINE: 0.55, SOON: 0.30, URGENT: 0.12, EMERGENCY: 0.03}
FIRST = "Maya Sam Priya Jordan Ellie Chris Dana Alex Riley Noah Ava Liam Zoe Omar Lena".split()
LAST = "Lopez Okafor Shah Reed Nguyen Miller Brooks Kim Garcia Patel Smith Jones Cohen".split()
SIGNS = [key for key in BENIGN if isinstance(BENIGN[key], bool) and key not in {"can_bear_weight"}]


def _random_answers(rng: random.Random) -> dict:
    answers = dict(BENIGN)
    answers["age"] = rng.choice([15, 16, 17]) if rng.random() < 0.05 else rng.randint(18, 72)
    answers["sex"] = rng.choice(["female", "female", "male", "male", "other"])
    answers["pain_locations"] = rng.sample(
        ["groin", "front", "side", "back", "buttock", "thigh", "knee"], rng.randint(1, 3)
    )
    answers["pain_side"] = rng.choice(["left", "right", "both"])
    answers["days_since_onset"] = rng.randint(1, 400)
    for key in ("pain_now", "pain_worst", "pain_running"):
        answers[key] = rng.randint(0, 9)
    answers["weekly_miles"] = rng.randint(5, 70)
    answers["weekly_miles_4_weeks_ago"] = rng.randint(5, 70)
    for key in SIGNS:
        answers[key] = rng.random() < 0.06
    answers["can_bear_weight"] = rng.random() > 0.02
    answers["night_pain_constant"] = answers["night_pain"] and rng.random() < 0.3 or None
    if answers["sex"] == "female":
        answers["missed_periods_12_months"] = rng.choice([0] * 8 + [1, 3])
    else:
        answers.pop("missed_periods_12_months", None)
    if answers["sex"] == "male":
        answers["testicular_pain"] = rng.random() < 0.01
    if answers["age"] <= 17:
        answers["recent_growth_spurt"] = rng.random() < 0.4
    for key in LEFS_KEYS:
        answers[key] = rng.randint(1, 4)
    return validate_answers(answers)


def _pool(rng: random.Random) -> dict[str, list[tuple[dict, list, int]]]:
    """Answer sets with their real triage, grouped by level."""
    pool: dict[str, list] = {level: [] for level in LEVEL_SHARE}
    while min(len(variants) for variants in pool.values()) < 40:
        answers = _random_answers(rng)
        result = triage(answers)
        if len(pool[result.level]) < 200:
            lefs = sum(answers[key] for key in LEFS_KEYS)
            pool[result.level].append((answers, result.stored_reasons(), lefs))
    return pool


def cases_load(alias: str, total: int, *, seed: int = 2026, progress=None) -> None:
    """Top the case list of `alias` up to `total`: bulk_create of runners and cases, levels
    and statuses spread like a busy clinic's last three years."""
    rng = random.Random(seed)
    missing = total - Case.objects.using(alias).count()
    if missing <= 0:
        return
    users = get_user_model().objects.db_manager(alias)
    therapists = [
        Therapist.objects.using(alias).create(
            user=users.create_user(f"pt{number}", f"pt{number}@example.com"),
            display_name=f"{FIRST[number]} {LAST[number]}, PT",
        )
        for number in range(6)
    ]
    pool = _pool(rng)
    levels, weights = list(LEVEL_SHARE), list(LEVEL_SHARE.values())
    now = timezone.now()
    span = timedelta(days=3 * 365).total_seconds()
    batch = 5_000
    done = 0
    while done < missing:
        size = min(batch, missing - done)
        with transaction.atomic(using=alias):
            runners = Runner.objects.using(alias).bulk_create(
                [
                    Runner(
                        first_name=(first := rng.choice(FIRST)),
                        last_name=(last := rng.choice(LAST)),
                        email=f"{first}.{last}.{done + index}@example.com".lower(),
                        phone=f"919-555-{rng.randint(0, 9999):04d}",
                    )
                    for index in range(size)
                ]
            )
            cases = []
            for runner in runners:
                level = rng.choices(levels, weights)[0]
                answers, reasons, lefs = rng.choice(pool[level])
                submitted = now - timedelta(seconds=rng.random() * span)
                age_days = (now - submitted).days
                if age_days < 2:
                    status = Case.Status.NEW
                elif age_days < 30:
                    status = rng.choice(
                        [Case.Status.CONTACTED, Case.Status.VISIT_BOOKED, Case.Status.IN_PROGRAM]
                    )
                else:
                    status = rng.choice(
                        [Case.Status.DISCHARGED] * 6
                        + [Case.Status.REFERRED_OUT, Case.Status.IN_PROGRAM]
                    )
                contacted = None if status == Case.Status.NEW else submitted + timedelta(hours=3)
                cases.append(
                    Case(
                        runner=runner,
                        answers=answers,
                        lefs_total=lefs,
                        age=answers["age"],
                        main_location=answers["pain_locations"][0],
                        days_since_onset=answers["days_since_onset"],
                        triage_level=level,
                        ruleset_version="2026.1",
                        reasons=reasons,
                        consent_version="2026-11",
                        consent_at=submitted,
                        status=status,
                        assigned_therapist=None if contacted is None else rng.choice(therapists),
                        submitted_at=submitted,
                        contacted_at=contacted,
                    )
                )
            Case.objects.using(alias).bulk_create(cases)
        done += size
        if progress:
            progress(done, missing)


# --- a year of the booking calendar --------------------------------------------------------

# Three therapists, Monday to Saturday, several ranges a day on the local clock. The ranges
# differ, so the times page merges starts free with one, two or all three of them.
CALENDAR_THERAPISTS = [
    # (display name, buffer minutes, Monday-Friday ranges, Saturday ranges)
    ("Riley Reed, PT", 0, ["07:00-11:00", "12:00-16:00"], ["08:00-12:00"]),
    ("Dana Shah, DPT", 10, ["09:00-12:30", "13:30-18:00", "18:30-20:00"], ["09:00-13:00"]),
    ("Omar Cohen, PT", 0, ["06:30-10:00", "11:00-14:00", "15:00-19:00"], ["07:00-11:00"]),
]
BOOKED_SHARE = 0.4


@dataclasses.dataclass
class TherapistPlan:
    """One therapist's calendar: weekly hours, time off and booked visit starts (UTC)."""

    name: str
    buffer_minutes: int
    hours: dict[int, list[tuple[time, time]]]
    time_off: list[tuple[datetime, datetime, str]] = dataclasses.field(default_factory=list)
    visits: list[datetime] = dataclasses.field(default_factory=list)


def _ranges(texts: list[str]) -> list[tuple[time, time]]:
    return [tuple(time.fromisoformat(part) for part in text.split("-")) for text in texts]


def booking_calendar(
    first_day: date, days: int, *, tz: ZoneInfo, duration: timedelta, seed: int = 2026
) -> list[TherapistPlan]:
    """A clinic's calendar from `first_day` on: time off spread over the days (two weeks of
    holiday, single days, a few hours for a course or a meeting), and BOOKED_SHARE of the
    remaining slots booked. The slots are the app's own (slots.free_starts), so every visit
    sits where the booking page would have offered it and no two overlap."""
    rng = random.Random(seed)
    span = days_from(first_day, days)

    def local(day: date, at: time = time.min) -> datetime:
        return datetime.combine(day, at, tz).astimezone(UTC)

    plans = []
    for name, buffer, weekday_ranges, saturday_ranges in CALENDAR_THERAPISTS:
        hours = {weekday: _ranges(weekday_ranges) for weekday in range(5)}
        hours[5] = _ranges(saturday_ranges)
        plan = TherapistPlan(name, buffer, hours)
        for _ in range(2):
            holiday = rng.choice(span[:-7])
            plan.time_off.append((local(holiday), local(holiday + timedelta(days=7)), "holiday"))
        for _ in range(days // 15):
            day = rng.choice(span)
            plan.time_off.append((local(day), local(day + timedelta(days=1)), "day off"))
        for _ in range(days // 10):
            day = rng.choice(span)
            start = local(day, time(rng.randint(8, 15), rng.choice([0, 30])))
            length = timedelta(hours=rng.choice([1, 2, 3]))
            plan.time_off.append((start, start + length, rng.choice(["course", "meeting"])))
        plan.time_off.sort()
        off = [Span(start, end) for start, end, _ in plan.time_off]
        grid = free_starts(
            TherapistWeek(0, hours, busy=[], time_off=off, buffer=timedelta(minutes=buffer)),
            span,
            duration=duration,
            tz=tz,
            earliest=local(span[0]),
            latest=local(span[-1] + timedelta(days=1)),
        )
        plan.visits = [start for start in grid if rng.random() < BOOKED_SHARE]
        plans.append(plan)
    return plans


def calendar_load(
    alias: str,
    plans: list[TherapistPlan],
    *,
    until: datetime,
    since: datetime | None = None,
    prefix: str = "calendar",
) -> dict:
    """The calendar's rows that start before `until` (and from `since`, to extend a calendar
    loaded before), with bulk_create: therapists and their hours once, time off, and each
    booked visit with its own runner and case. The booking horizon is a year, so the whole
    calendar is bookable. Returns the counts of rows added."""
    clinic, _ = ClinicProfile.objects.using(alias).get_or_create(pk=1)
    clinic.booking_horizon_days = 365
    clinic.save(using=alias)
    visit_type = VisitType.objects.using(alias).filter(is_default=True).first()
    if visit_type is None:
        # Migration 0003 writes the default type without .using(): only `default` has it.
        visit_type = VisitType.objects.using("default").get(is_default=True)
        visit_type.pk = None
        visit_type.save(using=alias)
    duration = timedelta(minutes=visit_type.duration_minutes)
    users = get_user_model().objects.db_manager(alias)

    def wanted(start: datetime) -> bool:
        return (since is None or start >= since) and start < until

    counts = {"visits": 0, "time_off": 0}
    with transaction.atomic(using=alias):
        for number, plan in enumerate(plans):
            username = f"{prefix}{number}"
            therapist = Therapist.objects.using(alias).filter(user__username=username).first()
            if therapist is None:
                therapist = Therapist.objects.using(alias).create(
                    user=users.create_user(username, f"{username}@example.com"),
                    display_name=plan.name,
                    buffer_minutes=plan.buffer_minutes,
                )
                WorkingHours.objects.using(alias).bulk_create(
                    WorkingHours(therapist=therapist, weekday=weekday, start=start, end=end)
                    for weekday, ranges in plan.hours.items()
                    for start, end in ranges
                )
            time_off = [
                TimeOff(therapist=therapist, start=start, end=end, reason=reason)
                for start, end, reason in plan.time_off
                if wanted(start)
            ]
            TimeOff.objects.using(alias).bulk_create(time_off)
            starts = [start for start in plan.visits if wanted(start)]
            runners = Runner.objects.using(alias).bulk_create(
                Runner(
                    first_name=FIRST[index % len(FIRST)],
                    last_name=LAST[index % len(LAST)],
                    email=f"{prefix}.{number}.{start:%Y%m%d%H%M}@example.com",
                    phone=f"919-555-{index % 10_000:04d}",
                )
                for index, start in enumerate(starts)
            )
            cases = Case.objects.using(alias).bulk_create(
                Case(
                    runner=runner,
                    triage_level=ROUTINE,
                    ruleset_version="2026.1",
                    status=Case.Status.VISIT_BOOKED,
                )
                for runner in runners
            )
            buffer = timedelta(minutes=plan.buffer_minutes)
            Visit.objects.using(alias).bulk_create(
                Visit(
                    case=case,
                    therapist=therapist,
                    visit_type=visit_type,
                    start=start,
                    end=start + duration,
                    blocked_until=start + duration + buffer,
                )
                for case, start in zip(cases, starts, strict=True)
            )
            counts["visits"] += len(starts)
            counts["time_off"] += len(time_off)
        CalendarVersion.bump(using=alias)
    return counts
