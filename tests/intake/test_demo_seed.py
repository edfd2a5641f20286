import io
import re

import pytest
from django.core.management import call_command

from intake.models import Case
from tests.staff import log_in

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("demo_seed", stdout=out)
    return out.getvalue()


def test_the_demo_seed_gives_a_working_two_step_login_and_cases_at_every_level(client, settings):
    seed()
    printed = seed()  # a second run adds nothing and prints a fresh password
    password = re.search(r"password: (\S+)", printed).group(1)
    assert "otpauth://totp/" in printed
    assert Case.objects.count() == 7
    assert set(Case.objects.values_list("triage_level", flat=True)) == {
        "emergency",
        "urgent",
        "soon",
        "routine",
    }
    settings.DEBUG = True  # staff_code is for local demos only
    code = io.StringIO()
    call_command("staff_code", "therapist", stdout=code)
    response = log_in(client, "therapist", password, code=code.getvalue().strip())
    assert response.status_code == 302
    assert client.get("/admin/intake/case/").status_code == 200


def test_staff_code_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    seed()
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("staff_code", "therapist", stdout=io.StringIO())
