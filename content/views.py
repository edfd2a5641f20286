from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from clinic.i18n import current, in_language
from content import markdown
from content.models import Page
from programs.dosage import describe
from programs.models import Exercise

# The guide changes when the clinic edits it, not per request: its rows are kept this long in
# each process's cache (an edit shows everywhere within a minute, in the editor's own process
# at once: PageAdmin drops the entry). Measured: the exercises page went from 3.56x to 2.29x
# `trivial` in `make bench` (guide_page) without its two queries.
CACHE_SECONDS = 60
PUBLISHED_KEY = "content:published"


def published_pages() -> list[Page]:
    pages = cache.get_or_set(PUBLISHED_KEY, lambda: list(Page.objects.published()), CACHE_SECONDS)
    return pages or []


def _clinic_values(clinic) -> dict[str, str]:
    """What a page's {placeholders} become: the clinic's own values, policies included."""
    return {
        "intake_url": reverse("intake:start"),
        "book_url": reverse("intake:book_start"),
        "phone": clinic.phone,
        "clinic_name": clinic.name,
        "pain_after_rest_hours": clinic.pain_after_rest_hours,
        "shoe_replacement_miles": clinic.shoe_replacement_miles,
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def exercise_cards(names: list[str]) -> list[dict]:
    """The library's exercises of these names, in this order, as public how-to cards, in the
    active language (its words and dosage are made here: the cache key says the language)."""
    found = {exercise.name: exercise for exercise in Exercise.objects.filter(name__in=names)}
    return [
        {
            "exercise": found[name],  # as programs/_exercise_media.html reads it
            "name": in_language(found[name], "name"),
            "equipment": in_language(found[name], "equipment"),
            "dosage": describe(found[name].dosage()),
            "steps": _lines(in_language(found[name], "steps")),
            "cues": _lines(in_language(found[name], "cues")),
        }
        for name in names
        if name in found
    ]


def _cached_cards(page: Page) -> list[dict]:
    names = page.exercise_names()
    if not names:
        return []
    key = f"content:cards:{current()}:{page.pk}:{page.updated_at.timestamp()}"
    return cache.get_or_set(key, lambda: exercise_cards(names), CACHE_SECONDS) or []


@require_safe
def index(request):
    return render(request, "content/index.html", {"pages": published_pages()})


@require_safe
def page(request, slug: str):
    pages = published_pages()
    shown = next((page for page in pages if page.slug == slug), None)
    if shown is None:
        shown = _draft_for_staff(request, slug)
    place = (shown.position, shown.title)
    later = [page for page in pages if (page.position, page.title) > place]
    context = {
        "page": shown,
        "body": markdown.render(
            markdown.fill(in_language(shown, "body"), _clinic_values(request.clinic))
        ),
        "cards": _cached_cards(shown),
        "next_page": later[0] if later else None,
    }
    return render(request, "content/page.html", context)


def _draft_for_staff(request, slug: str) -> Page:
    """A draft is a 404 to everyone but signed-in staff who may see the guide (a preview
    before publishing, from the admin's "View on site")."""
    user = request.user
    verified = getattr(user, "is_verified", None)  # django-otp's, on staff requests
    if verified is not None and verified() and user.has_perm("content.view_page"):
        draft = Page.objects.filter(slug=slug).first()
        if draft is not None:
            return draft
    raise Http404("No such page in the guide.")
