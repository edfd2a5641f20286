from django.contrib import admin
from django.core.cache import cache
from simple_history.admin import SimpleHistoryAdmin

from content.models import Page
from content.views import PUBLISHED_KEY


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    """The clinic writes its guide here: Markdown in, every saved version kept in History,
    "View on site" to read it as a runner will (drafts too, for signed-in staff)."""

    list_display = ["title", "slug", "is_published", "position", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary", "title_es"]
    prepopulated_fields = {"slug": ["title"]}
    # Each text with its Spanish right after it, so both languages are edited side by side.
    fields = [
        "title",
        "title_es",
        "slug",
        "is_published",
        "position",
        "summary",
        "summary_es",
        "meta_description",
        "meta_description_es",
        "body",
        "body_es",
        "exercises",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.delete(PUBLISHED_KEY)  # this process shows the edit at once; others within a minute

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        cache.delete(PUBLISHED_KEY)
