"""The plan builder's arrange step: add from the library (searchable), remove, swap, move,
change dosage, preview the runner's phone, issue what was arranged; every button keeps what
was typed."""

import re
from html import unescape

import pytest
import time_machine
from django.test import Client

from programs.models import Exercise, Plan, PlanItem
from programs.suggest import HIP_STRENGTH, WALK_RUN
from tests.programs.conftest import open_case, plan_link_from_mail
from tests.programs.test_plan_admin import arranged, row_of, template_ids

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


@pytest.fixture
def builder(admin_client):
    """The arrange step of Hip strength + Walk/run, and a way to press its buttons."""
    url = f"/admin/programs/plan/build/{open_case().pk}/"
    choose = {
        "stage": "choose",
        "templates": template_ids(HIP_STRENGTH, WALK_RUN),
        "start_date": "2026-06-02",
    }
    state = {"page": admin_client.post(url, choose)}

    def press(**buttons):
        state["page"] = admin_client.post(url, {**arranged(state["page"]), **buttons})
        return state["page"]

    return state, press


def names(page, phase_name: str | None = None) -> list[str]:
    return [
        row["exercise_obj"].name
        for row in page.context["step"].rows
        if phase_name is None or row["phase_obj"].name == phase_name
    ]


def test_it_starts_from_the_templates_exercises_beside_the_runner_s_phone(builder):
    state, _ = builder
    page = state["page"]
    assert names(page, "Settle and activate") == [
        "Glute bridge",
        "Clamshells",
        "Side-lying hip abduction",
        "Single-leg balance",
        "Hip flexor stretch",
    ]
    assert "On the runner's phone" in page.content.decode()
    preview = page.context["preview"]  # the runner's plan page, framed on the builder's
    assert "3 sets of 12 reps, hold 2-3 s" in preview  # the glute bridge, in the runner's words
    assert "Your return to running" in preview


def test_a_row_moves_up_and_down_within_its_phase(builder):
    state, press = builder
    page = press(_down=str(row_of(state["page"], "Glute bridge")))
    assert names(page, "Settle and activate")[:2] == ["Clamshells", "Glute bridge"]
    page = press(_up=str(row_of(page, "Glute bridge")))
    assert names(page, "Settle and activate")[:2] == ["Glute bridge", "Clamshells"]
    page = press(_up="0")  # the first row stays first
    assert names(page)[0] == "Glute bridge"


def test_remove_keeps_what_was_typed_in_the_other_rows(builder):
    state, press = builder
    balance = row_of(state["page"], "Single-leg balance")
    clamshells = row_of(state["page"], "Clamshells")
    page = press(**{f"row-{balance}-duration_minutes": "2"}, _remove=str(clamshells))
    assert "Clamshells" not in names(page, "Settle and activate")
    kept = next(
        r for r in page.context["step"].rows if r["exercise_obj"].name == "Single-leg balance"
    )
    assert kept["duration_minutes"] == "2"


def test_the_library_search_finds_by_name_equipment_and_kind_and_says_when_nothing_does(builder):
    _, press = builder
    assert [e.name for e in press(q="monster", _search="1").context["step"].results] == [
        "Monster walk"
    ]
    assert "Monster walk" in [e.name for e in press(q="band", _search="1").context["step"].results]
    stretches = press(q="stretch", _search="1").context["step"].results
    assert stretches and all(
        e.category == "stretch" or "stretch" in e.name.lower() for e in stretches
    )
    page = press(q="zumba", _search="1")
    assert "No exercise in the library matches" in page.content.decode()


def test_swap_puts_another_exercise_in_the_row_with_its_dosage(builder):
    state, press = builder
    bridge = row_of(state["page"], "Glute bridge")
    page = press(_swap=str(bridge))
    assert "Swap <strong>Glute bridge</strong>" in page.content.decode()
    page = press(swap_row=str(bridge), q="monster", _search="1")  # searching keeps the swap
    assert page.context["step"].swapping["exercise_obj"].name == "Glute bridge"
    monster = Exercise.objects.get(name="Monster walk")
    page = press(swap_row=str(bridge), _use=str(monster.pk))
    row = page.context["step"].rows[bridge]
    assert row["exercise_obj"].name == "Monster walk"
    assert (row["sets"], row["reps"]) == ("3", "12")  # the bridge's dosage stays
    assert page.context["step"].swapping is None


def test_add_appends_the_exercise_with_its_library_dosage_to_the_chosen_phase(builder):
    state, press = builder
    settle = state["page"].context["step"].phases[0]
    lunge = Exercise.objects.get(name="Side lunge")
    page = press(add_phase=str(settle.pk), _add=str(lunge.pk))
    assert names(page, "Settle and activate")[-1] == "Side lunge"
    added = next(r for r in page.context["step"].rows if r["exercise_obj"].name == "Side lunge")
    assert added["days_per_week"] == "3" and added["template_item"] == ""


def test_issuing_builds_the_plan_as_arranged(builder):
    state, press = builder
    settle = state["page"].context["step"].phases[0]
    lunge = Exercise.objects.get(name="Side lunge")
    page = press(add_phase=str(settle.pk), _add=str(lunge.pk))
    page = press(_remove=str(row_of(page, "Clamshells")))
    page = press(_down=str(row_of(page, "Glute bridge")))
    data = {f"row-{row_of(page, 'Side lunge')}-reps": "6"}
    response = press(**data, _issue="1")
    plan = Plan.objects.get()
    assert response.status_code == 302
    first_phase = PlanItem.objects.filter(plan=plan, phase__order=1).order_by("order")
    assert [i.name for i in first_phase] == [
        "Side-lying hip abduction",
        "Glute bridge",
        "Single-leg balance",
        "Hip flexor stretch",
        "Side lunge",
    ]
    lunge_item = first_phase.get(name="Side lunge")
    assert (lunge_item.reps, lunge_item.days_per_week) == (6, 3)
    assert first_phase.get(name="Side-lying hip abduction").progress_after_sessions == 2


def test_a_return_to_run_alone_has_no_exercise_and_is_issued(admin_client):
    url = f"/admin/programs/plan/build/{open_case().pk}/"
    choose = {"stage": "choose", "templates": template_ids(WALK_RUN), "start_date": "2026-06-02"}
    page = admin_client.post(url, choose)
    assert "the plan is the return to running alone" in page.content.decode()
    response = admin_client.post(url, {**arranged(page), "_issue": "1"})
    assert response.status_code == 302 and Plan.objects.count() == 1


def test_update_the_preview_shows_a_changed_dosage_in_the_runner_s_words(builder):
    state, press = builder
    bridge = row_of(state["page"], "Glute bridge")
    page = press(**{f"row-{bridge}-reps": "10"}, _preview="1")
    assert "3 sets of 10 reps, hold 2-3 s" in page.context["preview"]
    assert not Plan.objects.exists()  # nothing of the previewed plan is kept


def test_the_arrange_step_reads_as_many_queries_with_more_exercises(builder):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    state, press = builder
    settle = str(state["page"].context["step"].phases[0].pk)
    with CaptureQueriesContext(connection) as few:
        rows = len(press(_preview="1").context["step"].rows)
    for name in ("Side lunge", "Monster walk", "Deadlift"):
        press(add_phase=settle, _add=str(Exercise.objects.get(name=name).pk))
    with CaptureQueriesContext(connection) as more:
        page = press(_preview="1")
    assert len(page.context["step"].rows) == rows + 3
    assert len(more) == len(few)


def _edge(page, phase_name: str, at: int) -> str:
    """The row number of a phase's first (0) or last (-1) exercise."""
    rows = [row for row in page.context["step"].rows if row["phase_obj"].name == phase_name]
    return str(rows[at]["n"])


def test_up_and_down_move_an_exercise_across_phases_and_the_issued_plan_keeps_it(builder):
    state, press = builder
    phases = state["page"].context["step"].phases
    settle, strengthen = phases[0].name, phases[1].name
    first_of_second = names(state["page"], strengthen)[0]
    last_of_first = names(state["page"], settle)[-1]
    in_second = len(names(state["page"], strengthen))
    page = press(_up=_edge(state["page"], strengthen, 0))  # top of phase 2: into phase 1
    assert names(page, settle)[-2:] == [last_of_first, first_of_second]
    assert len(names(page, strengthen)) == in_second - 1
    page = press(_down=_edge(page, settle, -1))  # bottom of phase 1: back into phase 2
    page = press(_down=_edge(page, settle, -1))  # and the one above it, first of phase 2
    assert names(page, strengthen)[:2] == [last_of_first, first_of_second]
    assert last_of_first not in names(page, settle)
    assert press(_issue="1").status_code == 302
    items = PlanItem.objects.filter(plan=Plan.objects.get()).order_by("order")
    assert [item.name for item in items.filter(phase__order=2)][:2] == [
        last_of_first,
        first_of_second,
    ]
    assert not items.filter(phase__order=1, name=last_of_first).exists()


def test_the_buttons_at_a_phase_edge_say_which_phase_the_exercise_moves_into(builder):
    state, _ = builder
    html = state["page"].content.decode()
    second = state["page"].context["step"].phases[1].name
    last_of_first = names(state["page"], state["page"].context["step"].phases[0].name)[-1]
    assert f"Move {last_of_first} down into {second}" in html


def _main_text(html: str) -> str:
    """The words of the page's <main>, as a screen reader or the eye reads them."""
    main = html[html.index('<main id="main"') : html.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_the_preview_is_the_page_the_runner_opens_for_the_issued_plan(builder):
    state, press = builder
    page = press(**{f"row-{row_of(state['page'], 'Glute bridge')}-reps": "10"}, _preview="1")
    preview = _main_text(page.context["preview"])
    press(_issue="1")
    runner = Client()
    with time_machine.travel("2026-06-02T12:00:00Z", tick=False):  # the plan's first day
        runner.get(plan_link_from_mail())
        seen = _main_text(runner.get("/plan/").content.decode())
    assert "3 sets of 10 reps, hold 2-3 s" in preview and "Your progress" in preview
    assert preview == seen


def test_a_spanish_runner_s_preview_is_in_spanish_and_the_builder_stays_english(admin_client):
    case = open_case()
    case.runner.language = "es"
    case.runner.save(update_fields=["language"])
    choose = {
        "stage": "choose",
        "templates": template_ids(HIP_STRENGTH, WALK_RUN),
        "start_date": "2026-06-02",
    }
    page = admin_client.post(f"/admin/programs/plan/build/{case.pk}/", choose)
    preview = page.context["preview"]
    assert '<html lang="es">' in preview
    assert "Su regreso a correr" in preview and "Your return to running" not in preview
    builder_page = page.content.decode()
    assert "On the runner's phone" in builder_page
    assert "in Spanish: the language the runner reads the portal in" in builder_page
