"""The site's own files: its icon (a mark made from the clinic's name), the web app manifest
and robots.txt. Served by views because the clinic's name and colour live in its profile, not
in a static file; each answer is cacheable for a day."""

from functools import lru_cache
from io import BytesIO

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from clinic.models import ClinicProfile

BRAND = "#0b5563"
CURVE = "#7fd1c7"
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
        f'<path d="M10 50 Q32 38 54 50" fill="none" stroke="{CURVE}" stroke-width="4" '
        'stroke-linecap="round"/>'
        '<text x="32" y="38" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" '
        f'font-size="26" font-weight="700" fill="#fff">{letters}</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")


# The same mark as PNG files, because Chrome installs the plan only with a 192 px and a 512 px
# PNG (an SVG alone is not enough) and iOS wants its own touch icon. name: (size, full bleed).
# A full-bleed icon fills the square and keeps the mark inside the middle 80 %, so a phone
# may cut it to a circle or squircle (maskable; iOS rounds the touch icon itself).
PNG_ICONS = {
    "icon-192": (192, False),
    "icon-512": (512, False),
    "icon-maskable-512": (512, True),
    "apple-touch-icon": (180, True),
}


@lru_cache(maxsize=16)  # a few icons of one clinic: drawn once per process, not per request
def icon_png_draw(letters: str, size: int, full_bleed: bool) -> bytes:
    """The SVG's mark drawn with Pillow: its 64-unit drawing scaled to `size` pixels."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if full_bleed:
        draw.rectangle((0, 0, size, size), fill=BRAND)
    else:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=14 * size / 64, fill=BRAND)
    scale = size / 64 * (0.8 if full_bleed else 1)
    offset = size / 2 - 32 * scale  # shrinks the mark about the middle

    def at(x: float, y: float) -> tuple[float, float]:
        return (offset + x * scale, offset + y * scale)

    # The curve M10 50 Q32 38 54 50, with round ends.
    steps = [t / 24 for t in range(25)]
    curve = [
        at((1 - t) ** 2 * 10 + 2 * (1 - t) * t * 32 + t * t * 54, 50 - 24 * (1 - t) * t)
        for t in steps
    ]
    width = 4 * scale
    draw.line(curve, fill=CURVE, width=round(width), joint="curve")
    for x, y in (curve[0], curve[-1]):
        draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=CURVE)
    # Pillow's own font, so no system font is needed; a thin outline makes it bold.
    font = ImageFont.load_default(size=26 * scale)
    draw.text(
        at(32, 38),
        letters,
        font=font,
        anchor="ms",
        fill="#fff",
        stroke_width=round(0.9 * scale),
        stroke_fill="#fff",
    )
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@require_safe
@cache_control(public=True, max_age=DAY)
def icon_png(request, name: str):
    if name not in PNG_ICONS:
        raise Http404("No such icon.")
    size, full_bleed = PNG_ICONS[name]
    png = icon_png_draw(initials(_clinic(request).name), size, full_bleed)
    return HttpResponse(png, content_type="image/png")


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
            "icons": [
                {"src": reverse("icon"), "sizes": "any", "type": "image/svg+xml"},
                *(
                    {
                        "src": reverse("icon_png", args=[name]),
                        "sizes": f"{size}x{size}",
                        "type": "image/png",
                        "purpose": "maskable" if full_bleed else "any",
                    }
                    for name, (size, full_bleed) in PNG_ICONS.items()
                    if name != "apple-touch-icon"  # iOS reads <link rel=apple-touch-icon>
                ),
            ],
        },
        content_type="application/manifest+json",
    )


# Private pages carry `noindex` (base.html) and are reached by private links only; the admin
# is no one's business. The sitemap (content/sitemaps.py) lists the public pages.
ROBOTS = "User-agent: *\nDisallow: /admin/\nAllow: /\n"


@require_safe
@cache_control(public=True, max_age=DAY)
def robots(request):
    sitemap = f"Sitemap: {settings.PORTAL_BASE_URL}/sitemap.xml\n"
    return HttpResponse(ROBOTS + sitemap, content_type="text/plain")


urlpatterns = [
    path("icon.svg", icon, name="icon"),
    path("favicon.ico", icon),  # browsers that ignore <link rel=icon> ask for this
    path("<str:name>.png", icon_png, name="icon_png"),
    path("site.webmanifest", manifest, name="manifest"),
    path("robots.txt", robots, name="robots"),
]
