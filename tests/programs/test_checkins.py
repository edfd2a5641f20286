"""Check-ins: when they are due, what answering them does, decisions and the review queue."""

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from programs.checkins.services import checkins_derive_for_cases, checkins_mark_missed
from programs.models import CheckIn, Decision, SessionLog
from programs.schedule import at_local_hour, first_local_hour_after
from programs.suggest import WALK_RUN
from tests.programs.conftest import build, open_case
from tests.staff import verified

NY = ZoneInfo("America/New_York")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


@pytest.mark.parametrize(
    ("instant", "due"),
    [
        (datetime(2026, 6, 1, 11, 59, tzinfo=UTC), "2026-06-01 08:00"),  # 07:59 EDT
        (datetime(2026, 6, 1, 12, 1, tzinfo=UTC), "2026-06-02 08:00"),  # just after 08:00
        (datetime(2026, 6, 2, 3, 0, tzinfo=UTC), "2026-06-02 08:00"),  # 23:00: never at night
        (datetime(2026, 3, 8, 5, 0, tzinfo=UTC), "2026-03-08 08:00"),  # the spring-forward night
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "2026-11-01 08:00"),  # the fall-back night
    ],
)
def test_a_check_in_waits_for_the_clinics_morning_hour(instant, due):
    assert first_local_hour_after(instant, 8, NY).astimezone(NY).strftime("%Y-%m-%d %H:%M") == due


def test_the_morning_hour_is_the_same_local_hour_across_the_clock_changes():
    days = [date(2026, 10, 30) + timedelta(days=n) for n in range(5)]
    utc_hours = [at_local_hour(day, 8, NY).hour for day in days]
    assert utc_hours == [12, 12, 13, 13, 13]  # EDT until November 1, EST after
    assert len(set(at_local_hour(day, 8, NY) for day in days)) == 5  # none twice


def test_a_plan_writes_its_check_ins_with_their_emails_due_at_8_local():
    plan = build()
    kinds = {
        kind: CheckIn.objects.filter(plan=plan, kind=kind).count() for kind in CheckIn.Kind.values
    }
    assert kinds["morning_after"] == plan.sessions.filter(kind="run").count() == 30
    assert kinds["weekly"] >= 18 and kinds["lefs"] >= 4
    emails = OutboundEmail.objects.filter(kind="checkin")
    assert emails.count() == CheckIn.objects.count()
    assert {e.due_at.astimezone(NY).hour for e in emails} == {8}


def test_a_plan_across_the_november_change_sends_each_check_in_once(client):
    plan = build(names=(WALK_RUN,), start=date(2026, 10, 26))
    dues = list(CheckIn.objects.filter(plan=plan).values_list("key", "due_at"))
    assert len({key for key, _ in dues}) == len(dues)
    assert {due.astimezone(NY).hour for _, due in dues} == {8}
    with time_machine.travel(datetime(2026, 11, 3, 14, tzinfo=UTC), tick=False):
        outbox_dispatch()
        outbox_dispatch()  # a second tick finds nothing more
    sent = OutboundEmail.objects.filter(kind="checkin", status="sent")
    assert sent.count() == len(mail.outbox) - 2  # the intake and plan e-mails besides


@pytest.mark.parametrize(
    "start", [date(2026, 3, 2), date(2026, 10, 26)], ids=["spring-forward", "fall-back"]
)
def test_hourly_ticks_across_a_clock_change_send_each_check_in_once_on_its_own_morning(start):
    """The dispatch side of the clock changes: ticking every hour for two weeks across the
    change, each check-in e-mail goes out once, at the first tick at or after its 08:00, on
    its own local morning; none is skipped and none comes a day early or late."""
    plan = build(names=(WALK_RUN,), start=start)
    first = datetime.combine(start, datetime.min.time(), NY).astimezone(UTC)
    last = first + timedelta(days=14)
    tick = first
    while tick < last:
        with time_machine.travel(tick, tick=False):
            outbox_dispatch()
        tick += timedelta(hours=1)
    emails = list(
        OutboundEmail.objects.filter(
            kind="checkin", object_id__in=CheckIn.objects.filter(plan=plan).values("pk")
        )
    )
    due = [email for email in emails if email.due_at < last]
    offsets = {email.due_at.astimezone(NY).utcoffset() for email in due}
    assert len(offsets) == 2 and len(due) >= 6  # on both sides of the change
    for email in due:
        assert email.status == "sent", email.idempotency_key
        assert timedelta(0) <= email.sent_at - email.due_at < timedelta(hours=1)
        assert email.sent_at.astimezone(NY).date() == email.due_at.astimezone(NY).date()
        assert email.due_at.astimezone(NY).hour == 8
    assert all(email.status == "pending" for email in emails if email.due_at >= last)
    sent = Counter(message.extra_headers["Message-ID"] for message in mail.outbox)
    assert [sent[email.message_id] for email in due] == [1] * len(due)


def test_intakes_get_a_booking_nudge_and_a_rest_check_in_once():
    routine = open_case()
    emergency = open_case("Dana", "dana@example.com", saddle_numbness=True)
    assert checkins_derive_for_cases() == 2
    assert checkins_derive_for_cases() == 0
    assert set(CheckIn.objects.filter(case=routine).values_list("kind", flat=True)) == {
        "nudge_booking",
        "after_rest",
    }
    assert not CheckIn.objects.filter(case=emergency).exists()
    nudge = CheckIn.objects.get(kind="nudge_booking")
    assert nudge.due_at.astimezone(NY) == datetime(2026, 6, 3, 8, tzinfo=NY)  # 48 h, at 08:00


def test_a_nudge_is_not_sent_once_a_visit_is_booked(therapist):
    from intake.booking.selectors import default_visit_type
    from intake.booking.services import visit_book

    case = open_case()
    checkins_derive_for_cases()
    visit_book(
        case=case,
        therapist=therapist,
        start=datetime(2026, 6, 2, 14, tzinfo=UTC),
        visit_type=default_visit_type(),
    )
    with time_machine.travel(datetime(2026, 6, 4, 12, 30, tzinfo=UTC), tick=False):
        outbox_dispatch()
    assert not [m for m in mail.outbox if "Discovery Visit is waiting" in m.subject]
    assert CheckIn.objects.get(kind="nudge_booking").status == "cancelled"


def answer_by_link(client, checkin, data, *, at):
    """Send the check-in's e-mail at its time, open its link and post the answers."""
    with time_machine.travel(at, tick=False):
        OutboundEmail.objects.filter(kind="checkin").exclude(object_id=checkin.pk).update(
            status="cancelled"
        )
        outbox_dispatch()
        body = next(m.body for m in reversed(mail.outbox) if "/checkin/" in m.body)
        assert "pain" not in body.lower()  # a greeting and a link, nothing clinical
        path = re.search(r"http://testserver(/checkin/\S+/)", body).group(1)
        assert client.get(path).url == "/checkin/"
        return client.post("/checkin/", data)


WEEKLY_FINE = {
    "pain_now": "2",
    "pain_worst": "3",
    "pain_running": "2",
    "sessions_done": "3",
    "weekly_miles": "6",
}
MORNING_FINE = {"morning": "same", "pain_morning": "1", "pain_during": "2", "completed": "yes"}


def morning_checkin(plan, number):
    session = plan.sessions.filter(kind="run").order_by("date")[number]
    return session, CheckIn.objects.get(kind="morning_after", session=session)


def log_run(session, pain=2):
    SessionLog.objects.create(session=session, outcome="done", pain_during=pain)


def test_a_new_warning_sign_shows_what_to_do_now_and_alerts_staff(client):
    plan = build(names=(WALK_RUN,))
    weekly = CheckIn.objects.get(plan=plan, kind="weekly", key=f"weekly:{plan.pk}:1")
    data = {**WEEKLY_FINE, "new_warning_signs": ["saddle_numbness"]}
    page = answer_by_link(client, weekly, data, at=weekly.due_at + timedelta(minutes=5))
    text = page.content.decode()
    assert "Go to an emergency department now" in text
    weekly.refresh_from_db()
    assert weekly.needs_review and weekly.triage_level == "emergency"
    assert OutboundEmail.objects.filter(kind="staff_checkin_alert").exists()
    plan.refresh_from_db()
    assert plan.running_stopped_reason  # and running stops at once
    assert not plan.sessions.filter(kind="run", date__gt=weekly.due_at.date()).exists()


def test_fine_runs_move_on_after_the_therapists_approval(client, admin_client, admin_user):
    plan = build(names=(WALK_RUN,))
    level_1 = plan.current_stage
    for number in range(3):
        session, checkin = morning_checkin(plan, number)
        log_run(session)
        answer_by_link(client, checkin, MORNING_FINE, at=checkin.due_at + timedelta(minutes=5))
        client.cookies.clear()
    decision = Decision.objects.order_by("-decided_at").first()
    assert decision.action == "advance" and decision.status == "pending"
    plan.refresh_from_db()
    assert plan.current_stage == level_1  # waits for the therapist
    with time_machine.travel(checkin.due_at + timedelta(hours=1), tick=False):
        verified(admin_client, admin_user)  # days later: a session of that day
        admin_client.post(
            "/admin/programs/decision/", {"action": "approve", "_selected_action": [decision.pk]}
        )
    plan.refresh_from_db()
    assert plan.current_stage.name == "Level 2"
    upcoming = (
        plan.sessions.filter(kind="run", date__gt=checkin.due_at.date()).order_by("date").first()
    )
    assert upcoming.stage.name == "Level 2"


def test_pain_above_the_limit_steps_back_at_once_and_asks_for_a_look(client):
    plan = build(names=(WALK_RUN,), auto_progress=True)
    for number in range(3):
        session, checkin = morning_checkin(plan, number)
        log_run(session)
        answer_by_link(client, checkin, MORNING_FINE, at=checkin.due_at + timedelta(minutes=5))
    plan.refresh_from_db()
    assert plan.current_stage.name == "Level 2"  # auto-progress: moved on at once
    session = plan.sessions.filter(kind="run", stage=plan.current_stage).order_by("date").first()
    checkin = CheckIn.objects.get(kind="morning_after", session=session)
    log_run(session, pain=7)
    page = answer_by_link(
        client,
        checkin,
        {**MORNING_FINE, "pain_during": "7"},
        at=checkin.due_at + timedelta(minutes=5),
    )
    assert "Step back one stage" in page.content.decode()
    plan.refresh_from_db()
    checkin.refresh_from_db()
    assert plan.current_stage.name == "Level 1" and checkin.needs_review
    from tests.programs.test_plans import open_plan

    with time_machine.travel(checkin.due_at + timedelta(minutes=10), tick=False):
        open_plan(client, plan)
        shown = client.get("/plan/").content.decode()
    assert "Step back one stage (from Level 2)" in shown and "above this stage" in shown


def test_a_missing_answer_keeps_everything_typed(client):
    plan = build(names=(WALK_RUN,))
    session, checkin = morning_checkin(plan, 0)
    page = answer_by_link(
        client,
        checkin,
        {"morning": "worse", "pain_morning": "11"},
        at=checkin.due_at + timedelta(minutes=5),
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Everything you typed is kept" in text
    assert re.search(r'value="worse"[^>]*checked', text)  # the answer given is kept
    checkin.refresh_from_db()
    assert checkin.status == "scheduled"


def test_the_review_queue_puts_the_most_serious_first_and_marks_reviewed(admin_client):
    plan = build(names=(WALK_RUN,))
    calm, serious = CheckIn.objects.filter(plan=plan, kind="weekly")[:2]
    CheckIn.objects.filter(pk=calm.pk).update(
        needs_review=True, review_rank=6, review_reasons=["Two check-ins missed in a row."]
    )
    CheckIn.objects.filter(pk=serious.pk).update(
        needs_review=True, review_rank=2, review_reasons=["Decision: stop."]
    )
    page = admin_client.get("/admin/programs/checkin/").content.decode()
    assert page.index("Decision: stop.") < page.index("Two check-ins missed")
    admin_client.post(
        "/admin/programs/checkin/", {"action": "mark_reviewed", "_selected_action": [serious.pk]}
    )
    assert "Decision: stop." not in admin_client.get("/admin/programs/checkin/").content.decode()
    assert "1 check-in to review" in admin_client.get("/admin/").content.decode()


def test_two_missed_check_ins_in_a_row_ask_for_a_look():
    plan = build(names=(WALK_RUN,))
    first_two = list(CheckIn.objects.filter(plan=plan).order_by("due_at")[:2])
    with time_machine.travel(first_two[1].due_at + timedelta(days=3), tick=False):
        checkins_mark_missed()
    first_two[1].refresh_from_db()
    assert first_two[1].status == "missed" and first_two[1].needs_review


def test_the_case_page_tells_the_story_with_a_pain_and_lefs_chart(client, admin_client):
    plan = build(names=(WALK_RUN,))
    weekly = CheckIn.objects.get(key=f"weekly:{plan.pk}:1")
    data = {
        "pain_now": "4",
        "pain_worst": "5",
        "pain_running": "3",
        "sessions_done": "3",
        "weekly_miles": "5",
    }
    answer_by_link(client, weekly, data, at=weekly.due_at + timedelta(minutes=5))
    page = admin_client.get(f"/admin/intake/case/{plan.case_id}/change/").content.decode()
    timeline = page[page.index("<h2>Timeline</h2>") :]
    assert timeline.index("Check-in") < timeline.index("Plan issued") < timeline.index("Intake")
    assert '<svg class="trend-chart"' in page and "<title>Pain: 4 on Jun 08</title>" in page
    assert "<title>LEFS: 60 on Jun 01</title>" in page  # the intake's LEFS


def test_check_ins_and_the_timeline_are_for_therapists_not_the_front_desk(role_client):
    plan = build(names=(WALK_RUN,))
    checkin = CheckIn.objects.filter(plan=plan).first()
    front_desk, therapist = role_client("Front desk"), role_client("Therapist")
    case_page = f"/admin/intake/case/{plan.case_id}/change/"
    assert "<h2>Timeline</h2>" not in front_desk.get(case_page).content.decode()
    assert "<h2>Timeline</h2>" in therapist.get(case_page).content.decode()
    for url in (
        "/admin/programs/checkin/",
        f"/admin/programs/checkin/{checkin.pk}/change/",
        "/admin/programs/decision/",
    ):
        assert front_desk.get(url).status_code == 403
        assert therapist.get(url).status_code == 200


# --- What a check-in asks (the clinical review) ---------------------------------------------------
def test_the_check_in_asks_only_new_onset_warning_signs_in_plain_words():
    from programs.checkins.forms import WARNING_SIGNS

    keys = {key for key, _ in WARNING_SIGNS}
    assert len(WARNING_SIGNS) <= 13
    lifetime = {
        "cancer_history",
        "previous_stress_fracture",
        "long_term_steroids",
        "heavy_alcohol_use",
        "low_bone_density_or_eating_disorder",
        "avn_medical_risk",
        "infection_risk_factor",
        "recent_injection_or_surgery",
    }
    assert not keys & lifetime
    assert {
        "saddle_numbness",
        "bladder_bowel_change",
        "fever_or_unwell",
        "cannot_bear_weight",
    } <= keys
    assert not any(re.search(r"\bever\b|\?$", str(label), re.I) for _, label in WARNING_SIGNS)


def test_a_new_sign_is_judged_by_what_it_adds_not_by_the_intakes_history(client):
    # An intake with a history of cancer (urgent at the intake, then seen and planned for):
    # new tingling below the knee is a PT matter, not an urgent one again.
    plan = build(case=open_case(cancer_history=True), names=(WALK_RUN,))
    weekly = CheckIn.objects.get(plan=plan, kind="weekly", key=f"weekly:{plan.pk}:1")
    data = {**WEEKLY_FINE, "new_warning_signs": ["tingling_below_knee"]}
    answer_by_link(client, weekly, data, at=weekly.due_at + timedelta(minutes=5))
    weekly.refresh_from_db()
    assert weekly.triage_level == "soon"


def test_a_new_inability_to_bear_weight_is_an_emergency(client):
    plan = build(names=(WALK_RUN,))
    weekly = CheckIn.objects.get(plan=plan, kind="weekly", key=f"weekly:{plan.pk}:1")
    data = {
        "pain_now": "6",
        "pain_worst": "8",
        "pain_running": "0",
        "sessions_done": "1",
        "weekly_miles": "0",
        "new_warning_signs": ["cannot_bear_weight"],
    }
    page = answer_by_link(client, weekly, data, at=weekly.due_at + timedelta(minutes=5))
    weekly.refresh_from_db()
    assert weekly.triage_level == "emergency"
    assert "Go to an emergency department now" in page.content.decode()


def test_the_morning_after_check_in_names_the_run_it_is_about(client):
    plan = build(names=(WALK_RUN,))
    session, checkin = morning_checkin(plan, 0)
    with time_machine.travel(checkin.due_at + timedelta(minutes=5), tick=False):
        OutboundEmail.objects.filter(kind="checkin").exclude(object_id=checkin.pk).update(
            status="cancelled"
        )
        outbox_dispatch()
        body = next(m.body for m in reversed(mail.outbox) if "/checkin/" in m.body)
        client.get(re.search(r"http://testserver(/checkin/\S+/)", body).group(1))
        page = client.get("/checkin/").content.decode()
    weekday = session.date.strftime("%A")
    assert f"About your run on {weekday}, {session.date:%B} {session.date.day} (Level 1)" in page


def test_stepping_back_at_the_first_stage_says_it_holds_after_a_rest_day(client):
    plan = build(names=(WALK_RUN,))
    session, checkin = morning_checkin(plan, 0)
    log_run(session, pain=7)
    page = answer_by_link(
        client, checkin, {**MORNING_FINE, "pain_during": "7"}, at=checkin.due_at
    ).content.decode()
    decision = Decision.objects.get(checkin=checkin)
    assert decision.action == "step_back"
    assert "first stage" in decision.reason and "rest today, then repeat" in decision.reason
    assert "back one stage" not in decision.reason
    plan.refresh_from_db()
    assert plan.current_stage.name == "Level 1"
    today = checkin.due_at.astimezone(ZoneInfo("America/New_York")).date()
    runs = plan.sessions.filter(kind="run", date__gte=today, log__isnull=True)
    assert runs.exists() and not runs.filter(date=today).exists()  # rest today
    assert "rest today" in page
