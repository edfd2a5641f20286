import io
import re

import pytest
from django.core.management import call_command

from intake.models import Case

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("demo_seed", stdout=out)
    return re.search(r"password: (\S+)", out.getvalue()).group(1)


def test_the_demo_seed_gives_a_working_login_and_cases_at_every_level(client):
    seed()
    password = seed()  # a second run adds nothing and prints a fresh password
    assert Case.objects.count() == 7
    assert set(Case.objects.values_list("triage_level", flat=True)) == {
        "emergency",
        "urgent",
        "soon",
        "routine",
    }
    assert client.login(username="therapist", password=password)
    assert client.get("/admin/intake/case/").status_code == 200
