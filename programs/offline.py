"""The plan as an installable app that works with no signal (templates/programs/sw.js,
static/js/offline.js).

The service worker is served from /plan/sw.js, so its scope is /plan/: it never controls a
staff page, My care or another runner page. Of what it sees it keeps only the plan page
(`/plan/`, per day), the site's static files and the exercise media. The plan page says
whose copy it is in `X-Plan-Copy`, a key derived from this browser's session: the worker
keeps one copy per key and deletes any other (a shared phone, a new link) as soon as the
page is fetched online, and deletes its copy when the server answers the plan with 403,
404 or 410 (signed out, expired). Signing out also sends Clear-Site-Data.

A session logged offline waits in IndexedDB (static/js/planlogs.js, loaded by the page and
imported by the worker) and is sent by the worker's Background Sync where the browser has
it, and by the page (when it opens, on `online`, and with backoff after a failed try)
everywhere; a send that fails on the way leaves it queued, and its client key makes a
repeat harmless.
"""

import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

COPY_HEADER = "X-Plan-Copy"
# Files the plan needs with no connection, fetched when the worker installs.
OFFLINE_FILES = (
    "vendor/bootstrap.min.css",
    "css/portal.css",
    "js/timer.js",
    "js/planlogs.js",
    "js/offline.js",
    "img/check.svg",
    "img/dot.svg",
    "img/dash.svg",
    "img/select-arrow.svg",
)


def plan_copy_key(request, plan_id: int) -> str:
    """Whose copy of the plan a page is: the same all session long, different for another
    session or plan, and saying nothing about either."""
    value = f"{request.session.session_key}:{plan_id}"
    return salted_hmac("plan-offline-copy", value).hexdigest()[:32]


def client_key(raw: str | None) -> uuid.UUID | None:
    """The phone's key for an offline log, or None when absent or not a UUID."""
    try:
        return uuid.UUID(raw or "")
    except ValueError:
        return None


def _media_base() -> str:
    # "/media/" for files served here; the bucket's address with django-storages.
    try:
        return default_storage.url("")
    except Exception:  # a backend that cannot name its base: media stay online-only
        return ""


@require_safe
@never_cache
def service_worker(request):
    context = {
        "files": [static(name) for name in OFFLINE_FILES] + ["/icon.svg"],
        # Static names carry a content hash in production: a new release is a new cache.
        "version": salted_hmac("plan-sw", "|".join(static(n) for n in OFFLINE_FILES)).hexdigest()[
            :12
        ],
        "media_base": _media_base(),
        "logs_script": static("js/planlogs.js"),
        # The folder, not a file: the manifest storage has no name for "".
        "static_base": settings.STATIC_URL,
    }
    return render(request, "programs/sw.js", context, content_type="text/javascript")
