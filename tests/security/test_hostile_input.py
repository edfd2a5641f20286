"""What a script can send that no browser would: control characters, odd digits, years at
the edge of the calendar. Each gets a clear answer, keeps what was typed, and never a 500.
Run on PostgreSQL too: it is the database that refuses a NUL."""

import logging

import pytest
from django.db import DataError

from clinic.logs import JsonFormatter, PlainFormatter
from clinic.text import CONTROL_MESSAGE
from intake.models import IntakeDraft
from programs.models import SessionLog
from tests.intake.conftest import booking_clock, therapist  # noqa: F401 - fixtures
from tests.intake.steps import STEPS
from tests.programs.conftest import PLAN_START, build, library, plan_clock  # noqa: F401
from tests.programs.test_plans import open_plan

pytestmark = pytest.mark.django_db

NUL = "\x00"


def with_controls(data: dict) -> dict:
    """Every value of a step's post with a NUL and other control characters inside it."""
    dirty = lambda value: f"{value[:1]}{NUL}\x1b{value[1:]}\x7f"  # noqa: E731
    return {
        key: [dirty(item) for item in value] if isinstance(value, list) else dirty(value)
        for key, value in data.items()
    }


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_control_characters_on_any_intake_step_are_removed_named_and_nothing_is_lost(
    client, number
):
    for earlier in range(1, number):
        assert client.post(f"/intake/step/{earlier}/", STEPS[earlier]).status_code == 302
    response = client.post(f"/intake/step/{number}/", with_controls(STEPS[number]))
    assert response.status_code == 200
    page = response.content.decode()
    assert CONTROL_MESSAGE.split(" (")[0] in page
    assert NUL not in page and "\x1b" not in page
    # The draft holds every answer as typed, without the control characters.
    draft = IntakeDraft.objects.get()
    assert draft.steps[str(number)] == STEPS[number]
    # Sent again as shown, the step goes through.
    assert client.post(f"/intake/step/{number}/", STEPS[number]).status_code == 302


def test_a_nul_in_the_booking_form_is_named_and_the_rest_is_kept(client):
    response = client.post(
        "/book/",
        {
            "first_name": f"Ma{NUL}ya",
            "last_name": "Lopez",
            "email": "maya@example.com",
            "phone": "919 555 0101",
            "problem": f"Side of the hip{NUL}",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert CONTROL_MESSAGE.split(" (")[0] in page
    assert 'value="Maya"' in page and "Side of the hip" in page


@pytest.mark.usefixtures("plan_clock", "library")
def test_a_nul_in_a_plan_log_note_is_removed_and_the_log_kept(client):
    plan = build()
    open_plan(client, plan)
    today = plan.sessions.filter(date=PLAN_START).first()
    response = client.post(
        "/plan/",
        {"session": today.pk, "outcome": "done", "pain": "2", "note": f"Tight{NUL} left\x07"},
    )
    assert response.status_code == 302
    assert SessionLog.objects.get().note == "Tight left"


def test_a_nul_in_an_admin_search_or_filter_finds_nothing_instead_of_failing(admin_client):
    for query in ("q=%00", "q=Ma%00ya", "status__exact=%00", "triage_level__exact=%00x"):
        assert admin_client.get(f"/admin/intake/case/?{query}").status_code == 200, query


def test_a_database_error_is_logged_as_its_class_and_path_never_its_values(caplog):
    """PostgreSQL's DataError quotes the refused JSON; the log keeps the class only."""
    secret = '{"email": "maya@example.com", "age": 34}'
    try:
        try:
            raise ValueError(f"invalid input syntax: {secret}")
        except ValueError as cause:
            raise DataError(f"invalid input for query: {secret}") from cause
    except DataError:
        logging.getLogger("django.request").exception("Internal Server Error: /intake/step/1/")
    # Celery's failure line quotes the exception in its message too.
    logging.getLogger("celery.app.trace").error(
        "Task x raised unexpected: %s",
        caplog.records[0].exc_info[1],
        exc_info=caplog.records[0].exc_info,
    )
    for formatter in (JsonFormatter(), PlainFormatter()):
        for record in caplog.records:
            record.exc_text = None  # formatted afresh by this formatter
            line = formatter.format(record)
            assert "maya@example.com" not in line and '"age": 34' not in line
            assert "django.db.utils.DataError" in line
    assert "/intake/step/1/" in JsonFormatter().format(caplog.records[0])


@pytest.mark.postgresql
def test_on_postgresql_a_nul_reaching_the_database_is_refused_without_its_values_in_the_log(
    caplog,
):
    """The guard above the database is the forms; this proves why it must be there."""
    draft = IntakeDraft.objects.create()
    draft.steps = {"1": {"email": "maya@example.com", "first_name": f"Ma{NUL}ya"}}
    with pytest.raises(DataError) as refused:
        draft.save()
    logging.getLogger("django.request").error(
        "Internal Server Error: /x/", exc_info=refused._excinfo
    )
    line = JsonFormatter().format(caplog.records[-1])
    assert "maya@example.com" not in line and "DataError" in line


# --- the other 500s -------------------------------------------------------------------------


@pytest.mark.usefixtures("plan_clock", "library")
@pytest.mark.parametrize("pain", ["²", "٣", "1" * 5000, "-1", "3.5", " 3"])
def test_a_pain_score_that_is_no_whole_number_gets_the_pain_message(client, pain):
    plan = build()
    open_plan(client, plan)
    today = plan.sessions.filter(date=PLAN_START).first()
    response = client.post("/plan/", {"session": today.pk, "outcome": "done", "pain": pain})
    assert response.status_code == 200
    assert "from 0 (none) to 10" in response.content.decode()
    assert not SessionLog.objects.exists()


@pytest.mark.usefixtures("plan_clock", "library")
@pytest.mark.parametrize("session", ["²", "9" * 40, "-1", "1e3"])
def test_an_odd_session_id_gets_the_not_in_your_plan_message(client, session):
    open_plan(client, build())
    response = client.post("/plan/", {"session": session, "outcome": "done", "pain": "2"})
    assert response.status_code == 200
    assert "not in your plan" in response.content.decode()


@pytest.mark.usefixtures("plan_clock", "library")
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "0001-01-01T00:00"])
def test_a_plan_day_at_the_edge_of_the_calendar_shows_a_page(client, day):
    open_plan(client, build())
    assert client.get(f"/plan/?day={day}").status_code == 200


@pytest.mark.usefixtures("booking_clock", "therapist")
@pytest.mark.parametrize("start", ["99991231T2359Z", "00010101T0000Z", "20260602T1400Z"])
def test_a_slot_outside_the_booking_window_is_not_available(client, start):
    from intake.booking.services import case_open_without_intake

    case = case_open_without_intake(
        contact={
            "first_name": "Maya",
            "last_name": "Lopez",
            "email": "maya@example.com",
            "phone": "919 555 0101",
        },
        problem="hip",
    )
    session = client.session
    session["intake_case_id"] = case.pk
    session.save()
    if start.startswith("2026"):
        assert client.get(f"/book/confirm/?start={start}").status_code == 200  # in the window
        return
    for method in (client.get, client.post):
        response = method(f"/book/confirm/?start={start}")
        assert response.status_code == 409
        assert "That time is not available" in response.content.decode()


@pytest.mark.usefixtures("booking_clock", "therapist")
@pytest.mark.parametrize("query", ["from=9999-12-31", "from=0001-01-01", "day=9999-12-31"])
def test_booking_days_at_the_edge_of_the_calendar_show_the_times_page(client, query):
    client.post(
        "/book/",
        {
            "first_name": "Maya",
            "last_name": "Lopez",
            "email": "maya@example.com",
            "phone": "919 555 0101",
            "problem": "hip",
        },
    )
    assert client.get(f"/book/times/?{query}").status_code == 200


# --- posts refused before the form: too big, a filled honeypot --------------------------


def saved_through_step_3(client) -> IntakeDraft:
    for number in (1, 2, 3):
        assert client.post(f"/intake/step/{number}/", STEPS[number]).status_code == 302
    return IntakeDraft.objects.get()


def test_an_oversize_post_gets_the_portals_page_and_keeps_the_draft(client):
    draft = saved_through_step_3(client)
    before = draft.steps
    response = client.post("/intake/step/3/", {**STEPS[3], "pain_story": "x" * (600 * 1024)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "We could not take that page" in page and "larger than this page takes" in page
    assert "Every answer you saved before is kept" in page
    assert 'href="/intake/step/3/"' in page and "Bad Request" not in page
    draft.refresh_from_db()
    assert draft.steps == before
    # Back to the page: every saved answer is there.
    assert 'value="21"' in client.get("/intake/step/3/").content.decode()


def test_a_filled_honeypot_gets_the_portals_page_and_keeps_the_draft(client):
    draft = saved_through_step_3(client)
    before = draft.steps
    response = client.post("/intake/step/2/", {**STEPS[2], "shoe_miles": "1", "website": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "field filled in that people never see" in page
    assert "security cookie" not in page  # not the CSRF wording
    assert 'href="/intake/step/2/"' in page
    draft.refresh_from_db()
    assert draft.steps == before


def test_a_disallowed_admin_filter_gets_a_page_that_says_so(admin_client):
    response = admin_client.get("/admin/intake/case/?notes__icontains=x")
    assert response.status_code == 400
    assert "That filter is not available on this list" in response.content.decode()
