"""Clinical records keep their history (django-simple-history): each saved version of a
case, a plan and a plan's exercise, with who made the change."""

import pytest

from clinic.roles import THERAPIST
from intake.models import Case
from programs.models import PlanItem
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


def test_a_case_edit_keeps_the_previous_version_and_who_made_it(role_client, clinical):
    case, _ = clinical
    pt = role_client(THERAPIST, "pt")
    url = f"/admin/intake/case/{case.pk}/change/"
    for note in ("Called, booked", "Seen, plan issued"):
        data = {**change_form_data(pt.get(url)), "notes": note}
        assert pt.post(url, data).status_code == 302
    newest, previous = Case.history.filter(id=case.pk).order_by("-history_id")[:2]
    assert newest.notes == "Seen, plan issued" and newest.history_user.username == "pt"
    assert previous.notes == "Called, booked"
    history = pt.get(f"/admin/intake/case/{case.pk}/history/")
    assert history.status_code == 200 and "pt" in history.content.decode()


def test_a_plan_dosage_edit_keeps_the_plan_items_history(role_client, clinical):
    _, plan = clinical
    pt = role_client(THERAPIST, "pt")
    url = f"/admin/programs/plan/{plan.pk}/change/"
    data = change_form_data(pt.get(url))
    item = plan.items.order_by("pk").first()
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("items-") and key.endswith("-id") and str(value) == str(item.pk)
    )
    data[f"items-{index}-reps"] = 7
    assert pt.post(url, data).status_code == 302
    versions = PlanItem.history.filter(id=item.pk).order_by("-history_id")
    assert versions[0].reps == 7 and versions[0].history_user.username == "pt"
    assert plan.history.count() >= 2  # issued, then saved from the admin


def test_opening_a_case_records_its_first_version():
    from tests.programs.conftest import open_case

    case = open_case()
    assert Case.history.filter(id=case.pk, history_type="+").count() == 1
