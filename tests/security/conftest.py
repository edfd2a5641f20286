import pytest
from django.utils import timezone

from intake.models import Case
from programs.services import library_seed, session_log
from tests.programs.conftest import build, open_case

# Words that appear only in clinical free text: a page that shows one shows clinical content.
STORY = "zebra-striped-ache-after-tempo-runs"
NOTE = "internal-note-quokka"
LOG_NOTE = "log-note-narwhal"
PLAN_NOTE = "plan-note-axolotl"


@pytest.fixture
def clinical(db):
    """A case with a free-text answer, an internal note, a plan and a logged session."""
    library_seed()
    case = open_case(pain_story=STORY, surgeries="knee scope 2019")
    Case.objects.filter(pk=case.pk).update(notes=NOTE)
    plan = build(case=case, start=timezone.localdate(), note_to_runner=PLAN_NOTE)
    session = plan.sessions.order_by("date").first()
    session_log(
        session=session, outcome="done", pain_during=3, note=LOG_NOTE, today=timezone.localdate()
    )
    case.refresh_from_db()
    return case, plan
