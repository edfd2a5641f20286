"""Check-in answers and decisions in words on the staff pages, and Mark reviewed there."""

import pytest
from django.utils import timezone

from programs.checkins.words import checkin_rows
from programs.models import CheckIn
from tests.admin_forms import change_form_data
from tests.programs.conftest import build
from tests.programs.test_checkins import WALK_RUN


@pytest.mark.parametrize(
    ("answers", "previous", "expected"),
    [
        ({"pain_morning": 6}, {"pain_morning": 1}, ("Pain the morning after", "6/10 (up 5)")),
        ({"pain_now": 2}, {"pain_now": 4}, ("Pain now", "2/10 (down 2)")),
        ({"pain_now": 2}, {}, ("Pain now", "2/10")),
        ({"lefs_total": 60}, {"lefs_total": 60}, ("LEFS (higher is better)", "60/80 (no change)")),
        ({"new_warning_signs": ["night_sweats"]}, {}, ("New", "night sweats")),
        ({"new_warning_signs": []}, {}, ("New", "no new warning signs")),
        ({"completed": False}, {}, ("Finished the whole session", "No")),
        ({"morning": "worse"}, {}, ("This morning the pain was", "worse than usual")),
        ({"some_future_key": 3}, {}, ("Some future key", "3")),
    ],
)
def test_each_answer_reads_as_words(answers, previous, expected):
    assert checkin_rows(answers, previous) == [expected]


def test_the_lefs_items_are_summed_up_not_listed():
    rows = checkin_rows({"lefs_1": 4, "lefs_2": 3, "lefs_total": 7}, {})
    assert rows == [("LEFS (higher is better)", "7/80")]


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_the_check_in_page_shows_words_and_marks_reviewed_with_one_button(admin_client):
    plan = build(names=(WALK_RUN,))
    before, checkin = CheckIn.objects.filter(plan=plan, kind="weekly").order_by("due_at")[:2]
    now = timezone.now()
    CheckIn.objects.filter(pk=before.pk).update(
        status="answered", answered_at=now - timezone.timedelta(days=7), answers={"pain_now": 1}
    )
    CheckIn.objects.filter(pk=checkin.pk).update(
        status="answered",
        answered_at=now,
        answers={"pain_now": 6, "new_warning_signs": ["night_sweats"], "completed": False},
        needs_review=True,
        review_rank=4,
    )
    url = f"/admin/programs/checkin/{checkin.pk}/change/"
    response = admin_client.get(url)
    page = response.content.decode()
    assert "Pain now</th><td>6/10 (up 5)" in page
    assert "New</th><td>night sweats" in page
    assert "['night_sweats']" not in page and "pain_now" not in page
    assert 'name="_reviewed" value="Mark reviewed"' in page
    admin_client.post(url, {**change_form_data(response), "_reviewed": "Mark reviewed"})
    checkin.refresh_from_db()
    assert checkin.reviewed_at is not None
    assert "Mark reviewed" not in admin_client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_the_case_page_marks_its_check_ins_reviewed_with_one_button(admin_client):
    plan = build(names=(WALK_RUN,))
    checkin = CheckIn.objects.filter(plan=plan, kind="weekly").first()
    CheckIn.objects.filter(pk=checkin.pk).update(
        status="answered", answered_at=timezone.now(), needs_review=True, review_rank=4
    )
    page = admin_client.get(f"/admin/intake/case/{plan.case_id}/change/").content.decode()
    assert "Mark 1 check-in reviewed" in page
    # What the button posts: the case form's fields plus its own name, to the check-in list.
    admin_client.post(
        "/admin/programs/checkin/",
        {"action": "mark_reviewed", "_selected_action": [checkin.pk], "status": "new"},
    )
    checkin.refresh_from_db()
    assert checkin.reviewed_at is not None
    page = admin_client.get(f"/admin/intake/case/{plan.case_id}/change/").content.decode()
    assert "check-in reviewed" not in page
