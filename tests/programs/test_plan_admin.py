"""The therapist's side: build a plan from a case in a few clicks, edit, pause, adherence."""

import pytest

from programs.models import Plan, PlanItem, ProgramTemplate, SessionLog
from programs.suggest import BONE_RETURN, HIP_STRENGTH, WALK_RUN, WARM_UP
from tests.admin_forms import change_form_data
from tests.programs.conftest import PLAN_START, build, open_case, plan_link_from_mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


def template_ids(*names):
    return [str(t.pk) for t in ProgramTemplate.objects.filter(name__in=names)]


def test_the_case_page_offers_create_plan_and_the_builder_suggests_from_the_intake(admin_client):
    case = open_case()
    page = admin_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    assert f"/admin/programs/plan/build/{case.pk}/" in page and "No plan yet" in page
    builder = admin_client.get(f"/admin/programs/plan/build/{case.pk}/")
    form = builder.context["form"]
    suggested = {t.name for t in form.initial["templates"]}
    assert suggested == {HIP_STRENGTH, WARM_UP, WALK_RUN}  # outside of the hip, no red flags
    assert form.initial["start_date"].isoformat() == "2026-06-02"  # tomorrow


def arranged(page) -> dict:
    """What the arrange step's form would post now: the chosen templates, every row."""
    data = {
        key: value
        for key, value in page.context["form"].cleaned_data.items()
        if key in ("start_date", "note_to_runner")
    }
    data["templates"] = [str(t.pk) for t in page.context["form"].cleaned_data["templates"]]
    data.update(stage="arrange", **page.context["step"].data())
    return data


def row_of(page, name: str) -> int:
    return next(row["n"] for row in page.context["step"].rows if row["exercise_obj"].name == name)


def test_a_therapist_builds_a_plan_in_three_posts_with_a_dosage_changed(admin_client):
    case = open_case()
    url = f"/admin/programs/plan/build/{case.pk}/"
    choose = {
        "stage": "choose",
        "templates": template_ids(HIP_STRENGTH, WALK_RUN),
        "start_date": "2026-06-02",
        "note_to_runner": "Easy does it.",
    }
    page = admin_client.post(url, choose)
    assert page.context["stage"] == "arrange"
    data = arranged(page)
    data[f"row-{row_of(page, 'Glute bridge')}-reps"] = 10  # this runner starts lighter
    response = admin_client.post(url, {**data, "_issue": "1"})
    plan = Plan.objects.get()
    assert response.url == f"/admin/programs/plan/{plan.pk}/change/"
    assert PlanItem.objects.filter(plan=plan, name="Glute bridge").first().reps == 10
    assert plan.sessions.first().date.isoformat() == "2026-06-02"
    assert plan.note_to_runner == "Easy does it."
    assert plan_link_from_mail().startswith("/plan/open/")


def test_the_builder_refuses_a_bone_mode_plan_without_clearance(admin_client):
    case = open_case()
    url = f"/admin/programs/plan/build/{case.pk}/"
    choose = {"stage": "choose", "templates": template_ids(BONE_RETURN), "start_date": "2026-06-02"}
    page = admin_client.post(url, choose)
    assert page.context["stage"] == "choose"
    assert "needs your recorded clearance" in page.content.decode()
    assert not Plan.objects.exists()


def test_a_dosage_error_keeps_every_choice(admin_client):
    case = open_case()
    url = f"/admin/programs/plan/build/{case.pk}/"
    choose = {
        "stage": "choose",
        "templates": template_ids(HIP_STRENGTH),
        "start_date": "2026-06-02",
    }
    data = arranged(admin_client.post(url, choose))
    data["row-0-days_per_week"] = 9
    data["row-1-reps"] = 14
    page = admin_client.post(url, {**data, "_issue": "1"})
    assert page.status_code == 200 and page.context["stage"] == "arrange"
    assert "less than or equal to 7" in page.content.decode()
    rows = page.context["step"].rows
    assert (rows[0]["days_per_week"], rows[1]["reps"]) == ("9", "14")
    assert not Plan.objects.exists()


def test_editing_a_plans_dosage_in_the_admin_changes_that_plan_only(admin_client):
    plan = build(names=(HIP_STRENGTH,))
    other = build(open_case("Theo", "theo@example.com"), names=(HIP_STRENGTH,))
    url = f"/admin/programs/plan/{plan.pk}/change/"
    data = change_form_data(admin_client.get(url))
    bridge = PlanItem.objects.filter(plan=plan, name="Glute bridge").order_by("pk").first()
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("items-") and key.endswith("-id") and str(value) == str(bridge.pk)
    )
    data[f"items-{index}-reps"] = 8
    data["note_to_runner"] = "Lighter for two weeks."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    bridge.refresh_from_db()
    assert bridge.reps == 8
    assert PlanItem.objects.filter(plan=other, name="Glute bridge").first().reps == 12


def test_pause_and_end_are_list_actions(admin_client):
    plan = build()
    admin_client.post("/admin/programs/plan/", {"action": "pause", "_selected_action": [plan.pk]})
    plan.refresh_from_db()
    assert plan.status == "paused"
    admin_client.post("/admin/programs/plan/", {"action": "end", "_selected_action": [plan.pk]})
    plan.refresh_from_db()
    assert plan.status == "ended"


def test_the_case_page_shows_adherence_by_week_and_the_pain_logs(admin_client):
    plan = build()
    session = plan.sessions.filter(date=PLAN_START).first()
    SessionLog.objects.create(session=session, outcome="partly", pain_during=4, note="Tight")
    page = admin_client.get(f"/admin/intake/case/{plan.case_id}/change/").content.decode()
    assert "Adherence by week" in page and "4/10" in page and "Tight" in page


def test_the_library_is_searchable(admin_client):
    page = admin_client.get("/admin/programs/exercise/?q=band").content.decode()
    assert "Monster walk" in page and "Swim" not in page


def test_the_runner_sees_an_admin_edit_and_a_pause_at_once(client, admin_client):
    from tests.programs.test_plans import open_plan

    plan = build(names=(HIP_STRENGTH,))
    open_plan(client, plan)
    assert "3 sets of 12 reps, hold 2-3 s" in client.get("/plan/").content.decode()
    url = f"/admin/programs/plan/{plan.pk}/change/"
    data = change_form_data(admin_client.get(url))
    bridge = PlanItem.objects.filter(plan=plan, name="Glute bridge", phase__order=1).get()
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("items-") and key.endswith("-id") and str(value) == str(bridge.pk)
    )
    data[f"items-{index}-reps"] = 8
    assert admin_client.post(url, data).status_code == 302
    assert "3 sets of 8 reps, hold 2-3 s" in client.get("/plan/").content.decode()
    admin_client.post("/admin/programs/plan/", {"action": "pause", "_selected_action": [plan.pk]})
    assert "paused this plan" in client.get("/plan/").content.decode()
