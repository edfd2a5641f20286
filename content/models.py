"""The clinic's public guide: pages it writes and edits itself in the admin (Markdown).

Nothing imports this app but the settings and the URLs; it reads the clinic profile (phone,
policies) and the exercise library (the same rows the plans are built from)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    slug = models.SlugField(
        unique=True,
        help_text=_(
            "The page's address, /guide/this-slug/ (letters, digits and hyphens). Change it rarely."
        ),
    )
    title = models.CharField(max_length=120)
    summary = models.CharField(
        max_length=300, help_text=_("One or two sentences, shown in the guide's list.")
    )
    meta_description = models.CharField(
        max_length=160,
        help_text=_("What search engines and link previews show under the title (160 characters)."),
    )
    body = models.TextField(
        help_text=_(
            "Markdown: ## for a heading, - for a list, **bold**, [words](link). These are "
            "replaced with the clinic's own values: {intake_url} (the symptom check), "
            "{book_url}, {phone}, {clinic_name}, {pain_after_rest_hours}, "
            "{shoe_replacement_miles}."
        )
    )
    # The page in Spanish, beside the English (blank shows the English to a Spanish reader:
    # clinic.i18n.in_language). History tracks these fields too.
    title_es = models.CharField("title (Spanish)", max_length=120, blank=True)
    summary_es = models.CharField("summary (Spanish)", max_length=300, blank=True)
    meta_description_es = models.CharField("meta description (Spanish)", max_length=160, blank=True)
    body_es = models.TextField(
        "body (Spanish)",
        blank=True,
        help_text="Markdown, with the same {placeholders} as the English.",
    )
    exercises = models.TextField(
        blank=True,
        help_text=_(
            "Exercise library names, one per line, shown after the text as how-to cards in "
            "this order (with their photo and video)."
        ),
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order in the guide: smallest first.")
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("A draft is seen by staff only.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("guide page")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:page", args=[self.slug])

    def exercise_names(self) -> list[str]:
        return [line.strip() for line in self.exercises.splitlines() if line.strip()]

    def clean(self):
        from programs.models import Exercise

        names = self.exercise_names()
        known = set(Exercise.objects.filter(name__in=names).values_list("name", flat=True))
        missing = [name for name in names if name not in known]
        if missing:
            raise ValidationError(
                {
                    "exercises": _("Not in the exercise library: %(names)s.")
                    % {"names": ", ".join(missing)}
                }
            )
