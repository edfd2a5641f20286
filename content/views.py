from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from content import markdown
from content.models import Page
from programs.dosage import describe
from programs.models import Exercise


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
    """The library's exercises of these names, in this order, as public how-to cards."""
    found = {exercise.name: exercise for exercise in Exercise.objects.filter(name__in=names)}
    return [
        {
            "exercise": found[name],  # as programs/_exercise_media.html reads it
            "dosage": describe(found[name].dosage()),
            "steps": _lines(found[name].steps),
            "cues": _lines(found[name].cues),
        }
        for name in names
        if name in found
    ]


@require_safe
def index(request):
    return render(request, "content/index.html", {"pages": Page.objects.published()})


@require_safe
def page(request, slug: str):
    pages = list(Page.objects.published())
    current = next((page for page in pages if page.slug == slug), None)
    if current is None:
        current = _draft_for_staff(request, slug)
    place = (current.position, current.title)
    later = [page for page in pages if (page.position, page.title) > place]
    context = {
        "page": current,
        "body": markdown.render(markdown.fill(current.body, _clinic_values(request.clinic))),
        "cards": exercise_cards(current.exercise_names()),
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
