"""Plans from templates: the seed, the snapshot, the runner's page and its logging, links."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.core import mail

from clinic.models import PrivateLink
from programs.models import Exercise, Plan, PlanItem, SessionLog, TemplateItem
from programs.services import PlanError, library_seed
from programs.suggest import BONE_RETURN, HIP_STRENGTH, WALK_RUN, WARM_UP
from tests.programs.conftest import PLAN_START, build, open_case, plan_link_from_mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


# --- the library ----------------------------------------------------------------------------


def test_the_seed_holds_the_clinics_exercises_with_their_exact_dosage():
    dosage = {e.name: e.dosage() for e in Exercise.objects.all()}
    bridge, walk = dosage["Glute bridge"], dosage["Monster walk"]
    assert (bridge["sets"], bridge["reps"], bridge["hold_seconds"], bridge["hold_seconds_max"]) == (
        3,
        12,
        2,
        3,
    )
    assert (walk["reps"], walk["reps_max"], walk["reps_unit"], walk["each"]) == (
        10,
        12,
        "steps",
        "direction",
    )
    assert (dosage["Hip flexor stretch"]["hold_seconds"], dosage["Hip flexor stretch"]["each"]) == (
        30,
        "side",
    )
    assert (dosage["Single-leg deadlift"]["reps"], dosage["Single-leg deadlift"]["reps_max"]) == (
        8,
        10,
    )
    expected = {
        "Leg swings",
        "Walking lunges",
        "High knees",
        "Hamstring stretch",
        "Glute stretch",
        "Deadlift",
        "Side lunge",
        "Single-leg balance",
        "Side-lying hip abduction",
        "Side plank",
        "Clamshells",
        "Step-down",
        "Single-leg squat",
        "Swim",
        "Cycle",
        "Walk",
    }
    assert expected <= set(dosage)


def test_seeding_again_adds_nothing_and_keeps_the_clinics_edits():
    Exercise.objects.filter(name="Glute bridge").update(reps=10)
    before = (Exercise.objects.count(), TemplateItem.objects.count())
    assert library_seed() == {"exercises": 0, "templates": 0}
    assert (Exercise.objects.count(), TemplateItem.objects.count()) == before
    assert Exercise.objects.get(name="Glute bridge").reps == 10


# --- building -------------------------------------------------------------------------------


def test_a_plan_has_dated_sessions_for_its_whole_length():
    plan = build()
    sessions = plan.sessions.all()
    assert sessions.first().date == PLAN_START
    assert plan.end_date == max(s.date for s in sessions)
    # Hip strength: 2 + 12 + 4 weeks, three days a week; warm-up 4 weeks; 10 levels x 3 runs.
    assert sessions.filter(kind="exercise").count() == 18 * 3 + 4 * 3
    assert sessions.filter(kind="run").count() == 30


def test_a_plan_is_a_snapshot_that_template_and_exercise_edits_never_change():
    plan = build()
    bridge = PlanItem.objects.filter(plan=plan, name="Glute bridge").first()
    Exercise.objects.filter(name="Glute bridge").update(name="Bridge (renamed)", steps="New steps")
    TemplateItem.objects.filter(exercise__name="Bridge (renamed)").update(reps=20, sets=5)
    bridge.refresh_from_db()
    assert (bridge.name, bridge.sets, bridge.reps) == ("Glute bridge", 3, 12)
    assert bridge.steps.startswith("Lie on your back")


def test_a_bone_mode_return_to_run_needs_a_recorded_clearance():
    with pytest.raises(PlanError, match="clearance"):
        build(names=(HIP_STRENGTH, BONE_RETURN))
    assert not Plan.objects.exists()
    plan = build(names=(BONE_RETURN,), bone_clearance_note="MRI healed, cleared by Dr Lee 05/28")
    assert plan.stages.filter(pain_mode="bone").count() == 6


def test_issuing_a_plan_emails_the_runner_a_link_and_no_health_details(client):
    build()
    path = plan_link_from_mail()
    body = mail.outbox[-1].body
    for detail in ("Glute", "pain", "hip", "Walk/run"):
        assert detail.lower() not in body.lower()
    opened = client.get(path)
    assert opened.url == "/plan/"  # the token leaves the address bar
    assert opened["Referrer-Policy"] == "no-referrer"  # and is never sent on as a referrer
    page = client.get(opened.url)
    assert "Glute bridge" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


# --- the runner's page ----------------------------------------------------------------------


def open_plan(client, plan):
    from clinic.links import link_issue

    token = link_issue(purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=timedelta(days=1))
    client.get(f"/plan/open/{token}/")


def test_the_page_shows_todays_session_first_then_the_week(client):
    open_plan(client, build())
    page = client.get("/plan/").content.decode()
    # The strip of seven days on top, then today's cards, then the progress.
    assert page.count('class="strip-day') == 7
    assert page.index('class="strip"') < page.index("Today, Monday, June 1")
    assert page.index("Today, Monday, June 1") < page.index("Your progress</h2>")
    assert "3 sets of 12 reps, hold 2-3 s" in page  # the bridge, with its dosage
    assert "Walk 9 min / run 1 min, 3 times." in page  # level 1 of the walk/run
    assert 'data-intervals="Walk:540,Run:60,Walk:540,Run:60,Walk:540,Run:60"' in page


def test_the_week_list_opens_any_day_and_the_weeks_around_it(client):
    plan = build()
    open_plan(client, plan)
    page = client.get("/plan/").content.decode()
    assert "?day=2026-06-03" in page and "Next week" in page and "Earlier week" not in page
    wednesday = client.get("/plan/?day=2026-06-03").content.decode()
    assert "Wednesday, June 3" in wednesday and "Back to today" in wednesday
    assert "Walk 9 min / run 1 min, 3 times." in wednesday  # its run, in full
    later = client.get("/plan/?day=2026-06-10").content.decode()
    assert "Week 2, day by day</h2>" in later and "Earlier week" in later
    for nonsense in ("yesterday", "2026-02-30", "1999-01-01"):
        assert client.get(f"/plan/?day={nonsense}").status_code == 200


def log(client, session, **data):
    return client.post("/plan/", {"session": session.pk, **data})


def test_logging_a_session_takes_two_taps_and_shows_on_the_page(client):
    plan = build()
    open_plan(client, plan)
    today = plan.sessions.filter(date=PLAN_START, kind="exercise").first()
    response = log(client, today, outcome="done", pain="2")
    assert response.status_code == 302
    assert SessionLog.objects.get(session=today).pain_during == 2
    assert "Logged: Done, pain 2/10" in client.get(response.url).content.decode()
    log(client, today, outcome="partly", pain="4", note="Stopped early")  # corrected, not doubled
    assert SessionLog.objects.get(session=today).outcome == "partly"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "done"}, "How much did it hurt"),
        ({"outcome": "done", "pain": "11"}, "from 0 (none) to 10"),
        ({"outcome": "done", "pain": "lots"}, "from 0 (none) to 10"),
        ({"outcome": "maybe", "pain": "2"}, "Choose done, partly or skipped"),
    ],
)
def test_a_bad_log_gets_a_clear_message_and_keeps_the_note(client, data, message):
    plan = build()
    open_plan(client, plan)
    today = plan.sessions.filter(date=PLAN_START).first()
    response = log(client, today, note="Felt tight on the left", **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "Felt tight on the left" in page
    assert not SessionLog.objects.exists()


def test_a_skipped_session_needs_no_pain_score(client):
    plan = build()
    open_plan(client, plan)
    today = plan.sessions.filter(date=PLAN_START).first()
    assert log(client, today, outcome="skipped").status_code == 302
    assert SessionLog.objects.get().pain_during is None


def test_a_session_is_logged_on_its_day_not_ahead(client):
    plan = build()
    open_plan(client, plan)
    later = plan.sessions.filter(date=PLAN_START + timedelta(days=2)).first()
    page = log(client, later, outcome="done", pain="1").content.decode()
    assert "log it then" in page and not SessionLog.objects.exists()


def test_the_dosage_moves_on_after_two_easy_sessions(client):
    plan = build(names=(HIP_STRENGTH,))
    sessions = list(plan.sessions.order_by("date")[:2])
    with time_machine.travel(datetime(2026, 6, 3, 16, tzinfo=UTC), tick=False):
        open_plan(client, plan)  # that day (a runner's session lasts 12 hours)
        for session in sessions:
            log(client, session, outcome="done", pain="1")
        page = client.get("/plan/").content.decode()
    assert "3 sets of 10 reps each side" in page  # side-lying abduction: 2x10 -> 3x10
    assert "Moved on to 3 sets of 10 reps each side" in page


def test_a_paused_plan_says_so_and_takes_no_logs(client):
    plan = build()
    open_plan(client, plan)
    Plan.objects.filter(pk=plan.pk).update(status="paused")
    page = client.get("/plan/").content.decode()
    assert "paused this plan" in page and 'name="outcome"' not in page
    today = plan.sessions.filter(date=PLAN_START).first()
    assert "paused or has ended" in log(client, today, outcome="done", pain="1").content.decode()


def test_one_runners_link_never_shows_or_logs_another_runners_plan(client):
    mine = build()
    theirs = build(open_case("Theo", "theo@example.com"), names=(HIP_STRENGTH,))
    open_plan(client, mine)
    assert "Theo" not in client.get("/plan/").content.decode()
    their_session = theirs.sessions.first()
    page = log(client, their_session, outcome="done", pain="1").content.decode()
    assert "not in your plan" in page
    assert not SessionLog.objects.exists()


@pytest.mark.parametrize("problem", ["tampered", "expired", "revoked", "other-purpose"])
def test_a_bad_plan_link_gets_a_clear_page(client, problem):
    from clinic.links import link_issue

    plan = build()
    purpose = (
        PrivateLink.Purpose.VISIT_MANAGE if problem == "other-purpose" else PrivateLink.Purpose.PLAN
    )
    token = link_issue(purpose=purpose, object_id=plan.pk, ttl=timedelta(days=1))
    if problem == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    if problem == "expired":
        PrivateLink.objects.update(expires_at=datetime(2026, 5, 1, tzinfo=UTC))
    if problem == "revoked":
        PrivateLink.objects.update(revoked_at=datetime(2026, 5, 31, tzinfo=UTC))
    response = client.get(f"/plan/open/{token}/")
    assert response.status_code == (410 if problem in ("expired", "revoked") else 404)
    assert client.get("/plan/").status_code == 404  # nothing was opened


def test_the_page_costs_the_same_queries_for_a_one_week_and_a_twelve_week_plan(
    client, django_assert_max_num_queries
):
    from programs.models import ProgramTemplate

    # Both with a return to run (its progress reads the current stage's runs), one cut to a
    # week.
    short = build(names=(WARM_UP, WALK_RUN))
    short.phases.update(weeks=1)
    short.sessions.filter(date__gt=PLAN_START + timedelta(days=6)).delete()
    Plan.objects.filter(pk=short.pk).update(end_date=PLAN_START + timedelta(days=6))
    long = build(open_case("Theo", "theo@example.com"), names=(HIP_STRENGTH, WALK_RUN))
    assert ProgramTemplate.objects.exists()
    counts = []
    for plan in (short, long):
        open_plan(client, plan)
        with django_assert_max_num_queries(14) as captured:
            assert client.get("/plan/").status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_calendar_feed_has_one_event_per_day_naming_its_sessions_and_nothing_clinical(
    client,
):
    plan = build()
    open_plan(client, plan)
    page = client.post("/plan/calendar/").content.decode()
    feed = page.split('value="http://testserver')[1].split('"')[0]
    response = client.get(feed)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    days = [e.decoded("dtstart") for e in events]
    assert len(days) == len(set(days))  # never two entries on one day
    assert set(days) == set(plan.sessions.values_list("date", flat=True))
    assert len({str(e["uid"]) for e in events}) == len(events)
    # The first day holds two exercise sessions and a run/walk: one event lists all three.
    assert plan.sessions.filter(date=PLAN_START).count() == 3
    first = next(e for e in events if e.decoded("dtstart") == PLAN_START)
    assert str(first["summary"]).startswith("Exercise session and Run/walk session")
    lines = str(first["description"]).splitlines()
    assert lines[:3] == [
        "Exercise session: Hip strength for runners: Settle and activate",
        "Exercise session: Warm-up and cool-down: Before and after each run",
        "Run/walk session: Walk/run return: 10 levels: Level 1",
    ]
    text = response.content.decode().lower()
    assert "glute" not in text and "pain" not in text
    client.post("/plan/calendar/")  # a new address retires the old one
    assert client.get(feed).status_code == 410


def test_the_printable_plan_lists_every_exercise_and_date(client):
    plan = build()
    open_plan(client, plan)
    page = client.get("/plan/print/").content.decode()
    assert "Glute bridge" in page and "Level 10" in page
    assert page.count("<tr>") >= plan.sessions.count()


def test_the_printable_plan_starts_with_this_week_day_by_day(client):
    plan = build()
    with time_machine.travel(datetime(2026, 6, 9, 16, tzinfo=UTC), tick=False):  # week 2
        open_plan(client, plan)
        page = client.get("/plan/print/").content.decode()
    week = page.split('<section class="print-week"')[1].split("</section>")[0]
    assert page.index("This week (week 2)") < page.index('class="print-phase"')
    assert week.count('<th scope="row">') == 7
    assert "Monday, June 8" in week and "Sunday, June 14" in week
    assert "Glute bridge (3 sets of 12 reps, hold 2-3 s)" in week
    assert "Rest day" in week
    assert 'class="btn btn-primary print-button" hidden' in page  # js/print.js shows it


def test_a_refused_log_keeps_the_chosen_pain_score(client):
    plan = build()
    open_plan(client, plan)
    today = plan.sessions.filter(date=PLAN_START).first()
    page = log(client, today, outcome="maybe", pain="2").content.decode()
    assert f'id="p{today.pk}-2" value="2" checked' in page


@pytest.mark.parametrize("session", ["abc", "99999999999999999999999", "", "-1"])
def test_a_tampered_session_id_gets_a_clear_message(client, session):
    open_plan(client, build())
    response = client.post("/plan/", {"session": session, "outcome": "done", "pain": "1"})
    assert response.status_code == 200
    assert "not in your plan" in response.content.decode()
