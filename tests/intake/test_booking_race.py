"""Fifty runners press "Book this time" for the same Discovery Visit at the same moment.

Real HTTP against pytest-django's `live_server` (a threaded server, one thread per request),
fifty separate runners, each with their own case in their own session and their own CSRF
token. The POSTs wait behind a barrier on open connections and are released together, so they
really overlap in the server. The database has the last word (DESIGN.md, "The database
enforces invariants"): exactly one visit, and every other runner gets a clear 409 saying the
time was just taken, never a 500. Repeated for five different slots.

Only the standard library speaks HTTP here (`requests` is not a dependency of the project).

On SQLite the race needs the file test database clinic/settings.py configures (WAL, busy
timeout), as the portal itself runs: Django's in-memory one cannot hold it whatever the
portal does, since its shared cache answers a second writer with "database table is locked",
which the busy timeout does not cover.
"""

import http.client
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, timedelta
from http.cookies import SimpleCookie
from importlib import import_module
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from clinic.models import ClinicProfile, Therapist, WorkingHours
from intake.booking.selectors import BookingRules, free_slots
from intake.demo import demo_answers
from intake.models import Visit, VisitType
from intake.services import case_open
from intake.views import CASE_KEY

RUNNERS = 50
SLOTS = 5
TAKEN = "That time was just taken"
SLOT_FORMAT = "%Y%m%dT%H%MZ"  # the booking pages' `start` parameter
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ALERT = re.compile(r'role="alert">(.*?)</div>', re.S)


@dataclass
class Answer:
    status: int
    location: str
    body: str
    seconds: float


class Browser:
    """One runner's browser: its own cookies (session and CSRF), a new connection per request."""

    def __init__(self, base_url: str, session_key: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}
        self.token = ""

    def _connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=60)

    def _headers(self) -> dict:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie, "Connection": "close"}

    def _answer(self, connection, started: float) -> Answer:
        response = connection.getresponse()
        body = response.read().decode()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return Answer(response.status, response.getheader("Location", ""), body, seconds)

    def open_confirm(self, query: str) -> None:
        """GET the confirm page like a runner who picked the time: CSRF cookie and token."""
        connection = self._connection()
        started = time.perf_counter()
        connection.request("GET", f"/book/confirm/?{query}", headers=self._headers())
        answer = self._answer(connection, started)
        assert answer.status == 200, (answer.status, answer.location, answer.body[:500])
        self.token = TOKEN.search(answer.body).group(1)

    def connect(self) -> http.client.HTTPConnection:
        # One at a time before the race, with a breath between: fifty connects at once
        # overflow the server's listen backlog (10), and the kernel then resets some of them
        # or makes them retry a second later.
        time.sleep(0.01)
        connection = self._connection()
        connection.connect()
        return connection

    def post_when_released(self, connection, fields: dict, barrier: threading.Barrier) -> Answer:
        """On an open connection: wait for the others, then send the POST at the same moment."""
        body = urlencode({**fields, "csrfmiddlewaretoken": self.token})
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        barrier.wait(timeout=30)
        started = time.perf_counter()
        connection.request("POST", "/book/confirm/", body=body, headers=headers)
        return self._answer(connection, started)


def default_visit_type() -> VisitType:
    # Created by a data migration; a transactional test's flush may have removed it.
    visit_type = VisitType.objects.filter(is_default=True, is_active=True).first()
    return visit_type or VisitType.objects.create(
        name="Discovery Visit", duration_minutes=30, is_default=True
    )


@pytest.fixture
def clinic(live_server, transactional_db, settings):
    """A therapist working every day, 50 runners with a routine case each in their own
    session, and SLOTS free starts a few days ahead."""
    # Here the 50 runners share 127.0.0.1; in life each books from an address of their own.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking-ip": (RUNNERS * 2, 3600)}
    visit_type = default_visit_type()
    user = get_user_model().objects.create_user("pt-race", "pt-race@example.com")
    therapist = Therapist.objects.create(user=user, display_name="Alex Kim, PT")
    WorkingHours.objects.bulk_create(
        WorkingHours(therapist=therapist, weekday=day, start="08:00", end="17:00")
        for day in range(7)
    )
    rules = BookingRules.for_clinic(ClinicProfile.load())
    day = rules.today + timedelta(days=3)
    slots = free_slots(days=[day], therapists=[therapist], visit_type=visit_type, rules=rules)
    starts = [slot.start for slot in slots][:SLOTS]
    assert len(starts) == SLOTS

    store = import_module(settings.SESSION_ENGINE).SessionStore
    browsers = []
    with transaction.atomic():
        for number in range(RUNNERS):
            case = case_open(
                contact={
                    "first_name": "Runner",
                    "last_name": f"No{number}",
                    "email": f"runner{number}@example.com",
                    "phone": f"919 555 {number:04d}",
                },
                answers=demo_answers({}),
            )
            assert case.triage_level == "routine", case.triage_level
            session = store()
            session[CASE_KEY] = case.pk
            session.create()
            browsers.append(Browser(live_server.url, session.session_key))
    return therapist, starts, browsers


def said(answer: Answer) -> str:
    """Where the runner was sent, or the message on the page that did not move on."""
    if answer.location or answer.status >= 500:
        return answer.location or "server error"
    alert = ALERT.search(answer.body)
    return alert.group(1).strip() if alert else answer.body[:200]


@pytest.mark.parametrize("slot_number", range(SLOTS))
def test_fifty_runners_racing_for_one_time_get_one_visit_and_forty_nine_clear_answers(
    clinic, slot_number
):
    therapist, starts, browsers = clinic
    start = starts[slot_number]
    slot = {"start": start.astimezone(UTC).strftime(SLOT_FORMAT), "therapist": str(therapist.pk)}
    with ThreadPoolExecutor(max_workers=8) as pool:  # the runners open the page, not at once
        list(pool.map(lambda browser: browser.open_confirm(urlencode(slot)), browsers))

    barrier = threading.Barrier(RUNNERS)
    answers: list[Answer | BaseException] = [None] * RUNNERS
    connections = [browser.connect() for browser in browsers]

    def press_book(number: int) -> None:
        fields = {**slot, "email": f"runner{number}@example.com", "phone": "919 555 0101"}
        try:
            answers[number] = browsers[number].post_when_released(
                connections[number], fields, barrier
            )
        except BaseException as error:  # reported below, with the others' answers
            answers[number] = error

    threads = [threading.Thread(target=press_book, args=(n,)) for n in range(RUNNERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    failed = [answer for answer in answers if not isinstance(answer, Answer)]
    assert not failed, failed[:3]
    summary = Counter((answer.status, said(answer)) for answer in answers)
    assert not [a for a in answers if a.status >= 500], summary
    # The invariant first: one visit at that time, and no other visit at all.
    active = Visit.objects.exclude(status=Visit.Status.CANCELLED)
    assert list(active.values_list("therapist_id", "start")) == [(therapist.pk, start)], summary
    # Then the answers: the one who got it is sent on, everyone else is told plainly.
    winners = [a for a in answers if a.status == 302 and a.location == "/book/done/"]
    clear_losers = [a for a in answers if a.status == 409 and TAKEN in a.body]
    assert (len(winners), len(clear_losers)) == (1, RUNNERS - 1), summary
