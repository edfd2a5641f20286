"""The runner's home, "My care": every private link leads here or links here."""

from zoneinfo import ZoneInfo

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clinic.models import PrivateLink
from intake.booking.views import MANAGE_KEY
from intake.http import (
    CARE_KEY,
    care_grant,
    expired_page,
    no_session_page,
    no_store,
    private,
    public_form,
    resolve_link,
)
from intake.models import Case
from programs.care import care_read
from programs.checkins.views import CHECKIN_KEY
from programs.models import CheckIn, Plan
from programs.services import plan_checkins_pause
from programs.views import PLAN_KEY


def _care_case(request) -> Case | None:
    case_id = request.session.get(CARE_KEY)
    if not case_id:
        return None
    # What the page shows of the case: not its answers, the biggest column it has.
    shown = ("triage_level", "reasons", "runner__first_name")
    return Case.objects.select_related("runner").only(*shown).filter(pk=case_id).first()


@never_cache
def care_page(request):
    case = _care_case(request)
    if case is None:
        return no_session_page(request)
    now = timezone.now()
    today = now.astimezone(ZoneInfo(request.clinic.timezone)).date()
    care = care_read(case=case, clinic=request.clinic, now=now, today=today)
    # The page's buttons lead to the visit and plan pages, which read these keys; written
    # only when they change, so a look at the page costs no session write.
    for key, shown in ((MANAGE_KEY, care.visit), (PLAN_KEY, care.plan)):
        if shown and request.session.get(key) != shown.pk:
            request.session[key] = shown.pk
    # Never cached; the same-origin referrer stays, as on every page with a form (its sign
    # out button): with no-referrer browsers send `Origin: null` and CSRF refuses the POST.
    return no_store(render(request, "programs/care.html", {"care": care, "today": today}))


@never_cache
def care_checkin(request, checkin_id: int):
    """A check-in listed on My care: opened as its e-mailed link would open it."""
    case = _care_case(request)
    checkin = CheckIn.objects.filter(pk=checkin_id, case=case).first() if case else None
    if checkin is None:
        return no_session_page(request)
    request.session[CHECKIN_KEY] = checkin.pk
    return private(redirect("programs:checkin"))


@require_POST
@public_form
def care_sign_out(request):
    """Ends this browser's session: the links in the e-mails still open My care again."""
    request.session.flush()
    response = private(render(request, "programs/signed_out.html"))
    # What the plan's service worker kept on this phone (the plan, its media, logs waiting
    # to be sent) goes too: a shared phone keeps nothing of this runner.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@csrf_exempt  # a mail app's one-click POST (RFC 8058) has no cookie: the token is the key
@never_cache
def checkins_stop(request, token: str):
    """A plan's check-in e-mails' List-Unsubscribe address. A GET (a person, or a mail
    scanner following links) only asks; the POST, from the page's button or a mail app's
    one-click unsubscribe, stops them."""
    link, refusal = resolve_link(request, token, PrivateLink.Purpose.CHECKINS_STOP)
    if refusal:
        return refusal
    plan = Plan.objects.filter(pk=link.object_id).first()
    if plan is None:
        return expired_page(request)
    # A private link like the others: it opens My care too, so the page is no dead end.
    care_grant(request, plan.case_id)
    stopped = plan.checkins_paused_at is not None
    if request.method == "POST":
        plan_checkins_pause(plan=plan)
        stopped = True
    # The address holds the token: never referred, never cached.
    return private(render(request, "programs/checkins_stop.html", {"stopped": stopped}))
