"""The runner's booking pages: times, confirm, done, and the private manage link."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from clinic.forms import PortalForm
from clinic.layout import portal_helper
from clinic.models import PrivateLink, Therapist
from clinic.net import client_ip
from intake.booking.ics import visit_calendar
from intake.booking.selectors import (
    BookingRules,
    active_therapists,
    booking_offer,
    free_slots,
    shown_starts_by_day,
)
from intake.booking.services import (
    AlreadyBooked,
    BookingError,
    BookingRefused,
    SlotUnavailable,
    case_open_without_intake,
    unavailable_error,
    visit_book,
    visit_cancel,
    visit_reschedule,
)
from intake.booking.slots import days_from
from intake.booking.words import clock
from intake.forms import EMAIL_ERRORS, ContactForm
from intake.http import (
    CARE_KEY,
    care_grant,
    expired_page,
    limited,
    link_trade,
    no_session_page,
    no_store,
    private,
    public_form,
    resolve_link,
)
from intake.models import Case, IntakeDraft, Visit
from intake.triage.levels import EMERGENCY, SOON
from intake.views import CASE_KEY, DRAFT_KEY, draft_continue

WEEK_DAYS = 14
EARLIEST_SHOWN = 6
VISIT_KEY = "booked_visit_id"
MANAGE_KEY = "manage_visit_id"
SLOT_FORMAT = "%Y%m%dT%H%MZ"


class BookWithoutIntakeForm(PortalForm):
    first_name = ContactForm.base_fields["first_name"]
    last_name = ContactForm.base_fields["last_name"]
    email = ContactForm.base_fields["email"]
    phone = ContactForm.base_fields["phone"]
    problem = forms.CharField(
        label=_("In one line, what is the problem?"),
        max_length=200,
        help_text=_("For example: pain on the outside of my right hip after long runs."),
        error_messages={"required": _("Tell us in a few words what the problem is.")},
    )
    clean_phone = ContactForm.clean_phone

    helper = portal_helper("first_name", "last_name", "email", "phone", "problem")


class ConfirmForm(PortalForm):
    email = forms.EmailField(label=_("E-mail for the confirmation"), error_messages=EMAIL_ERRORS)
    phone = ContactForm.base_fields["phone"]
    clean_phone = ContactForm.clean_phone

    helper = portal_helper("email", "phone", "mode")  # "mode" where video visits are offered

    def __init__(self, *args, video_available=False, **kwargs):
        super().__init__(*args, **kwargs)
        if video_available:
            self.fields["mode"] = forms.ChoiceField(
                label=_("Where?"),
                choices=Visit.Mode.choices,
                initial=Visit.Mode.IN_CLINIC,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose in the clinic or by video call.")},
            )


def slot_param(start: datetime) -> str:
    return start.astimezone(UTC).strftime(SLOT_FORMAT)


def _parse_slot(raw: str | None) -> datetime | None:
    try:
        return datetime.strptime(raw or "", SLOT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _session_case(request) -> Case | None:
    """The case the runner is booking for (from the result page, or My care): the pages need
    its level; the runner is read only by the page that confirms contact details."""
    case_id = request.session.get(CASE_KEY) or request.session.get(CARE_KEY)
    if not case_id:
        return None
    # Whether a visit is booked already, in the same query: the pages then show that visit.
    booked = Visit.objects.filter(case=OuterRef("pk"), status=Visit.Status.BOOKED)
    cases = Case.objects.only("pk", "triage_level", "runner_id").annotate(held=Exists(booked))
    return cases.filter(pk=case_id).first()


def _rescheduling(request) -> Visit | None:
    if request.GET.get("reschedule") != "1" and request.POST.get("reschedule") != "1":
        return None
    visit_id = request.session.get(MANAGE_KEY)
    return Visit.objects.select_related("case__runner").filter(pk=visit_id).first()


def _refused(request):
    return no_store(render(request, "booking/refused.html", status=403))


def _already_booked(request, error: AlreadyBooked, status: int = 200):
    """The case's booked visit instead of a second one, with the way to change it: this
    session holds the case, so it may manage the case's visit."""
    request.session[MANAGE_KEY] = error.visit.pk
    context = {"message": error.message, "visit": error.visit}
    return no_store(render(request, "booking/already.html", context, status=status))


def _booking_limited(request, email: str):
    """Each booking POST counts, per address and per e-mail: a booking e-mails the runner
    and staff, so a flood of them is a flood of mail."""
    return limited(request, ("booking-ip", client_ip(request)), ("booking-email", email))


@public_form
def book_start(request):
    """From a triage result the case is known; otherwise a short form opens one."""
    case = _session_case(request)
    if case is not None:
        return redirect("intake:book_times")
    if request.method == "POST":
        refusal = _booking_limited(request, request.POST.get("email", ""))
        if refusal:
            return refusal
    form = BookWithoutIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = case_open_without_intake(
            contact={key: data[key] for key in ("first_name", "last_name", "email", "phone")},
            problem=data["problem"],
        )
        request.session[CASE_KEY] = case.pk
        request.session[CARE_KEY] = case.pk
        return redirect("intake:book_times")
    return no_store(render(request, "booking/start.html", {"form": form}))


def _first_day(request, rules: BookingRules) -> date:
    try:
        first = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        first = rules.today
    last_day = rules.latest.astimezone(rules.tz).date()
    return min(max(first, rules.today), last_day)


# The times page labels its days and times here rather than with the template's date filter:
# some fifty labels a view, and the filter's localisation machinery was a third of the page's
# rendering. Names are Django's translations ("Thu", "jue").
def _day_label(day: date) -> dict:
    month = MONTHS_3[day.month].title()
    return {
        "name": str(WEEKDAYS_ABBR[day.weekday()]),
        "date": gettext("%(month)s %(day)s") % {"month": month, "day": day.day},
    }


def _slot_links(starts: list[datetime], keep: str, tz) -> list[dict]:
    confirm = reverse("intake:book_confirm")
    links = []
    for start in starts:
        local = start.astimezone(tz)
        links.append(
            {
                "local": local,
                "clock": clock(local),
                "href": f"{confirm}?start={slot_param(start)}&{keep}",
            }
        )
    return links


def _times_context(request, case: Case, *, message: str = "") -> dict:
    """A compact fortnight: a button per day with its number of free times, and the times of
    the chosen day (by default the first day with any)."""
    rules = BookingRules.for_clinic(request.clinic)
    visit_type = request.visit_type
    therapists = request.offer.therapists
    chosen = request.GET.get("therapist") or request.POST.get("therapist") or ""
    shown = [t for t in therapists if str(t.pk) == chosen] or therapists
    first = _first_day(request, rules)
    days = days_from(first, WEEK_DAYS)
    by_day = shown_starts_by_day(offer=request.offer, days=days, therapists=shown, rules=rules)
    try:
        selected = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        selected = None
    if selected not in by_day:
        selected = next((day for day, starts in by_day.items() if starts), first)
    reschedule = _rescheduling(request) is not None
    keep = urlencode({"therapist": chosen, **({"reschedule": "1"} if reschedule else {})})
    later = first + timedelta(days=WEEK_DAYS)
    soonest = [start for starts in by_day.values() for start in starts][:EARLIEST_SHOWN]
    return {
        "case": case,
        "message": message,
        "visit_type": visit_type,
        "therapists": therapists,
        "chosen": chosen,
        "keep": keep,
        "reschedule": reschedule,
        "days": [
            {
                **_day_label(day),
                "count": len(starts),
                "selected": day == selected,
                "query": f"from={first.isoformat()}&day={day.isoformat()}&{keep}",
            }
            for day, starts in by_day.items()
        ],
        "selected": selected,
        "times": _slot_links(by_day[selected], keep, rules.tz),
        "earliest": (
            _slot_links(soonest, keep, rules.tz)
            if case.triage_level == SOON and first == rules.today
            else []
        ),
        "previous": (first - timedelta(days=WEEK_DAYS)) if first > rules.today else None,
        "next": later if later <= rules.latest.astimezone(rules.tz).date() else None,
    }


def _booking_for(request):
    """(visit being moved or None, case, None) when booking may go on; otherwise
    (None, None, the answer): no case yet, an emergency, or no visit type on offer.
    The visit type found is kept on the request for the rest of the view."""
    visit = _rescheduling(request)
    case = visit.case if visit else _session_case(request)
    if case is None:
        return None, None, redirect("intake:book_start")
    if case.triage_level == EMERGENCY:
        return None, None, _refused(request)
    if visit is None and case.held:
        # Any booked visit, the front desk's too: the runner changes that one instead.
        held = (
            Visit.objects.filter(case=case, status=Visit.Status.BOOKED)
            .select_related("visit_type")
            .first()
        )
        if held:
            error = AlreadyBooked(held, request.clinic.timezone)
            refusal = _already_booked(request, error, 409 if request.method == "POST" else 200)
            return None, None, refusal
    request.offer = booking_offer()
    request.visit_type = request.offer.visit_type
    if request.visit_type is None:
        return None, None, no_store(render(request, "booking/unavailable.html"))
    return visit, case, None


@never_cache
def book_times(request):
    _chosen, case, answer = _booking_for(request)
    if answer:
        return answer
    return no_store(render(request, "booking/times.html", _times_context(request, case)))


def _pick_therapist(start: datetime, therapist_id: str, rules, visit_type) -> Therapist | None:
    """The chosen therapist, or for "any" the first one free at that time."""
    candidates = [t for t in active_therapists() if not therapist_id or str(t.pk) == therapist_id]
    day = start.astimezone(rules.tz).date()
    for slot in free_slots(days=[day], therapists=candidates, visit_type=visit_type, rules=rules):
        if slot.start == start:
            return next(t for t in candidates if t.pk == slot.therapist_ids[0])
    return None


@public_form
def book_confirm(request):
    visit, case, answer = _booking_for(request)
    if answer:
        return answer
    if request.method == "POST":
        refusal = _booking_limited(request, request.POST.get("email") or case.runner.email)
        if refusal:
            return refusal
    start = _parse_slot(request.GET.get("start") or request.POST.get("start"))
    therapist_id = request.GET.get("therapist") or request.POST.get("therapist") or ""
    visit_type = request.visit_type
    rules = BookingRules.for_clinic(request.clinic)
    # Only a time inside the booking window is looked up: one in year 9999 or 0001 is not on
    # offer, and the calendar arithmetic around it would overflow.
    bookable = start is not None and rules.earliest <= start <= rules.latest
    therapist = _pick_therapist(start, therapist_id, rules, visit_type) if bookable else None
    if therapist is None:
        error = unavailable_error(start=start) if bookable else SlotUnavailable()
        context = _times_context(request, case, message=error.message)
        return no_store(render(request, "booking/times.html", context, status=409))
    # Moving a visit keeps its contact details; a new booking confirms them.
    form = (
        None
        if visit
        else ConfirmForm(
            request.POST or None,
            initial={"email": case.runner.email, "phone": case.runner.phone},
            video_available=visit_type.video_available,
        )
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if visit:
                booked = visit_reschedule(visit=visit, therapist=therapist, start=start)
            else:
                case.runner.email = form.cleaned_data["email"]
                case.runner.phone = form.cleaned_data["phone"]
                case.runner.save(update_fields=["email", "phone"])
                booked = visit_book(
                    case=case,
                    therapist=therapist,
                    start=start,
                    visit_type=visit_type,
                    mode=form.cleaned_data.get("mode", Visit.Mode.IN_CLINIC),
                )
        except BookingRefused:
            return _refused(request)
        except AlreadyBooked as error:
            return _already_booked(request, error, status=409)
        except BookingError as error:
            context = _times_context(request, case, message=error.message)
            return no_store(render(request, "booking/times.html", context, status=409))
        request.session[VISIT_KEY] = booked.pk
        return redirect("intake:book_done")
    context = {
        "form": form,
        "case": case,
        "therapist": therapist,
        "visit_type": visit_type,
        "start": start.astimezone(rules.tz),
        "slot": slot_param(start),
        "therapist_param": therapist_id,
        "reschedule": visit is not None,
    }
    return no_store(render(request, "booking/confirm.html", context))


@never_cache
def book_done(request):
    visit = (
        Visit.objects.select_related("therapist", "visit_type")
        .filter(pk=request.session.get(VISIT_KEY))
        .first()
    )
    if visit is None:
        return redirect("intake:book_start")
    # The runner who booked it may change, cancel or add it to a calendar from here.
    request.session[MANAGE_KEY] = visit.pk
    if visit.status != Visit.Status.BOOKED:  # e.g. cancelled since, from the same browser
        return no_store(render(request, "booking/manage.html", {"visit": visit}))
    return no_store(render(request, "booking/done.html", {"visit": visit}))


@never_cache
def visit_manage_open(request, token: str):
    return link_trade(
        request,
        token,
        PrivateLink.Purpose.VISIT_MANAGE,
        session_key=MANAGE_KEY,
        then="intake:visit_manage",
        case_of=_case_of_visit,
    )


def _case_of_visit(visit_id: int) -> int | None:
    return Visit.objects.filter(pk=visit_id).values_list("case_id", flat=True).first()


def _managed_visit(request) -> Visit | None:
    """The visit a link opened, or the booked visit of the case this browser's My care holds
    (its change and cancel buttons lead here)."""
    visits = Visit.objects.select_related("therapist", "visit_type", "case__runner")
    visit = visits.filter(pk=request.session.get(MANAGE_KEY)).first()
    if visit is None and request.session.get(CARE_KEY):
        visit = visits.filter(case_id=request.session[CARE_KEY], status=Visit.Status.BOOKED).first()
        if visit is not None:
            request.session[MANAGE_KEY] = visit.pk
    return visit


@public_form
def visit_manage(request):
    visit = _managed_visit(request)
    if visit is None:
        return no_session_page(request)
    message = ""
    action = request.POST.get("action") if request.method == "POST" else ""
    if action == "cancel":
        try:
            visit = visit_cancel(visit=visit)
        except BookingError as error:
            message = error.message
    rules = BookingRules.for_clinic(request.clinic)
    context = {
        "visit": visit,
        "message": message,
        # "Cancel" asks once, on this same page, before anything is cancelled.
        "confirming": action == "ask-cancel" and visit.status == Visit.Status.BOOKED,
        "changeable": visit.status == Visit.Status.BOOKED and visit.start >= rules.earliest,
    }
    return no_store(render(request, "booking/manage.html", context))


@never_cache
def visit_calendar_file(request):
    """ "Add to calendar": the same calendar file as the confirmation e-mail's, for the visit
    this browser holds."""
    visit = _managed_visit(request) or (
        Visit.objects.select_related("therapist", "visit_type")
        .filter(pk=request.session.get(VISIT_KEY))
        .first()
    )
    if visit is None:
        return no_session_page(request)
    body = visit_calendar(visit, request.clinic, cancelled=visit.status == Visit.Status.CANCELLED)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="visit.ics"'
    return private(response)


def _invited_draft(case: Case) -> IntakeDraft:
    """The draft completing a case booked without an intake: the unfinished one, or a new
    one with the contact the booking gave."""
    draft = case.invited_drafts.filter(submitted_at__isnull=True).first()
    if draft is None:
        runner = case.runner
        contact = {
            "first_name": runner.first_name,
            "last_name": runner.last_name,
            "email": runner.email,
            "phone": runner.phone,
        }
        draft = IntakeDraft.objects.create(for_case=case, email=runner.email, steps={"1": contact})
    return draft


def _intake_go_on(request, case: Case):
    draft = _invited_draft(case)
    request.session[DRAFT_KEY] = draft.pk
    request.session.pop(CASE_KEY, None)
    # Where the runner left off, as the resume link opens it: a second open of the
    # invitation must not start again at step 1.
    return private(draft_continue(draft))


@never_cache
def intake_invite(request, token: str):
    """From the invitation e-mail: a draft that completes the booked case's intake."""
    link, refusal = resolve_link(request, token, PrivateLink.Purpose.INTAKE_INVITE)
    if refusal:
        return refusal
    case = Case.objects.select_related("runner").filter(pk=link.object_id).first()
    if case is None or case.intake_done:
        return expired_page(request)
    care_grant(request, case.pk)
    return _intake_go_on(request, case)


@never_cache
def intake_finish(request):
    """My care's "Finish your intake": the case My care holds, its intake where it was left."""
    case_id = request.session.get(CARE_KEY)
    case = Case.objects.select_related("runner").filter(pk=case_id).first() if case_id else None
    if case is None:
        return no_session_page(request)
    if case.intake_done:
        return private(redirect("programs:care"))
    return _intake_go_on(request, case)
