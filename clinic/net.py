"""Where a request comes from, for the audit, the rate limits and the login lockout."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR; behind TRUSTED_PROXY_COUNT proxies of our own, the address the outermost
    of them saw. X-Forwarded-For is written by whoever sends the request, so only the entries
    our own proxies appended are believed, counted from the right."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
