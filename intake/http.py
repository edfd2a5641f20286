"""Response headers and private-link answers for the runner's pages."""

from django.shortcuts import redirect, render

from clinic.links import LinkExpired, LinkInvalid, link_resolve


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
    404 for an unknown, tampered or other-purpose token, 410 for an expired or revoked one."""
    try:
        return link_resolve(token=token, purpose=purpose), None
    except LinkInvalid:
        return None, private(render(request, "intake/link_invalid.html", status=404))
    except LinkExpired:
        return None, expired_page(request)


def link_trade(request, token: str, purpose: str, *, session_key: str, then: str):
    """The first open of a private link: trade the token for the session (a fresh session
    key, holding the link's object id under `session_key`) and continue at `then`, a URL
    without the token; or the clear page for a bad link."""
    link, refusal = resolve_link(request, token, purpose)
    if refusal:
        return refusal
    request.session.cycle_key()
    request.session[session_key] = link.object_id
    return private(redirect(then))
