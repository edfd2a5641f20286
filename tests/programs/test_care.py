"""My care: every private link opens the runner's home, and it shows their whole care."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from programs.models import Decision
from tests.intake.steps import BOOKING_NOW
from tests.intake.test_booking import at, book, new_case
from tests.programs.conftest import build

NO_SESSION = "Open the link in your e-mail"


@pytest.fixture
def booking_clock():
    with time_machine.travel(BOOKING_NOW, tick=False):
        yield


def link_in_mail(path_part: str, to: str = "maya@example.com") -> str:
    outbox_dispatch()
    body = next(m.body for m in reversed(mail.outbox) if m.to == [to] and path_part in m.body)
    return re.search(r"http://testserver(/\S+/)", body[body.index(path_part) - 30 :]).group(1)


@pytest.mark.django_db
@pytest.mark.usefixtures("booking_clock")
class TestVisitOnMyCare:
    def test_the_confirmation_links_to_my_care_showing_the_visit_in_eastern_time(
        self, client, therapist, django_assert_num_queries
    ):
        book(new_case(), therapist, at(10))
        assert client.get(link_in_mail("/visit/")).url == "/visit/"
        client.get("/care/")
        with django_assert_num_queries(CARE_QUERIES):  # the visit's columns read at once
            page = client.get("/care/")
        text = page.content.decode()
        assert "no-store" in page["Cache-Control"]
        assert "Tuesday, June 2 at 10:00 AM" in text and "(Eastern time)" in text
        assert "Change or cancel" in text and "Add to calendar" in text
        assert "Book your free Discovery Visit" not in text
        assert "Book a free Discovery Visit" not in text  # the result's headline, once booked
        assert "No warning signs in your answers: modified training is fine." in text
        assert "919-516-9050" in text

    def test_add_to_calendar_gives_the_visits_calendar_file(self, client, therapist):
        visit = book(new_case(), therapist, at(10))
        client.get(link_in_mail("/visit/"))
        response = client.get("/visit/calendar.ics")
        assert response["Content-Type"].startswith("text/calendar")
        assert f"visit-{visit.pk}" in response.content.decode()

    def test_cancelling_asks_once_then_cancels(self, client, therapist):
        visit = book(new_case(), therapist, at(10))
        client.get(link_in_mail("/visit/"))
        asked = client.post("/visit/", {"action": "ask-cancel"}).content.decode()
        assert "Cancel your visit on Tuesday at 10:00 AM (Eastern time)?" in asked
        visit.refresh_from_db()
        assert visit.status == "booked"  # asking cancels nothing
        client.post("/visit/", {"action": "cancel"})
        visit.refresh_from_db()
        assert visit.status == "cancelled"
        assert "Book your free Discovery Visit" in client.get("/care/").content.decode()

    def test_sign_out_ends_the_session_on_this_device(self, client, therapist):
        book(new_case(), therapist, at(10))
        client.get(link_in_mail("/visit/"))
        assert client.get("/care/").status_code == 200
        client.post("/care/sign-out/")
        for page in ("/care/", "/visit/", "/plan/", "/checkin/"):
            response = client.get(page)
            assert response.status_code == 404 and NO_SESSION in response.content.decode()

    def test_a_link_of_another_runner_in_the_same_browser_leaves_nothing_of_the_first(
        self, client, therapist
    ):
        book(new_case(), therapist, at(10))
        client.get(link_in_mail("/visit/"))
        book(new_case(email="ana@example.com"), therapist, at(14))
        client.get(link_in_mail("/visit/", to="ana@example.com"))
        text = client.get("/care/").content.decode()
        assert "2:00 PM" in text and "10:00 AM" not in text


@pytest.mark.django_db
def test_without_a_session_runner_pages_say_how_to_get_in(client):
    for page in ("/care/", "/visit/", "/plan/", "/plan/print/", "/checkin/", "/visit/calendar.ics"):
        response = client.get(page)
        assert response.status_code == 404, page
        assert NO_SESSION in response.content.decode()
        assert 'href="/care/lost-link/"' in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_shows_the_portals_404_even_with_debug_on(client, settings):
    settings.DEBUG = True
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()
    assert "URLconf" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("booking_clock")
def test_lost_link_gives_the_same_answer_for_known_and_unknown_addresses(client, therapist):
    book(new_case(), therapist, at(10))
    OutboundEmail.objects.all().delete()
    known = client.post("/care/lost-link/", {"email": "Maya@Example.com"})
    unknown = client.post("/care/lost-link/", {"email": "nobody@example.com"})
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert (known.status_code, strip(known)) == (unknown.status_code, strip(unknown))
    assert list(OutboundEmail.objects.values_list("kind", "to")) == [
        ("care_link", "maya@example.com")
    ]
    client.cookies.clear()
    assert client.get(link_in_mail("/care/open/")).url == "/care/"
    assert "Tuesday, June 2 at 10:00 AM" in client.get("/care/").content.decode()


@pytest.mark.django_db
def test_lost_link_is_rate_limited_per_email(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lost-link-email": (2, 3600)}
    statuses = [
        client.post("/care/lost-link/", {"email": "maya@example.com"}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_the_plan_link_opens_my_care_with_todays_session_and_check_in_decisions(client):
    from tests.programs.test_checkins import MORNING_FINE, answer_by_link, log_run, morning_checkin
    from tests.programs.test_plans import open_plan

    plan = build()
    open_plan(client, plan)
    assert client.get("/plan/").status_code == 200
    text = client.get("/care/").content.decode()  # Monday June 1, the plan's first day
    assert "Your plan" in text and "This week" in text and "Open your plan" in text
    assert "Today's session" in text
    session, checkin = morning_checkin(plan, 0)
    log_run(session)
    client.cookies.clear()
    answer_by_link(client, checkin, MORNING_FINE, at=checkin.due_at + timedelta(minutes=5))
    decision = Decision.objects.get(checkin=checkin)
    text = client.get("/care/").content.decode()  # the check-in link opened My care too
    assert "Morning after a run" in text and decision.get_action_display() in text


# The clinic profile, the session, the case, its booked visit, its plan (the plan's week is
# cached), and the due and answered check-ins with their decisions.
CARE_QUERIES = 6


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_my_care_costs_the_same_queries_with_one_or_twelve_answered_check_ins(
    client, django_assert_num_queries
):
    from django.utils import timezone

    from programs.models import CheckIn
    from tests.programs.test_plans import open_plan

    plan = build()
    open_plan(client, plan)
    checkins = list(CheckIn.objects.filter(plan=plan).order_by("due_at")[:13])
    assert len(checkins) == 13
    due = checkins.pop()  # due an hour ago, not answered yet: My care's first thing to do
    CheckIn.objects.filter(pk=due.pk).update(due_at=timezone.now() - timedelta(hours=1))

    def answer(some):
        for checkin in some:
            CheckIn.objects.filter(pk=checkin.pk).update(
                status="answered", answered_at=timezone.now()
            )
            Decision.objects.create(
                plan=plan, checkin=checkin, action="repeat", reason="Fine.", status="applied"
            )

    def looks() -> str:
        client.get("/care/")  # warm the plan week's cache as a runner's second look does
        with django_assert_num_queries(CARE_QUERIES):
            return client.get("/care/").content.decode()

    answer_button = f'href="/care/checkin/{due.pk}/">Answer your check-in</a>'
    answer(checkins[:1])
    text = looks()
    assert text.count("Stay at this stage. Fine.") == 1 and answer_button in text
    answer(checkins[1:])
    text = looks()
    assert text.count("Stay at this stage. Fine.") == 10  # the latest ten
    assert answer_button in text


@pytest.mark.django_db
@pytest.mark.usefixtures("plan_clock", "library")
def test_my_care_says_what_the_therapist_did_with_a_decision(client):
    from django.utils import timezone

    from programs.models import CheckIn
    from tests.programs.test_plans import open_plan

    plan = build()
    open_plan(client, plan)
    waiting, overridden = CheckIn.objects.filter(plan=plan).order_by("due_at")[:2]
    CheckIn.objects.filter(pk__in=[waiting.pk, overridden.pk]).update(
        status="answered", answered_at=timezone.now()
    )
    Decision.objects.create(
        plan=plan, checkin=waiting, action="advance", reason="Pain settled.", status="pending"
    )
    Decision.objects.create(
        plan=plan,
        checkin=overridden,
        action="advance",
        reason="Pain settled.",
        status="overridden",
        final_action="repeat",
    )
    text = client.get("/care/").content.decode()
    assert "Your therapist will confirm: Move on to the next stage. Pain settled." in text
    assert "Your therapist decided: Stay at this stage." in text


@pytest.mark.django_db
@pytest.mark.usefixtures("booking_clock")
def test_an_error_on_a_runner_page_shows_the_portals_500_even_with_debug_on(
    client, therapist, settings, monkeypatch
):
    book(new_case(), therapist, at(10))
    client.get(link_in_mail("/visit/"))
    settings.DEBUG = True

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("programs.care_views.care_read", broken)
    client.raise_request_exception = False
    response = client.get("/care/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong on our side" in text and "Traceback" not in text


@pytest.mark.django_db
@pytest.mark.usefixtures("library")
def test_my_care_shows_the_plans_week_progress_and_return_to_run_stage(client):
    from programs.models import PlanSession, SessionLog
    from tests.programs.conftest import PLAN_START
    from tests.programs.test_plans import open_plan

    plan = build()
    first_week = PlanSession.objects.filter(plan=plan, date__lt=PLAN_START + timedelta(days=7))
    planned = first_week.count()
    with time_machine.travel("2026-06-01T16:00:00Z", tick=False):  # Monday, day one
        open_plan(client, plan)
        SessionLog.objects.create(
            session=first_week.filter(date=PLAN_START)[0], outcome="done", pain_during=1
        )
        plan.touch()  # as session_log does: the plan week's cache moves on
        text = client.get("/care/").content.decode()
    assert f"This week: <strong>1 of {planned}</strong> sessions done." in text
    assert "Return to running: <strong>Level 1</strong> (walk 9 min / run 1 min, 3 times)." in text
    busy = set(first_week.values_list("date", flat=True))
    rest = next(
        PLAN_START + timedelta(days=n)
        for n in range(7)
        if PLAN_START + timedelta(days=n) not in busy
    )
    with time_machine.travel(f"{rest}T16:00:00Z", tick=False):
        open_plan(client, plan)  # the session of day one has expired
        text = client.get("/care/").content.decode()
    assert "No plan session today: a rest day. Next:" in text
    assert "Nothing to do today" not in text


@pytest.mark.django_db
@pytest.mark.usefixtures("booking_clock")
def test_my_care_with_an_unfinished_intake_offers_to_finish_it_where_it_was_left(client, therapist):
    from tests.intake.steps import STEPS

    client.post(
        "/book/",
        {
            "first_name": "Sam",
            "last_name": "Okafor",
            "email": "sam@example.com",
            "phone": "919 555 0102",
            "problem": "Outside of the hip hurts on long runs",
        },
    )
    invite = link_in_mail("/intake/invite/", to="sam@example.com")
    assert client.get(invite).url == "/intake/step/1/"
    sam = {**STEPS[1], "first_name": "Sam", "email": "sam@example.com"}
    for number, data in ((1, sam), (2, STEPS[2])):
        assert client.post(f"/intake/step/{number}/", data).status_code == 302
    client.cookies.clear()
    assert client.get(invite).url == "/intake/step/3/"  # where it was left, not step 1 again
    client.cookies.clear()
    response = client.get("/care/intake/")
    assert response.status_code == 404 and NO_SESSION in response.content.decode()
    client.post("/care/lost-link/", {"email": "sam@example.com"})  # only the last e-mail kept
    client.get(link_in_mail("/care/open/", to="sam@example.com"))
    text = client.get("/care/").content.decode()
    assert 'href="/care/intake/">Finish your intake</a>' in text
    assert "Nothing to do today" not in text and "Your intake is not done yet" in text
    assert client.get("/care/intake/").url == "/intake/step/3/"
    assert 'value="25"' in client.get("/intake/step/2/").content.decode()  # nothing lost
