"""Booking writes. The database has the last word on double booking: a losing request gets
SlotTaken, never an IntegrityError."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic import i18n
from clinic.models import CalendarVersion, ClinicProfile, OutboundEmail, Therapist
from clinic.outbox import Outgoing, email_enqueue_many
from intake.booking.ics import CANCEL, PUBLISH, visit_event
from intake.booking.selectors import BookingRules, slot_is_free
from intake.booking.words import visit_when, zone_named
from intake.models import ACTIVE_VISIT, Case, Runner, Visit, VisitType
from intake.triage.levels import EMERGENCY, SOON, URGENT

REMINDER_BEFORE = timedelta(hours=24)


class BookingError(Exception):
    # Lazy: shown in the language of the page (the runner's, or English in the admin).
    message: "str | Promise" = gettext_lazy("That time can't be booked.")

    def __init__(self, message: "str | Promise | None" = None):
        super().__init__(message or self.message)
        self.message = message or self.message


class BookingRefused(BookingError):
    message = gettext_lazy(
        "Your answers need emergency care, so we can't book a clinic visit. Go to an "
        "emergency department now or call 911."
    )


class SlotUnavailable(BookingError):
    message = gettext_lazy("That time is not available. Please choose another.")


class SlotTaken(SlotUnavailable):
    message = gettext_lazy("That time was just taken by someone else. Please choose another.")


class AlreadyBooked(BookingError):
    """The case holds a booked visit already: the runner changes that one instead."""

    def __init__(self, visit: Visit, zone: str):
        when = zone_named(visit_when(visit.start, zone), zone)
        super().__init__(
            _("You already have a %(type)s on %(when)s - change it instead.")
            % {"type": visit.visit_type.name, "when": when}
        )
        self.visit = visit


class TooLate(BookingError):
    message = gettext_lazy("This visit is too close to change online. Please call the clinic.")


def reminder_key(visit: Visit) -> str:
    return f"visit-reminder-{visit.pk}-{visit.sequence}"


def _visit_emails(visit: Visit, kind: str, clinic: ClinicProfile, **extra) -> list[Outgoing]:
    """The runner's e-mail of this kind, and the staff notice, each carrying the visit as
    it is now (its calendar event): what the e-mail announces, whatever happens next."""
    event = {**visit_event(visit, method=CANCEL if kind == "visit_cancelled" else PUBLISH), **extra}
    emails = [
        Outgoing(
            kind,
            visit.pk,
            visit.case.runner.email,
            f"{kind}-{visit.pk}-{visit.sequence}",
            payload=event,
        )
    ]
    emails += [
        Outgoing(
            f"staff_{kind}",
            visit.pk,
            address,
            f"staff-{kind}-{visit.pk}-{visit.sequence}-{address}",
            payload=event,
        )
        for address in clinic.staff_alert_list()
    ]
    return emails


def _queue_reminder(visit: Visit) -> None:
    due = visit.start - REMINDER_BEFORE
    if due > timezone.now():  # a visit booked less than a day ahead needs no reminder
        email_enqueue_many(
            [
                Outgoing(
                    "visit_reminder",
                    visit.pk,
                    visit.case.runner.email,
                    reminder_key(visit),
                    payload=visit_event(visit),
                )
            ],
            due_at=due,
        )


def _cancel_reminders(visit: Visit) -> None:
    OutboundEmail.objects.filter(
        kind="visit_reminder", object_id=visit.pk, status=OutboundEmail.Status.PENDING
    ).update(status=OutboundEmail.Status.CANCELLED)


def unavailable_error(*, start, therapist_ids=None) -> BookingError:
    """Why a time can't be had: taken (another visit holds it now) or never on offer."""
    visits = Visit.objects.filter(ACTIVE_VISIT, start__lte=start, blocked_until__gt=start)
    if therapist_ids is not None:
        visits = visits.filter(therapist_id__in=therapist_ids)
    return SlotTaken() if visits.exists() else SlotUnavailable()


def _check_bookable(
    case: Case, therapist: Therapist, start, visit_type, rules, *, clinician: bool = False
) -> None:
    # An emergency case is never booked by the runner or the front desk; a clinician who
    # has followed it up (the staff alert names a visit its intake cancelled) may rebook.
    if case.triage_level == EMERGENCY and not clinician:
        raise BookingRefused
    if not slot_is_free(therapist=therapist, start=start, visit_type=visit_type, rules=rules):
        raise unavailable_error(start=start, therapist_ids=[therapist.pk])


def _booked_visit(case: Case) -> Visit | None:
    return case.visits.filter(status=Visit.Status.BOOKED).select_related("visit_type").first()


def _place(visit: Visit, therapist: Therapist, start, visit_type: VisitType) -> None:
    """Set the times and save; the constraints refuse a taken or overlapping slot."""
    visit.therapist = therapist
    visit.start = start
    visit.end = start + timedelta(minutes=visit_type.duration_minutes)
    visit.blocked_until = visit.end + timedelta(minutes=therapist.buffer_minutes)
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError:
        raise SlotTaken from None
    CalendarVersion.bump()


def visit_book(
    *,
    case: Case,
    therapist: Therapist,
    start,
    visit_type: VisitType,
    mode: str = Visit.Mode.IN_CLINIC,
    by_staff: bool = False,
    clinician: bool = False,
    now=None,
) -> Visit:
    clinic = ClinicProfile.load()
    rules = BookingRules.for_clinic(clinic, now)
    with transaction.atomic():
        case = Case.objects.select_related("runner").get(pk=case.pk)
        _check_bookable(case, therapist, start, visit_type, rules, clinician=clinician)
        held = None if by_staff else _booked_visit(case)
        if held:
            raise AlreadyBooked(held, clinic.timezone)
        visit = Visit(case=case, visit_type=visit_type, mode=mode, booked_by_staff=by_staff)
        try:
            _place(visit, therapist, start, visit_type)
        except SlotTaken:
            # Two bookings of one case at once: the one-per-case constraint let the other in.
            held = None if by_staff else _booked_visit(case)
            if held:
                raise AlreadyBooked(held, clinic.timezone) from None
            raise
        if case.status in (Case.Status.NEW, Case.Status.CONTACTED):
            case.status = Case.Status.VISIT_BOOKED  # never backwards from a program
        case.priority = case.priority or case.triage_level == SOON
        case.call_today = case.call_today or case.triage_level == URGENT
        case.save(update_fields=["status", "priority", "call_today"])
        email_enqueue_many(_visit_emails(visit, "visit_booked", clinic))
        _queue_reminder(visit)
    return visit


def _check_changeable(visit: Visit, rules: BookingRules, by_staff: bool) -> None:
    if not visit.is_active or visit.status != Visit.Status.BOOKED:
        raise SlotUnavailable(_("This visit is no longer booked."))
    if not by_staff and visit.start < rules.earliest:
        raise TooLate


def visit_reschedule(*, visit: Visit, therapist: Therapist, start, by_staff=False, now=None):
    clinic = ClinicProfile.load()
    rules = BookingRules.for_clinic(clinic, now)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("case__runner").get(pk=visit.pk)
        _check_changeable(visit, rules, by_staff)
        _cancel_reminders(visit)
        old_start = visit.start.isoformat()
        # Free the old time first, so a move within the same hour is not refused by itself.
        visit.status = Visit.Status.CANCELLED
        visit.save(update_fields=["status"])
        _check_bookable(visit.case, therapist, start, visit.visit_type, rules)
        visit.status = Visit.Status.BOOKED
        visit.sequence += 1
        _place(visit, therapist, start, visit.visit_type)
        email_enqueue_many(_visit_emails(visit, "visit_rescheduled", clinic, old_start=old_start))
        _queue_reminder(visit)
    return visit


def visit_cancel(*, visit: Visit, by_staff=False, now=None) -> Visit:
    clinic = ClinicProfile.load()
    rules = BookingRules.for_clinic(clinic, now)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("case__runner").get(pk=visit.pk)
        _check_changeable(visit, rules, by_staff)
        visit.status = Visit.Status.CANCELLED
        visit.cancelled_at = timezone.now()
        visit.save(update_fields=["status", "cancelled_at"])
        CalendarVersion.bump()
        _cancel_reminders(visit)
        case = visit.case
        if (
            case.status == Case.Status.VISIT_BOOKED
            and not case.visits.filter(status=Visit.Status.BOOKED).exists()
        ):
            case.status = Case.Status.CONTACTED if case.contacted_at else Case.Status.NEW
            case.save(update_fields=["status"])
        email_enqueue_many(_visit_emails(visit, "visit_cancelled", clinic))
    return visit


def visits_cancel_for_emergency(*, case: Case) -> int:
    """An intake that ends in `emergency` cancels the case's self-booked visits (booked from
    /book/ before the intake): the runner needs an emergency department, not a clinic
    visit. The result page tells the runner and the staff alert names each visit
    (selectors.visits_cancelled_by_intake); staff can rebook. The case's status is set on
    the object, which the caller saves. Call inside the intake's transaction."""
    visits = list(
        Visit.objects.select_for_update().filter(
            case=case, status=Visit.Status.BOOKED, booked_by_staff=False
        )
    )
    for visit in visits:
        visit.status = Visit.Status.CANCELLED
        visit.cancelled_at = timezone.now()
        visit.save(update_fields=["status", "cancelled_at"])
        _cancel_reminders(visit)
    if visits:
        CalendarVersion.bump()
        if not case.visits.filter(status=Visit.Status.BOOKED).exists():
            if case.status == Case.Status.VISIT_BOOKED:
                case.status = Case.Status.CONTACTED if case.contacted_at else Case.Status.NEW
    return len(visits)


def visits_mark(*, visit_ids, status: str, now=None) -> int:
    """Front desk: attended or no-show, only once the visit has started (a visit in the
    future cannot have been attended). Attendance moves the case on to its program."""
    visits = Visit.objects.filter(
        pk__in=visit_ids, status=Visit.Status.BOOKED, start__lte=now or timezone.now()
    )
    case_ids = list(visits.values_list("case_id", flat=True))
    count = visits.update(status=status)
    if status == Visit.Status.ATTENDED:
        Case.objects.filter(pk__in=case_ids, status=Case.Status.VISIT_BOOKED).update(
            status=Case.Status.IN_PROGRAM
        )
    return count


def case_open_without_intake(*, contact: dict, problem: str) -> Case:
    """/book/ without an intake: a case marked "intake not done", and an e-mailed invitation
    to complete the intake before the visit."""
    with transaction.atomic():
        runner = Runner.objects.create(**contact, language=i18n.current())
        case = Case.objects.create(
            runner=runner,
            answers={"problem_summary": problem},
            triage_level=Case.Level.PENDING,
            ruleset_version="",
            reasons=[],
        )
        email_enqueue_many(
            [Outgoing("intake_invite", case.pk, runner.email, f"intake-invite-{case.pk}")]
        )
    return case
