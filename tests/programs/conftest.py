import re
from datetime import date

import pytest
import time_machine
from django.core import mail

from clinic.outbox import outbox_dispatch
from intake.demo import demo_answers
from intake.services import case_open
from programs.models import ProgramTemplate
from programs.services import PlanDraft, library_seed, plan_build
from programs.suggest import HIP_STRENGTH, WALK_RUN, WARM_UP

# Monday 1 June 2026, 08:00 in New York.
PLAN_NOW = "2026-06-01T12:00:00Z"
PLAN_START = date(2026, 6, 1)


@pytest.fixture
def plan_clock():
    with time_machine.travel(PLAN_NOW, tick=False):
        yield


@pytest.fixture
def library(db):
    library_seed()


def open_case(first="Maya", email="maya@example.com", **answers):
    return case_open(
        contact={
            "first_name": first,
            "last_name": "Lopez",
            "email": email,
            "phone": "919-555-0101",
        },
        answers=demo_answers(answers),
    )


def templates(*names):
    found = {t.name: t for t in ProgramTemplate.objects.filter(name__in=names)}
    return [found[name] for name in names]


def build(case=None, names=(HIP_STRENGTH, WARM_UP, WALK_RUN), start=PLAN_START, **draft):
    return plan_build(
        case=case or open_case(),
        draft=PlanDraft(templates=templates(*names), start_date=start, **draft),
    )


def plan_link_from_mail() -> str:
    """Send what the outbox holds, then the plan link from the newest plan e-mail."""
    outbox_dispatch()
    plan_mails = [m for m in mail.outbox if m.subject == "Your exercise plan is ready"]
    assert plan_mails, [m.subject for m in mail.outbox]
    return re.search(r"http://testserver(/plan/open/\S+/)", plan_mails[-1].body).group(1)


from tests.intake.conftest import therapist  # noqa: E402, F401 - the booking tests' therapist
