"""The runner's check-in: opened from the e-mailed link, answered in under a minute."""

from zoneinfo import ZoneInfo

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from clinic.models import PrivateLink
from intake import guidance
from intake.http import link_trade, no_session_page, no_store, public_form
from intake.triage.levels import RANK, SOON
from intake.views import CASE_KEY
from programs.checkins.answers import checkin_answer
from programs.checkins.forms import FORMS, WARNING_SIGNS
from programs.models import CheckIn, SessionLog

CHECKIN_KEY = "checkin_id"


@never_cache
def checkin_open(request, token: str):
    return link_trade(
        request,
        token,
        PrivateLink.Purpose.CHECKIN,
        session_key=CHECKIN_KEY,
        then="programs:checkin",
        case_of=lambda pk: CheckIn.objects.filter(pk=pk).values_list("case_id", flat=True).first(),
    )


def _initial(checkin: CheckIn) -> dict:
    """The morning-after check-in starts from yesterday's run log, when there is one."""
    if not checkin.session_id:
        return {}
    log = SessionLog.objects.filter(session_id=checkin.session_id).first()
    if log is None:
        return {}
    return {"pain_during": log.pain_during, "completed": "yes" if log.outcome == "done" else "no"}


@public_form
def checkin_page(request):
    # The check-in's row (with the run it asks about, to name it): the case (its whole intake
    # as JSON) and the plan are read by checkin_answer itself, under its lock; a run's log only
    # for a morning-after check-in.
    checkin = (
        CheckIn.objects.filter(pk=request.session.get(CHECKIN_KEY))
        .select_related("session__stage")
        .first()
    )
    if checkin is None:
        return no_session_page(request)
    if checkin.status == CheckIn.Status.CANCELLED:
        return no_store(render(request, "programs/checkin_done.html", {"cancelled": True}))
    if checkin.kind == CheckIn.Kind.NUDGE_BOOKING:
        return _nudge(request, checkin)
    if checkin.status == CheckIn.Status.ANSWERED:
        return no_store(render(request, "programs/checkin_done.html", {"again": True}))
    form = FORMS[checkin.kind](request.POST or None, initial=_initial(checkin))
    if request.method == "POST" and form.is_valid():
        today = timezone.now().astimezone(ZoneInfo(request.clinic.timezone)).date()
        outcome = checkin_answer(checkin=checkin, answers=form.answers(), today=today)
        advice = (
            guidance.for_level(outcome.level, shoe_miles=request.clinic.shoe_replacement_miles)
            if outcome.level and RANK[outcome.level] <= RANK[SOON]
            else None
        )
        context = {"outcome": outcome, "advice": advice, "level": outcome.level}
        return no_store(render(request, "programs/checkin_done.html", context))
    context = {"form": form, "checkin": checkin, "sign_labels": dict(WARNING_SIGNS)}
    return no_store(render(request, "programs/checkin.html", context))


def _nudge(request, checkin: CheckIn):
    """The booking nudge: one button to the booking pages, for this runner's case."""
    if request.method == "POST":
        request.session[CASE_KEY] = checkin.case_id
        return redirect("intake:book_times")
    return no_store(render(request, "programs/checkin_nudge.html", {"checkin": checkin}))
