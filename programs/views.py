"""The runner's plan: opened from a private link, then a session holds the plan id."""

from datetime import date
from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.i18n import runner_language
from clinic.links import link_issue
from clinic.models import PrivateLink
from clinic.text import strip_controls, whole_number
from intake.http import (
    CARE_KEY,
    expired_page,
    link_trade,
    no_session_page,
    no_store,
    private,
    public_form,
    resolve_link,
)
from programs.emails import plan_link_lifetime
from programs.ics import plan_calendar
from programs.models import Plan, PlanSession
from programs.offline import COPY_HEADER, client_key, plan_copy_key
from programs.printed import plan_outline, plan_week_sheet
from programs.progress import plan_progress, plan_progress_cached
from programs.selectors import plan_week, plan_week_cached, with_refused_log
from programs.services import LogError, session_log

PLAN_KEY = "plan_id"


def _today(request):
    return timezone.now().astimezone(ZoneInfo(request.clinic.timezone)).date()


class NoPlan(Exception):
    """This browser holds no plan: the page answers with the no-session page."""


def _session_plan(request) -> Plan:
    """The plan a link opened, or the latest plan of the case My care holds."""
    plan_id = request.session.get(PLAN_KEY)
    plan = Plan.objects.filter(pk=plan_id).first() if plan_id else None
    if plan is None and request.session.get(CARE_KEY):
        plan = Plan.objects.filter(case_id=request.session[CARE_KEY]).first()
        if plan is not None:
            request.session[PLAN_KEY] = plan.pk
    if plan is None:
        raise NoPlan
    return plan


def needs_plan(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NoPlan:
            return no_session_page(request)

    return guarded


@never_cache
def plan_open(request, token: str):
    return link_trade(
        request,
        token,
        PrivateLink.Purpose.PLAN,
        session_key=PLAN_KEY,
        then="programs:plan",
        case_of=lambda pk: Plan.objects.filter(pk=pk).values_list("case_id", flat=True).first(),
    )


def _parse_pain(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    # Not a whole number (a letter, "²", a million digits): refused with the same message as 11.
    pain = whole_number(raw, digits=2)
    return -1 if pain is None else pain


def _chosen_day(request) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None


def _posted_session(plan: Plan, raw: str) -> PlanSession | None:
    pk = whole_number(raw, digits=17)  # a bigint id, never an overflow
    if pk is None:
        return None
    return PlanSession.objects.filter(plan=plan, pk=pk).first()


PLAN_TEMPLATE = "programs/plan.html"


def plan_page_context(view, progress, *, error: str = "", logged: str = "") -> dict:
    return {"view": view, "progress": progress, "error": error, "logged": logged}


def plan_page_html(request, plan: Plan, today: date) -> str:
    """The runner's plan page on `today`, read fresh (not from the cache): the builder's
    preview of a plan that is never saved."""
    context = plan_page_context(plan_week(plan, today), plan_progress(plan, today))
    return render_to_string(PLAN_TEMPLATE, {**context, "builder_preview": True}, request=request)


@public_form
@needs_plan
def plan_page(request):
    plan = _session_plan(request)
    today = _today(request)
    day = _chosen_day(request)
    error = ""
    if request.method == "POST":
        session = _posted_session(plan, request.POST.get("session", ""))
        pain = _parse_pain(request.POST.get("pain"))
        # No control characters in stored text (PostgreSQL refuses a NUL); the rest is kept.
        note = strip_controls(request.POST.get("note", ""))[:1000]
        try:
            if session is None:
                raise LogError(gettext("That session is not in your plan. Please choose it again."))
            session_log(
                session=session,
                outcome=request.POST.get("outcome", ""),
                pain_during=pain,
                note=note,
                today=today,
                client_key=client_key(request.POST.get("client_key")),
            )
        except LogError as problem:
            error = problem.message
        else:
            url = f"{reverse('programs:plan')}?day={session.date}&logged={session.pk}"
            return no_store(redirect(f"{url}#s{session.pk}"))
    view = plan_week_cached(plan, today, session.date if error and session else day)
    if error and session:  # the refused log's day again, with what was sent
        view = with_refused_log(view, session.pk, request.POST.get("pain", ""), note)
    context = plan_page_context(
        view, plan_progress_cached(plan, today), error=error, logged=request.GET.get("logged", "")
    )
    # A page with forms keeps the same-origin referrer (no-referrer makes browsers send
    # `Origin: null`, which CSRF refuses); its URL carries no token.
    response = render(request, PLAN_TEMPLATE, context)
    response[COPY_HEADER] = plan_copy_key(request, plan.pk)  # the service worker's copy
    return no_store(response)


@never_cache
@needs_plan
def plan_print(request):
    plan = _session_plan(request)
    phases, stages = plan_outline(plan)
    week_number, week = plan_week_sheet(plan, _today(request))
    context = {
        "plan": plan,
        "week_number": week_number,
        "week": week,
        "phases": phases,
        "stages": stages,
        "sessions": PlanSession.objects.filter(plan=plan).select_related("phase", "stage"),
    }
    return private(render(request, "programs/print.html", context))


@require_POST
@public_form
@needs_plan
def plan_feed_link(request):
    """A calendar address to subscribe to. Only its hash is stored, so it is shown once;
    asking again makes a new one and retires the old."""
    plan = _session_plan(request)
    PrivateLink.objects.filter(
        purpose=PrivateLink.Purpose.PLAN_FEED, object_id=plan.pk, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = link_issue(
        purpose=PrivateLink.Purpose.PLAN_FEED, object_id=plan.pk, ttl=plan_link_lifetime(plan)
    )
    feed = settings.PORTAL_BASE_URL + reverse("programs:plan_feed", args=[token])
    webcal = "webcal://" + feed.split("://", 1)[1]
    return private(render(request, "programs/feed_link.html", {"feed": feed, "webcal": webcal}))


def plan_feed(request, token: str):
    link, refusal = resolve_link(request, token, PrivateLink.Purpose.PLAN_FEED)
    if refusal:
        return refusal
    plan = Plan.objects.select_related("case__runner").filter(pk=link.object_id).first()
    if plan is None:
        return expired_page(request)
    sessions = PlanSession.objects.filter(plan=plan).select_related("phase", "stage")
    # A calendar app has no session or language switch: the runner's own language.
    with runner_language(plan.case.runner.language):
        body = plan_calendar(plan, sessions, request.clinic, settings.PORTAL_BASE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="plan.ics"'
    return private(response)
