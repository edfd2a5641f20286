"""A LEFS answered in Spanish is the portal's own translation, not the validated Spanish LEFS:
the staff pages that show a case's LEFS say so, for a Spanish case only."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone, translation

from intake.display import LEFS_SPANISH_NOTE
from programs.checkins.answers import checkin_answer
from programs.models import CheckIn
from tests.programs.conftest import build, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


def staff_pages(admin_client, case) -> tuple[str, str]:
    """The case page, and the page of its answered LEFS check-in."""
    lefs = CheckIn.objects.filter(case=case, kind="lefs").first()
    answers = {f"lefs_{item}": 2 for item in range(1, 21)}
    CheckIn.objects.filter(pk=lefs.pk).update(
        status="answered",
        answered_at=timezone.now() + timedelta(days=28),
        answers={**answers, "lefs_total": 40},
    )
    case_page = admin_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode()
    checkin_page = admin_client.get(f"/admin/programs/checkin/{lefs.pk}/change/").content
    return unescape(case_page), unescape(checkin_page.decode())


def test_a_case_whose_lefs_was_answered_in_spanish_carries_the_note(admin_client):
    with translation.override("es"):
        case = open_case("Lucía", "lucia@example.com")
    assert case.language == "es" and case.lefs_total == 60
    build(case)
    case_page, checkin_page = staff_pages(admin_client, case)

    # Beside the LEFS score and under the pain and LEFS trend, once each, and on the check-in.
    assert case_page.count(LEFS_SPANISH_NOTE) == 2
    assert "60 / 80" in case_page
    assert "Cruz-Díaz et al., Disabil Rehabil 2014;36(23):2005-11" in LEFS_SPANISH_NOTE
    assert LEFS_SPANISH_NOTE in checkin_page
    assert 'lang="en"' in case_page  # the note is staff text: the page stays English


def test_an_english_case_has_no_note(admin_client):
    case = open_case()
    assert case.language == "en"
    build(case)
    case_page, checkin_page = staff_pages(admin_client, case)
    assert "LEFS answered in Spanish" not in case_page
    assert "LEFS answered in Spanish" not in checkin_page
    assert "60 / 80" in case_page


def answer_lefs(case, language: str) -> None:
    """The runner answers the plan's LEFS check-in on a page in `language`."""
    lefs = CheckIn.objects.filter(case=case, kind="lefs").first()
    answers = {f"lefs_{item}": 2 for item in range(1, 21)}
    with translation.override(language):
        checkin_answer(
            checkin=lefs, answers={**answers, "lefs_total": 40}, today=timezone.localdate()
        )


def lefs_checkin_page(admin_client, case) -> str:
    lefs = CheckIn.objects.get(case=case, kind="lefs", status="answered")
    assert lefs.language in ("en", "es")  # kept with the answers
    return unescape(admin_client.get(f"/admin/programs/checkin/{lefs.pk}/change/").content.decode())


def case_page(admin_client, case) -> str:
    return unescape(admin_client.get(f"/admin/intake/case/{case.pk}/change/").content.decode())


def test_a_lefs_check_in_answered_in_spanish_after_an_english_intake_carries_the_note(
    admin_client,
):
    case = open_case()  # the intake in English; the runner switched to Spanish later
    build(case)
    answer_lefs(case, "es")
    assert LEFS_SPANISH_NOTE in lefs_checkin_page(admin_client, case)
    # Under the trend (a Spanish point on it), not beside the intake's English score.
    assert case_page(admin_client, case).count(LEFS_SPANISH_NOTE) == 1


def test_a_lefs_check_in_answered_in_english_after_a_spanish_intake_has_no_note(admin_client):
    with translation.override("es"):
        case = open_case("Lucía", "lucia@example.com")
    build(case)
    answer_lefs(case, "en")
    assert LEFS_SPANISH_NOTE not in lefs_checkin_page(admin_client, case)
    assert case_page(admin_client, case).count(LEFS_SPANISH_NOTE) == 2  # the intake's LEFS
