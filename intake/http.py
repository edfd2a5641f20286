"""Response headers and private-link answers for the runner's pages."""

from django.shortcuts import render

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
