"""The site's own files: its icon (a mark made from the clinic's name), the web app manifest
and robots.txt. Served by views because the clinic's name and colour live in its profile, not
in a static file; each answer is cacheable for a day."""

from django.http import HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clinic.models import ClinicProfile

BRAND = "#0b5563"
DAY = 24 * 3600
# Words that make poor initials: "Endurance Unleashed Physical Therapy" is "EU".
SMALL_WORDS = {"and", "of", "the", "for", "&", "physical", "therapy", "pt", "clinic"}


def initials(name: str) -> str:
    words = [word for word in name.split() if word.lower() not in SMALL_WORDS] or name.split()
    return "".join(word[0] for word in words[:2]).upper() or "PT"


def _clinic(request) -> ClinicProfile:
    return getattr(request, "clinic", None) or ClinicProfile.load()


@require_safe
@cache_control(public=True, max_age=DAY)
def icon(request):
    letters = escape(initials(_clinic(request).name))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{BRAND}"/>'
        '<path d="M10 50 Q32 38 54 50" fill="none" stroke="#7fd1c7" stroke-width="4" '
        'stroke-linecap="round"/>'
        '<text x="32" y="38" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="26" font-weight="700" fill="#fff">{letters}</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")


@require_safe
@cache_control(public=True, max_age=DAY)
def manifest(request):
    clinic = _clinic(request)
    return JsonResponse(
        {
            "name": clinic.name,
            "short_name": initials(clinic.name),
            # Installed, it opens the runner's plan, which works with no signal once
            # opened (programs/offline.py); without a plan that page says how to get one.
            "id": "/plan/",
            "start_url": "/plan/",
            "scope": "/",
            "display": "standalone",
            "theme_color": BRAND,
            "background_color": "#ffffff",
            "icons": [{"src": reverse("icon"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
    )


# Private pages carry `noindex` (base.html) and are reached by private links only; the admin
# is no one's business.
ROBOTS = "User-agent: *\nDisallow: /admin/\nAllow: /\n"


@require_safe
@cache_control(public=True, max_age=DAY)
def robots(request):
    return HttpResponse(ROBOTS, content_type="text/plain")


urlpatterns = [
    path("icon.svg", icon, name="icon"),
    path("favicon.ico", icon),  # browsers that ignore <link rel=icon> ask for this
    path("site.webmanifest", manifest, name="manifest"),
    path("robots.txt", robots, name="robots"),
]
