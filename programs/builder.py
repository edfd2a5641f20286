"""The plan builder's second step: the exercises of the chosen templates as rows the
therapist rearranges (add from the library, remove, swap, move up or down, change dosage)
before issuing. The arrangement travels in the form itself (row-N-* fields), so every
button is a plain POST that keeps everything typed, with no script and no draft table.

Rows are plain dicts of strings, as posted; only issuing validates them (ItemDosageForm).
"""

from dataclasses import replace

from django import forms
from django.db import transaction
from django.db.models import Q

from clinic.i18n import runner_language
from programs.models import Category, Exercise, TemplateItem
from programs.services import (
    ADDED_DAYS_PER_WEEK,
    DraftItem,
    PlanDraft,
    plan_build,
    templates_with_contents,
)
from programs.views import plan_page_html

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


def row_move(rows: list[dict], at: str, step: int, phase_ids: list[str]) -> list[dict]:
    """Move a row up (-1) or down (+1): within its phase, or from the top of a phase to the
    end of the one before (from the bottom to the start of the next), so a button moves an
    exercise anywhere in the plan. Rows are in phase order (rows_in_phase_order)."""
    n = _index(at, rows)
    if n is None or rows[n]["phase"] not in phase_ids:
        return rows
    same = [i for i, row in enumerate(rows) if row["phase"] == rows[n]["phase"]]
    place = same.index(n) + step
    rows = list(rows)
    if 0 <= place < len(same):
        other = same[place]
        rows[n], rows[other] = rows[other], rows[n]
        return rows
    neighbour = phase_ids.index(rows[n]["phase"]) + step
    if 0 <= neighbour < len(phase_ids):
        # Same place in the list, next phase: it lands last of the phase before, or first
        # of the phase after, once the rows are put back in phase order.
        rows[n] = {**rows[n], "phase": phase_ids[neighbour]}
    return rows_in_phase_order(rows, phase_ids)


def rows_in_phase_order(rows: list[dict], phase_ids: list[str]) -> list[dict]:
    """The rows grouped by phase in the plan's phase order, each phase's rows in their order
    (a stable sort), so every phase has one heading however the rows were added or moved."""
    place = {phase_id: n for n, phase_id in enumerate(phase_ids)}
    return sorted(rows, key=lambda row: place.get(row["phase"], len(place)))


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
    return [*rows, row]  # rows_in_phase_order puts it last of its phase


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
    rows = rows_in_phase_order(rows, list(phase_by_id))
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
        self._mark_phase_edges()
        # No rows is a plan too: a return to run on its own.
        self.issue_ready = issuing and all(row["form"].is_valid() for row in self.rows)
        self.swapping = self.rows[self.swap_row] if self.swap_row is not None else None
        searching = bool(self.query) or self.swap_row is not None or "_search" in post
        self.results = list(library_search(self.query)) if searching else []

    def _act(self, post, rows: list[dict]) -> list[dict]:
        phase_ids = [str(phase.pk) for phase in self.phases]
        if "_up" in post:
            return row_move(rows, post["_up"], -1, phase_ids)
        if "_down" in post:
            return row_move(rows, post["_down"], 1, phase_ids)
        if "_remove" in post:
            return row_remove(rows, post["_remove"])
        picked = post.get("_use") or post.get("_add") or ""
        exercise = Exercise.objects.filter(pk=picked).first() if picked.isdigit() else None
        if exercise and "_use" in post:
            return row_swap(rows, post.get("swap_row", ""), exercise)
        if exercise and self.add_phase in {str(p.pk) for p in self.phases}:
            return row_add(rows, self.add_phase, exercise)
        return rows

    def _mark_phase_edges(self) -> None:
        """The first row of a phase moves up into the phase before, the last down into the
        next: its buttons say so (`up_into`, `down_into`: that phase, or None)."""
        order = [phase.pk for phase in self.phases]
        for n, row in enumerate(self.rows):
            at = order.index(row["phase_obj"].pk)
            first = n == 0 or self.rows[n - 1]["phase_obj"] != row["phase_obj"]
            last = n + 1 == len(self.rows) or self.rows[n + 1]["phase_obj"] != row["phase_obj"]
            row["up_into"] = self.phases[at - 1] if first and at > 0 else None
            row["down_into"] = self.phases[at + 1] if last and at + 1 < len(order) else None

    def data(self) -> dict:
        return rows_as_data(self.rows)

    def draft_items(self, *, loose: bool = False) -> list[DraftItem]:
        """The rows as the plan's exercises; `loose` for the preview, where a number that
        is not valid yet keeps the template's (issuing refuses it with its message)."""
        items = []
        for row in self.rows:
            form = row["form"]
            if loose:
                form = ItemDosageForm({name: row[name] for name in DOSAGE})
                form.is_valid()
            values = {k: v for k, v in form.cleaned_data.items() if v is not None}
            if loose and form.errors:
                values = {k: v for k, v in values.items() if k not in form.errors}
            items.append(
                DraftItem(
                    phase_id=row["phase_obj"].pk,
                    exercise=row["exercise_obj"],
                    template_item=row["item_obj"],
                    values=values,
                )
            )
        return items


class _Discard(Exception):
    """Leaves the preview's transaction: nothing of the previewed plan is kept."""


def runner_preview(request, *, case, draft: PlanDraft) -> str:
    """The runner's own plan page (the template and selectors the runner's link renders) for
    the plan as arranged, on its first day: the plan is built in a transaction that is
    rolled back once the page is rendered, so the preview cannot drift from what the runner
    sees, and no plan, session, check-in or e-mail is left behind. It speaks the runner's
    language, as their link will, though the builder around it stays English."""
    # The preview shows a bone-mode plan before the clearance is typed (issuing asks for it).
    draft = replace(draft, bone_clearance_note=draft.bone_clearance_note or "preview")
    try:
        with transaction.atomic(), runner_language(case.runner.language):
            plan = plan_build(case=case, draft=draft, issue=False)
            html = plan_page_html(request, plan, plan.start_date)
            raise _Discard
    except _Discard:
        return html
