"""Reads that need care: the staff queue's summary."""

from django.db.models import Count

from intake.models import Case
from intake.triage.levels import LABELS, LEVELS


def new_cases_by_level() -> list[dict]:
    """New (not yet contacted) cases per level, most serious first: one query."""
    counts = dict(
        Case.objects.filter(status=Case.Status.NEW)
        .values_list("triage_level")
        .annotate(count=Count("pk"))
        .values_list("triage_level", "count")
    )
    return [
        {"level": level, "label": LABELS[level], "count": counts.get(level, 0)} for level in LEVELS
    ]
