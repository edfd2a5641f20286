"""Response headers for the runner's pages."""


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
