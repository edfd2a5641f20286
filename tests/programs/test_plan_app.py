"""The plan page as an app (issue 17): the week as a strip of days in words, the saved log
shown back, and the progress the runner can see."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from clinic.links import link_issue
from clinic.models import PrivateLink
from programs.checkins.answers import checkin_answer
from programs.models import CheckIn, SessionLog
from programs.selectors import DayEntry, day_state
from programs.suggest import BONE_RETURN, HIP_STRENGTH, WALK_RUN
from tests.programs.conftest import PLAN_START, build

pytestmark = pytest.mark.usefixtures("library", "plan_clock")


def open_plan(client, plan):
    token = link_issue(purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=timedelta(days=30))
    client.get(f"/plan/open/{token}/")


def entry(outcome=None):
    log = SessionLog(outcome=outcome) if outcome else None
    return DayEntry(session=None, title="", log=log)


TODAY = date(2026, 6, 10)
PAST, FUTURE = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "entries", "state"),
    [
        (PAST, [entry("done"), entry("done")], "done"),
        (PAST, [entry("done"), entry()], "partly"),  # one of two logged
        (PAST, [entry("done"), entry("skipped")], "partly"),
        (PAST, [entry("partly")], "partly"),
        (PAST, [entry("skipped")], "skipped"),
        (PAST, [entry()], "missed"),
        (TODAY, [entry()], "today"),
        (TODAY, [entry("done"), entry()], "today"),  # still going
        (TODAY, [entry("done")], "done"),
        (TODAY, [], "rest"),
        (FUTURE, [entry()], "coming"),
        (FUTURE, [], "rest"),
    ],
)
def test_each_day_of_the_strip_has_one_state(day, entries, state):
    assert day_state(day, entries, TODAY) == state


def at(day: date):
    """Noon in New York that day."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 16, tzinfo=UTC), tick=False)


def test_the_strip_says_each_days_state_in_words_and_opens_the_day(client):
    plan = build(names=(HIP_STRENGTH,))  # Mon, Wed, Sat
    monday, wednesday = (plan.sessions.get(date=PLAN_START + timedelta(days=n)) for n in (0, 2))
    with at(PLAN_START + timedelta(days=3)):  # Thursday
        open_plan(client, plan)
        client.post("/plan/", {"session": monday.pk, "outcome": "done", "pain": "1"})
        page = client.get("/plan/").content.decode()
    assert page.count('class="strip-day') == 7
    for words in (
        'Monday, June 1: </span><span class="strip-state">Done',
        'Tuesday, June 2: </span><span class="strip-state">Rest day',
        'Wednesday, June 3: </span><span class="strip-state">Missed',
        'Thursday, June 4, today: </span><span class="strip-state">Rest day',
        'Saturday, June 6: </span><span class="strip-state">Coming up',
    ):
        assert words in page
    assert f'href="?day={wednesday.date}#day-title"' in page
    with at(PLAN_START + timedelta(days=3)):
        day = client.get(f"/plan/?day={wednesday.date}").content.decode()
    assert "Wednesday, June 3</h2>" in day and 'class="exercise-card"' in day


def test_each_exercise_is_a_card_with_its_dosage_and_how_to_do_it(client):
    open_plan(client, build(names=(HIP_STRENGTH,)))
    page = client.get("/plan/").content.decode()
    card = page.split('<li class="exercise-card">')[1].split("</li>\n")[0]
    assert '<h4 class="exercise-name">' in card and 'class="exercise-dosage"' in card
    assert "<summary>How to do it" in card and 'class="exercise-steps"' in card
    assert "<img" not in page  # no media yet: a clean card, never a broken image


def test_after_saving_change_your_log_shows_what_was_saved(client):
    plan = build(names=(HIP_STRENGTH,))
    today = plan.sessions.get(date=PLAN_START)
    open_plan(client, plan)
    response = client.post(
        "/plan/", {"session": today.pk, "outcome": "partly", "pain": "3", "note": "Tight <left>"}
    )
    page = client.get(response.url).content.decode()
    assert "Change your log." in page
    assert "<dt>How it went</dt><dd>Partly</dd>" in page
    assert "<dt>Pain during</dt><dd>3 out of 10</dd>" in page
    assert "<dt>Your note</dt><dd>Tight &lt;left&gt;</dd>" in page
    # The form starts from the saved answers: changing the log is one tap.
    assert f'id="p{today.pk}-3" value="3" checked' in page
    assert ">Tight &lt;left&gt;</textarea>" in page


def morning_after(plan, number: int, pain: int = 2, morning: str = "same"):
    session = plan.sessions.filter(kind="run").order_by("date")[number]
    SessionLog.objects.create(session=session, outcome="done", pain_during=pain)
    checkin = CheckIn.objects.get(kind="morning_after", session=session)
    answers = {
        "morning": morning,
        "pain_morning": 1,
        "pain_during": pain,
        "completed": True,
        "new_warning_signs": [],
    }
    with at(session.date + timedelta(days=1)):
        checkin_answer(checkin=checkin, answers=answers, today=session.date + timedelta(days=1))
    return session


def test_progress_shows_the_ladder_and_what_unlocks_the_next_level(client):
    plan = build(names=(WALK_RUN,))
    open_plan(client, plan)
    page = client.get("/plan/").content.decode()
    near = page[
        page.index('<ol class="ladder ladder-near">') : page.index(
            "</ol>", page.index("ladder-near")
        )
    ]
    # On a phone: this level and the next (there is none before the first), then all ten folded.
    assert (
        '<li class="rung rung-current" aria-current="step"><span class="rung-name">Level 1' in near
    )
    assert near.count('class="rung ') == 2 and "Level 2" in near and "Level 3" not in near
    assert "You are at step 1 of 10." in page
    folded = page[page.index('<details class="ladder-all">') : page.index("</details>")]
    assert "<summary>All 10 levels</summary>" in folded and folded.count("rung rung-ahead") == 9
    assert page.count('aria-current="step"') == 1  # the current level is announced once
    # The stage's own rule (tendon, 5/10, 3 runs), as progression.decide() applies it.
    assert (
        "To unlock Level 2:</strong> 3 more runs done in full, with pain during the run at "
        "5/10 or less and the next morning no worse than usual (your morning-after check-in): "
        "0 of 3 so far. Then your therapist confirms the move."
    ) in page
    first = morning_after(plan, 0)
    with at(first.date + timedelta(days=1)):
        open_plan(client, plan)
        page = client.get("/plan/").content.decode()
    assert "2 more runs done in full" in page and "1 of 3 so far" in page
    assert (
        "Latest check-in (Tuesday, June 2):</strong> Stay at this stage (from Level 1). 1 of 3 runs"
        in page
    )


def test_a_run_above_the_limit_never_counts_towards_the_next_level(client):
    plan = build(names=(WALK_RUN,))
    morning_after(plan, 0, pain=6)
    with at(PLAN_START + timedelta(days=1)):
        open_plan(client, plan)
        page = client.get("/plan/").content.decode()
    assert "0 of 3 so far" in page
    assert "above this stage&#x27;s limit (5/10)" in page  # the decision, in one line


def test_a_bone_return_to_run_says_no_pain_at_all(client):
    plan = build(names=(BONE_RETURN,), bone_clearance_note="Cleared by Dr Smith")
    open_plan(client, plan)
    page = client.get("/plan/").content.decode()
    assert "with no pain at all during the run" in page and "/10 or less" not in page


def test_sessions_done_this_week_and_last(client):
    plan = build(names=(HIP_STRENGTH,))
    first_week = list(plan.sessions.filter(date__lt=PLAN_START + timedelta(days=7)))
    with at(PLAN_START + timedelta(days=8)):
        open_plan(client, plan)
        for session, outcome in zip(first_week, ("done", "partly", "skipped"), strict=True):
            client.post("/plan/", {"session": session.pk, "outcome": outcome, "pain": "1"})
        page = client.get("/plan/").content.decode()
    assert "<dt>This week</dt><dd>0 of 3 sessions done</dd>" in page
    assert "<dt>Last week</dt><dd>1 of 3 sessions done, 1 partly</dd>" in page


def test_the_ladder_opens_on_the_level_before_the_current_one_and_the_next(client):
    plan = build(names=(WALK_RUN,))
    plan.current_stage = plan.stages.order_by("order")[3]
    plan.save(update_fields=["current_stage"])
    open_plan(client, plan)
    page = client.get("/plan/").content.decode()
    near = page[page.index("ladder-near") : page.index("</ol>", page.index("ladder-near"))]
    assert re.findall(r'rung-name">([^<]+)', near) == ["Level 3", "Level 4", "Level 5"]
    assert re.findall(r"rung-state\">([^<]+)", near) == ["Done", "You are here", "To come"]
    assert "You are at step 4 of 10." in page and "To unlock Level 5:" in page
