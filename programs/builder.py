"""The plan builder's second step: the exercises of the chosen templates as rows the
therapist rearranges (add from the library, remove, swap, move up or down, change dosage)
before issuing. The arrangement travels in the form itself (row-N-* fields), so every
button is a plain POST that keeps everything typed, with no script and no draft table.

Rows are plain dicts of strings, as posted; only issuing validates them (ItemDosageForm).
"""

from django import forms
from django.db.models import Q

from programs.dosage import describe, describe_stage
from programs.models import Category, Exercise, TemplateItem
from programs.services import ADDED_DAYS_PER_WEEK, DraftItem, templates_with_contents

DOSAGE = ("sets", "reps", "reps_max", "hold_seconds", "duration_minutes", "days_per_week")
FIELDS = ("phase", "exercise", "template_item", *DOSAGE)
SEARCH_LIMIT = 12


class ItemDosageForm(forms.Form):
    """The dosage of one row for this plan; blank keeps the template's (or exercise's)."""

    sets = forms.IntegerField(min_value=1, max_value=10, required=False)
    reps = forms.IntegerField(min_value=1, max_value=100, required=False)
    reps_max = forms.IntegerField(min_value=1, max_value=100, required=False)
    hold_seconds = forms.IntegerField(min_value=1, max_value=600, required=False)
    duration_minutes = forms.IntegerField(min_value=1, max_value=240, required=False)
    days_per_week = forms.IntegerField(min_value=1, max_value=7)


def _text(value) -> str:
    return "" if value is None else str(value)


def rows_from_templates(phases) -> list[dict]:
    """One row per template item of the chosen templates' phases, in the templates' order."""
    return [
        {
            "phase": str(phase.pk),
            "exercise": str(item.exercise_id),
            "template_item": str(item.pk),
            **{name: _text(getattr(item, name)) for name in DOSAGE},
        }
        for phase in phases
        for item in phase.items.all()
    ]


def rows_from_post(data) -> list[dict]:
    try:
        count = min(int(data.get("rows", 0)), 200)
    except ValueError:
        count = 0
    return [{name: data.get(f"row-{n}-{name}", "") for name in FIELDS} for n in range(count)]


def rows_as_data(rows: list[dict]) -> dict:
    data = {"rows": str(len(rows))}
    for n, row in enumerate(rows):
        data.update({f"row-{n}-{name}": row.get(name, "") for name in FIELDS})
    return data


def _index(value: str, rows: list[dict]) -> int | None:
    return int(value) if value.isdigit() and int(value) < len(rows) else None


def row_move(rows: list[dict], at: str, step: int) -> list[dict]:
    """Move a row up (-1) or down (+1) among the rows of its own phase."""
    n = _index(at, rows)
    if n is None:
        return rows
    same = [i for i, row in enumerate(rows) if row["phase"] == rows[n]["phase"]]
    place = same.index(n) + step
    if 0 <= place < len(same):
        other = same[place]
        rows = list(rows)
        rows[n], rows[other] = rows[other], rows[n]
    return rows


def row_remove(rows: list[dict], at: str) -> list[dict]:
    n = _index(at, rows)
    return rows if n is None else rows[:n] + rows[n + 1 :]


def row_swap(rows: list[dict], at: str, exercise: Exercise) -> list[dict]:
    """Another exercise in the same place: the row keeps its dosage and days a week."""
    n = _index(at, rows)
    if n is None:
        return rows
    rows = list(rows)
    rows[n] = {**rows[n], "exercise": str(exercise.pk)}
    return rows


def row_add(rows: list[dict], phase_id: str, exercise: Exercise) -> list[dict]:
    """The exercise with its library dosage, at the end of the phase."""
    row = {
        "phase": phase_id,
        "exercise": str(exercise.pk),
        "template_item": "",
        **{name: _text(getattr(exercise, name, None)) for name in DOSAGE},
        "days_per_week": str(ADDED_DAYS_PER_WEEK),
    }
    last = max((i for i, r in enumerate(rows) if r["phase"] == phase_id), default=len(rows) - 1)
    return rows[: last + 1] + [row] + rows[last + 1 :]


def library_search(query: str):
    """Exercises whose name, equipment or category matches, for swapping and adding."""
    exercises = Exercise.objects.order_by("name")
    query = query.strip()
    if query:
        categories = [value for value, label in Category.choices if query.lower() in label.lower()]
        exercises = exercises.filter(
            Q(name__icontains=query) | Q(equipment__icontains=query) | Q(category__in=categories)
        )
    return exercises[:SEARCH_LIMIT]


def rows_resolved(rows: list[dict], phases) -> list[dict]:
    """Each row with its phase, exercise and template item objects (two queries), for the
    page and for issuing; rows naming a phase, exercise or item that is not there go."""
    phase_by_id = {str(phase.pk): phase for phase in phases}
    ids = [row["exercise"] for row in rows if row["exercise"].isdigit()]
    exercises = {str(pk): e for pk, e in Exercise.objects.in_bulk(ids).items()}
    item_ids = [row["template_item"] for row in rows if row["template_item"].isdigit()]
    items = {str(pk): i for pk, i in TemplateItem.objects.in_bulk(item_ids).items()}
    resolved = []
    for row in rows:
        if row["phase"] in phase_by_id and row["exercise"] in exercises:
            resolved.append(
                {
                    **row,
                    "phase_obj": phase_by_id[row["phase"]],
                    "exercise_obj": exercises[row["exercise"]],
                    "item_obj": items.get(row["template_item"]),
                }
            )
    return resolved


class ArrangeStep:
    """The arrange step of one request: the rows after the button that was pressed, the
    library search, and the preview. `issue_ready` when Issue was pressed and every row's
    dosage is valid."""

    def __init__(self, post, chosen, *, fresh: bool):
        ordered = {t.pk: t for t in templates_with_contents().filter(pk__in=[t.pk for t in chosen])}
        self.templates = [ordered[t.pk] for t in chosen]
        self.phases = [phase for t in self.templates for phase in t.phases.all()]
        self.stages = [stage for t in self.templates for stage in t.stages.all()]
        rows = rows_from_templates(self.phases) if fresh else rows_from_post(post)
        self.query = "" if fresh else post.get("q", "")
        # Swapping: the row whose Swap was pressed, kept while the therapist searches.
        swapping = post.get("_swap") or (post.get("swap_row", "") if "_search" in post else "")
        self.swap_row = None if fresh else _index(swapping, rows)
        self.add_phase = post.get("add_phase", "")
        rows = self._act(post, rows) if not fresh else rows
        self.rows = rows_resolved(rows, self.phases)
        issuing = "_issue" in post
        for n, row in enumerate(self.rows):
            row["n"] = n
            row["form"] = ItemDosageForm({name: row[name] for name in DOSAGE} if issuing else None)
        # No rows is a plan too: a return to run on its own.
        self.issue_ready = issuing and all(row["form"].is_valid() for row in self.rows)
        self.swapping = self.rows[self.swap_row] if self.swap_row is not None else None
        searching = bool(self.query) or self.swap_row is not None or "_search" in post
        self.results = list(library_search(self.query)) if searching else []

    def _act(self, post, rows: list[dict]) -> list[dict]:
        if "_up" in post:
            return row_move(rows, post["_up"], -1)
        if "_down" in post:
            return row_move(rows, post["_down"], 1)
        if "_remove" in post:
            return row_remove(rows, post["_remove"])
        picked = post.get("_use") or post.get("_add") or ""
        exercise = Exercise.objects.filter(pk=picked).first() if picked.isdigit() else None
        if exercise and "_use" in post:
            return row_swap(rows, post.get("swap_row", ""), exercise)
        if exercise and self.add_phase in {str(p.pk) for p in self.phases}:
            return row_add(rows, self.add_phase, exercise)
        return rows

    def data(self) -> dict:
        return rows_as_data(self.rows)

    def preview(self) -> list[dict]:
        """What the runner's plan will list, phase by phase, in words."""
        by_phase: dict[int, list] = {phase.pk: [] for phase in self.phases}
        for row in self.rows:
            base = row["item_obj"] or row["exercise_obj"]
            dosage = {**base.dosage(), **_numbers(row)}
            by_phase[row["phase_obj"].pk].append(
                {"name": row["exercise_obj"].name, "dosage": describe(dosage),
                 "days": _numbers(row).get("days_per_week")}
            )  # fmt: skip
        return [{"phase": phase, "items": by_phase[phase.pk]} for phase in self.phases]

    def stage_words(self) -> list[tuple[str, str]]:
        return [(stage.name, describe_stage(stage.__dict__)) for stage in self.stages]

    def draft_items(self) -> list[DraftItem]:
        return [
            DraftItem(
                phase_id=row["phase_obj"].pk,
                exercise=row["exercise_obj"],
                template_item=row["item_obj"],
                values={k: v for k, v in row["form"].cleaned_data.items() if v is not None},
            )
            for row in self.rows
        ]


def _numbers(row: dict) -> dict:
    return {name: int(row[name]) for name in DOSAGE if str(row.get(name, "")).isdigit()}
