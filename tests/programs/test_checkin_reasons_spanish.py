"""A check-in's return-to-run reason in the runner's language: a Spanish runner reads why
they step back, hold or stop in Spanish (the check-in's answer page, the plan page, My care);
staff read the English, with what the runner was told beside it."""

import ast
import re
from html import unescape
from pathlib import Path

import pytest
from django.utils import translation

from intake.models import Runner
from intake.privacy import runner_export
from programs import progression
from programs.models import Decision
from programs.progression import RunResult, StageRule, decide
from programs.suggest import WALK_RUN
from tests.programs.conftest import build
from tests.programs.test_checkins import MORNING_FINE, answer_by_link, log_run, morning_checkin
from tests.programs.test_plan_spanish import words
from tests.staff import verified

TENDON = StageRule("tendon", 5, 3)
BONE = StageRule("bone", 0, 2)
ONE_RUN = StageRule("tendon", 5, 1)


def run(pain, morning="same", completed=True):
    return RunResult(pain, morning, completed)


# Every branch of progression.decide, each way it words its reason: at the first stage and
# after it, bone and tendon, one run and several (the plural forms).
EVERY_REASON = [
    (TENDON, [run(0)], True, False),  # a new warning sign
    (TENDON, [], False, False),  # nothing reported yet
    (TENDON, [run(2, "worse"), run(2, "worse")], False, False),  # not settled twice: stop
    (TENDON, [run(7)], False, False),  # above the limit: back one stage
    (TENDON, [run(7)], False, True),  # ... at the first stage: rest, then repeat
    (BONE, [run(1)], False, False),  # any pain in bone mode
    (BONE, [run(1)], False, True),
    (BONE, [run(0, "worse")], False, False),  # sore the next morning, bone mode
    (BONE, [run(0, "worse")], False, True),
    (TENDON, [run(2, "worse")], False, False),  # not settled once: repeat
    (TENDON, [run(2), run(2), run(2)], False, False),  # enough: move on
    (ONE_RUN, [run(2)], False, False),  # enough, one run
    (TENDON, [run(2)], False, False),  # so far, of several runs
    (ONE_RUN, [run(2, None)], False, False),  # so far, of one run
]
ENGLISH_WORDS = re.compile(r"\b(the|stage|run|runs|pain|morning|back|limit|rest|move)\b", re.I)


@pytest.mark.parametrize(("rule", "runs", "warning", "first"), EVERY_REASON)
def test_every_reason_a_decision_can_give_reads_in_spanish(rule, runs, warning, first):
    def reason(language):
        with translation.override(language):
            return decide(rule, runs, new_warning_sign=warning, first_stage=first).reason

    english, spanish = reason("en"), reason("es")
    assert spanish != english
    assert not ENGLISH_WORDS.search(spanish), spanish  # no English msgid left untranslated
    for number in re.findall(r"\d+", english):  # the scores and counts, kept
        assert number in spanish


def _decision_msgids() -> list[str]:
    """Every phrase progression.py marks for translation, but the unlock words (not a
    decision's reason): each gettext/ngettext/gettext_noop literal, plural forms included."""
    tree = ast.parse(Path(progression.__file__).read_text())
    unlock = {"what_unlocks_next", "_runs"}
    skipped = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and function.name in unlock
        for node in ast.walk(function)
    }
    return [
        arg.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and id(node) not in skipped
        and getattr(node.func, "id", "") in {"gettext", "ngettext", "gettext_noop"}
        for arg in node.args
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    ]


def test_the_table_walks_every_reason_progression_can_give():
    """Each reason progression.py can word is produced by a row of EVERY_REASON (so the
    Spanish test above reads them all): a new wording there needs its row here."""
    with translation.override("en"):
        produced = [
            decide(r, runs, new_warning_sign=w, first_stage=f).reason
            for r, runs, w, f in EVERY_REASON
        ]
    msgids = _decision_msgids()
    assert len(msgids) == len(EVERY_REASON)
    for msgid in msgids:
        pattern = r"\d+".join(re.escape(part) for part in re.split(r"%\(\w+\)s", msgid))
        assert any(re.fullmatch(pattern, reason) for reason in produced), msgid


def spanish_plan():
    plan = build(names=(WALK_RUN,))
    Runner.objects.filter(cases__plans=plan).update(language="es")  # chosen on a runner page
    return plan


def answer(client, plan, number, **data):
    session, checkin = morning_checkin(plan, number)
    log_run(session, pain=int(data.get("pain_during", 2)))
    page = answer_by_link(client, checkin, {**MORNING_FINE, **data}, at=checkin.due_at)
    return checkin, words(page.content.decode())


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_a_spanish_runner_reads_why_they_step_back_in_spanish_and_staff_read_english(
    client, admin_client, admin_user
):
    plan = spanish_plan()
    checkin, done = answer(client, plan, 0, pain_during="7")
    decision = Decision.objects.get(checkin=checkin)
    told = (
        "El dolor durante la carrera fue de 7/10, por encima del límite de esta etapa (5/10): "
        "esta es la primera etapa, así que no hay una más fácil: descanse hoy y luego repita "
        "esta etapa."
    )
    assert decision.action == "step_back"
    assert decision.reason.startswith("Pain during the run was 7/10")  # staff's, English
    assert (decision.reason_shown, decision.language) == (told, "es")
    assert told in done and "Pain during" not in done  # the check-in's answer page
    plan_page = words(client.get("/plan/").content.decode())
    assert "Último seguimiento" in plan_page and told in plan_page
    assert "Pain during" not in plan_page
    care = words(client.get("/care/").content.decode())
    assert told in care and "Pain during" not in care
    # The review queue and the decision's admin page: English, the runner's words beside.
    checkin.refresh_from_db()
    assert checkin.review_reasons == [f"Decision: step back one stage. {decision.reason}"]
    verified(admin_client, admin_user)
    page = admin_client.get(f"/admin/programs/decision/{decision.pk}/change/").text
    assert '<span class="told">Told the runner in Spanish (español): <span lang="es">' in page
    assert "<textarea" not in page  # what was decided and told is not for editing
    staff = unescape(page)
    assert decision.reason in staff and told in staff
    staff = unescape(admin_client.get(f"/admin/programs/checkin/{checkin.pk}/change/").text)
    assert decision.reason in staff and told in staff
    assert "Volver una etapa atrás" not in staff  # the action's label too stays English


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_a_spanish_runner_who_holds_reads_why_in_spanish(client):
    plan = spanish_plan()
    checkin, done = answer(client, plan, 0, morning="worse")
    told = (
        "El dolor no se había calmado para la mañana siguiente: repita esta etapa antes de avanzar."
    )
    assert Decision.objects.get(checkin=checkin).action == "repeat"
    assert told in done
    assert told in words(client.get("/plan/").content.decode())
    assert told in words(client.get("/care/").content.decode())


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_a_spanish_runner_told_to_stop_running_reads_why_on_the_plan_page(client):
    plan = spanish_plan()
    answer(client, plan, 0, morning="worse")
    client.cookies.clear()
    checkin, done = answer(client, plan, 1, morning="worse")
    told = (
        "Dos veces seguidas el dolor no se había calmado para la mañana siguiente: deje de "
        "correr y comuníquese con la clínica."
    )
    plan.refresh_from_db()
    assert plan.running_stopped_reason.startswith("The pain had not settled")
    assert (plan.running_stopped_reason_shown, plan.running_stopped_language) == (told, "es")
    assert told in done
    banner = words(client.get("/plan/").content.decode())
    assert "Deje de correr por ahora" in banner and told in banner
    assert "The pain had not settled" not in banner
    assert told in words(client.get("/care/").content.decode())
    # The export keeps what the runner was told, with the English staff read.
    export = runner_export(plan.case.runner)
    assert export["plans"][0]["running_stopped_reason_shown"] == told
    decisions = [d for c in export["check-ins"] for d in c["decisions"]]
    assert {"reason_shown": told, "language": "es"}.items() <= decisions[-1].items()


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_a_runner_who_reads_english_now_gets_the_english_reason(client):
    """What the runner was shown is for pages in that language; in another, the English
    (older rows with no shown words read the same way)."""
    plan = spanish_plan()
    checkin, _ = answer(client, plan, 0, morning="worse")
    client.post("/language/", {"language": "en", "next": "/plan/"})
    page = words(client.get("/plan/").content.decode())
    assert "The pain had not settled by the next morning: repeat this stage" in page
    assert "repita esta etapa" not in page
