"""Response headers, private-link answers, rate limits and the honeypot for the runner's
pages."""

from functools import wraps

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from clinic import ratelimit
from clinic.i18n import language_keep
from clinic.links import LinkExpired, LinkInvalid, link_resolve
from clinic.net import client_ip
from clinic.views import form_refused

# A form field people never see (hidden by the stylesheet) but form-filling bots do fill.
HONEYPOT = "website"


def no_store(response):
    """Form pages: never cached. Their URLs carry no token, and they keep the site's
    same-origin referrer policy: with no-referrer, browsers send `Origin: null` on the
    form's POST and Django's CSRF check refuses it."""
    response["Cache-Control"] = "no-store"
    return response


def private(response):
    """Pages reached from a private link, their error pages and results: never cached,
    never referred."""
    response["Referrer-Policy"] = "no-referrer"
    return no_store(response)


def expired_page(request):
    return private(render(request, "intake/link_expired.html", status=410))


def resolve_link(request, token: str, purpose: str):
    """(link, None) for a good private link, or (None, the clear page to answer with):
    404 for an unknown, tampered or other-purpose token, 410 for an expired or revoked one,
    429 once an address has missed too often (then even a good token waits: guessing must
    not go on in between)."""
    ip = client_ip(request)
    wait = ratelimit.blocked("link-miss-ip", ip)
    if wait:
        return None, private(ratelimit.too_many(request, wait))
    try:
        return link_resolve(token=token, purpose=purpose), None
    except LinkInvalid:
        wait = ratelimit.hit("link-miss-ip", ip)
        if wait:
            return None, private(ratelimit.too_many(request, wait))
        return None, private(render(request, "intake/link_invalid.html", status=404))
    except LinkExpired:
        # Not counted: a calendar app keeps polling a retired feed address, and many
        # runners' feeds are fetched from the same few addresses.
        return None, expired_page(request)


# The case whose "My care" page this browser may open: set by every private link a runner
# gets and by the runner's own intake or booking, read by programs' My care page.
CARE_KEY = "care_case_id"


def care_grant(request, case_id: int | None, *, language: str = "") -> None:
    """A link was opened: a fresh session key (as after any login), holding the link's case.
    A link of another runner's case opened in this browser (a shared phone or computer)
    starts an empty session instead, so nothing of the first runner's stays reachable.
    The pages go on in the runner's language (a draft's `language` before there is a case)."""
    held = request.session.get(CARE_KEY)
    if held is not None and held != case_id:
        request.session.flush()
    else:
        request.session.cycle_key()
    if case_id is not None:
        request.session[CARE_KEY] = case_id
        from intake.models import Runner

        runner = Runner.objects.filter(cases__pk=case_id).values_list("language", flat=True)
        language = runner.first() or language
    if language:
        language_keep(request, language)


def no_session_page(request):
    """A runner page opened without the session a link gives: the portal's own page saying
    how to get in again, never a bare 404."""
    return private(render(request, "intake/no_session.html", status=404))


def link_trade(request, token: str, purpose: str, *, session_key: str, then: str, case_of):
    """The first open of a private link: trade the token for the session (holding the link's
    object id under `session_key`, and its case, `case_of(object_id)`, for My care) and
    continue at `then`, a URL without the token; or the clear page for a bad link."""
    link, refusal = resolve_link(request, token, purpose)
    if refusal:
        return refusal
    case_id = case_of(link.object_id)
    if case_id is None:  # the object is gone (erased, deleted): the link opens nothing
        return expired_page(request)
    care_grant(request, case_id)
    request.session[session_key] = link.object_id
    return private(redirect(then))


def limited(request, *checks: tuple[str, str]):
    """The 429 page when one of the (scope, key) attempts goes over its limit, else None.
    Each scope is counted once per call; a blank key (no e-mail yet) is skipped."""
    wait = ratelimit.first_wait(*checks)
    return no_store(ratelimit.too_many(request, wait)) if wait else None


def public_form(view):
    """The runner's form pages: GET and POST only, never cached, and a POST whose hidden
    honeypot field is filled is refused (a person never sees the field).

    One wrapper instead of Django's three decorators: each wrapper deepens the stack the
    page's deeply nested templates render in, and on CPython 3.11 that alone showed up in
    `make bench` (intake_step_get 0.7x -> 1.1x of its baseline with three more layers)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if request.method == "POST" and request.POST.get(HONEYPOT):
            response = form_refused(request, "honeypot")  # nothing saved, the draft kept
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return guarded
