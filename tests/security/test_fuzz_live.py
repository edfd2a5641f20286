"""Hostile input against the live portal: generated values posted to every public form and
private-link address, over real HTTP. It fails on any 5xx, and on any log record that holds
a submitted value (a database error quoting a draft's JSON was one).

Values: control characters, NUL, huge and odd numbers, NaN, odd Unicode, SQL and markup,
lists where one value is expected (duplicated keys), a JSON body where a form is expected,
an over-size body. Bounded: the whole file runs in well under a minute (examples per target
below), with no example database on disk. Only the standard library speaks HTTP (`requests`
is not a dependency of the project).
"""

import http.client
import json
import logging
import re
from datetime import time, timedelta
from http.cookies import SimpleCookie
from importlib import import_module
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic.logs import JsonFormatter, PlainFormatter
from clinic.models import ClinicProfile, Therapist
from clinic.text import strip_controls
from intake.booking.selectors import BookingRules, free_slots
from intake.booking.services import visit_book
from intake.booking.views import MANAGE_KEY, slot_param
from intake.forms import REVIEW_STEP, STEP_FORMS
from intake.models import IntakeDraft, VisitType
from intake.views import CASE_KEY, DRAFT_KEY
from programs.checkins.forms import FORMS
from programs.checkins.views import CHECKIN_KEY
from programs.models import CheckIn
from programs.services import library_seed
from programs.views import PLAN_KEY
from tests.intake.steps import STEPS
from tests.programs.conftest import build, open_case

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 30  # per target; about 30 s for the file on two busy cores
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CANARY = "canary-7f3a9c"  # in every example: it must never reach a log

ODD = [
    "\x00",
    "Ma\x00ya",
    "\x1b[31m",
    "\x7f\x9f",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "-0",
    "9" * 400,
    "²",
    "٣",
    "½",
    "0x10",
    "1_000",
    " 3 ",
    "3.",
    "-1",
    "true",
    "[]",
    "{}",
    "null",
    "'; DROP TABLE intake_case; --",
    "<script>alert(1)</script>",
    "%00",
    "\u202egnp.exe",
    "\ufeff",
    "😀" * 50,
    "e\u0301" * 30,
    "99991231T2359Z",
    "00010101T0000Z",
    "9999-12-31",
    "0001-01-01",
    "x" * 600_000,  # over DATA_UPLOAD_MAX_MEMORY_SIZE
]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(ODD),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def posts(fields: list[str]):
    """(key, value) pairs: the form's own fields, duplicated or not, plus stray keys; one
    value carries the canary."""
    key = st.one_of(st.sampled_from(fields), TEXT)
    return st.tuples(
        st.lists(st.tuples(key, VALUES), max_size=12),
        st.sampled_from(fields),
        TEXT,
        st.sampled_from(["form", "form", "form", "json", "text"]),
    )


class Browser:
    """One runner's browser: its cookies (session, CSRF) and plain HTTP/1.1 requests."""

    def __init__(self, base: str, session_key: str = ""):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {"csrftoken": "a" * 32}  # Django accepts an unmasked secret
        if session_key:
            self.cookies[django_settings.SESSION_COOKIE_NAME] = session_key

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = ""):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "X-CSRFToken": self.cookies["csrftoken"],
        }
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if name != django_settings.SESSION_COOKIE_NAME or morsel.value:
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status

    def post(self, path: str, pairs: list, encoding: str) -> int:
        if encoding == "json":
            body = json.dumps(dict(pairs)).encode()
            return self.request("POST", path, body, "application/json")
        if encoding == "text":
            return self.request("POST", path, "\n".join(v for _, v in pairs).encode(), "text/plain")
        pairs = [*pairs, ("csrfmiddlewaretoken", self.cookies["csrftoken"])]
        body = urlencode(pairs).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")


def session_with(**values) -> str:
    store = import_module(django_settings.SESSION_ENGINE).SessionStore()
    for key, value in values.items():
        store[key] = value
    store.create()
    return store.session_key


def field_names(form_class, **kwargs) -> list[str]:
    return list(form_class(**kwargs).fields)


@pytest.fixture
def portal(live_server, settings):
    """Every private-link page open in a session of its own, and no rate limit in the way
    (every request here comes from 127.0.0.1)."""
    settings.RATE_LIMITS = {scope: (10**6, 3600) for scope in settings.RATE_LIMITS}
    if not VisitType.objects.filter(is_default=True).exists():  # the flush may remove it
        VisitType.objects.create(name="Discovery Visit", duration_minutes=30, is_default=True)
    user = get_user_model().objects.create_user("pt-fuzz", "pt-fuzz@example.com")
    therapist = Therapist.objects.create(user=user, display_name="Alex Rivera, PT")
    for weekday in range(7):
        therapist.working_hours.create(weekday=weekday, start=time(9), end=time(17))
    library_seed()
    plan = build(start=timezone.localdate())
    case = plan.case
    checkin = CheckIn.objects.filter(plan=plan, kind="weekly").first()
    rules = BookingRules.for_clinic(ClinicProfile.load())
    day = rules.today + timedelta(days=3)
    visit_type = VisitType.objects.get(is_default=True)
    slots = free_slots(days=[day], therapists=[therapist], visit_type=visit_type, rules=rules)
    visit = visit_book(
        case=open_case(email="visit@example.com"),
        therapist=therapist,
        start=slots[0].start,
        visit_type=visit_type,
    )
    draft = IntakeDraft.objects.create(
        steps={str(number): data for number, data in STEPS.items()},
        furthest_step=REVIEW_STEP,
        email="maya@example.com",
    )
    return {
        "url": live_server.url,
        "draft": session_with(**{DRAFT_KEY: draft.pk}),
        "plan": session_with(**{PLAN_KEY: plan.pk}),
        "checkin": (session_with(**{CHECKIN_KEY: checkin.pk}), checkin.kind),
        "booking": session_with(**{CASE_KEY: case.pk}),
        "visit": session_with(**{MANAGE_KEY: visit.pk}),
        "slot": slot_param(slots[1].start),
    }


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.INFO)  # what production logs (LOG_LEVEL=INFO)
    return caplog


def check(status: int, pairs: list, canary_value: str, caplog) -> None:
    assert status < 500, status
    submitted = {strip_controls(str(value)).strip() for _, value in pairs}
    submitted = {value for value in submitted if len(value) >= 8} | {canary_value}
    formatters = [JsonFormatter(), PlainFormatter("%(levelname)s %(name)s %(message)s")]
    for record in caplog.records:  # as production writes them (JSON) and local runs do
        line = "\n".join(formatter.format(record) for formatter in formatters)
        leaked = [value[:40] for value in submitted if value in line]
        assert not leaked, (record.name, leaked, line[:300])
    caplog.clear()


def fuzz_post(browser: Browser, path: str, example, caplog) -> None:
    pairs, canary_field, text, encoding = example
    canary_value = f"{text}{CANARY}"
    pairs = [*pairs, (canary_field, canary_value)]
    check(browser.post(path, pairs, encoding), pairs, canary_value, caplog)


PROFILE = {"age": 34, "sex": "female"}
STEP_FIELDS = {
    number: field_names(STEP_FORMS[number - 1], context=PROFILE) for number in range(1, REVIEW_STEP)
}


@FUZZ
@given(
    number=st.integers(1, REVIEW_STEP - 1),
    example=posts(sorted(set(sum(STEP_FIELDS.values(), [])))),
)
def test_intake_steps_answer_every_post_without_a_server_error_or_a_logged_value(
    portal, logged, number, example
):
    fuzz_post(Browser(portal["url"], portal["draft"]), f"/intake/step/{number}/", example, logged)


@FUZZ
@given(example=posts(["first_name", "last_name", "email", "phone", "problem", "website"]))
def test_booking_without_an_intake_answers_every_post(portal, logged, example):
    fuzz_post(Browser(portal["url"]), "/book/", example, logged)


@FUZZ
@given(example=posts(["email", "phone", "mode", "start", "therapist", "reschedule"]))
def test_the_booking_confirmation_answers_every_post(portal, logged, example):
    browser = Browser(portal["url"], portal["booking"])
    fuzz_post(browser, f"/book/confirm/?start={portal['slot']}", example, logged)


@FUZZ
@given(example=posts(["session", "outcome", "pain", "note"]))
def test_the_plan_log_answers_every_post(portal, logged, example):
    fuzz_post(Browser(portal["url"], portal["plan"]), "/plan/", example, logged)


@FUZZ
@given(example=posts(sorted({name for form in FORMS.values() for name in field_names(form)})))
def test_check_ins_answer_every_post(portal, logged, example):
    session, _ = portal["checkin"]
    fuzz_post(Browser(portal["url"], session), "/checkin/", example, logged)


@FUZZ
@given(example=posts(["action", "reschedule"]))
def test_the_visit_page_answers_every_post(portal, logged, example):
    fuzz_post(Browser(portal["url"], portal["visit"]), "/visit/", example, logged)


@FUZZ
@given(example=posts(["username", "password", "next"]))
def test_the_staff_login_answers_every_post(portal, logged, example):
    fuzz_post(Browser(portal["url"]), "/admin/login/", example, logged)


QUERY_PAGES = {
    "/book/times/": ("booking", ["from", "day", "therapist", "reschedule"]),
    "/book/confirm/": ("booking", ["start", "therapist", "reschedule"]),
    "/plan/": ("plan", ["day", "logged"]),
}
LINK_PATHS = [
    "/plan/open/{}/",
    "/plan/feed/{}.ics",
    "/checkin/{}/",
    "/visit/{}/",
    "/intake/resume/{}/",
    "/intake/invite/{}/",
]


@FUZZ
@given(
    page=st.sampled_from(sorted(QUERY_PAGES)),
    pairs=st.lists(
        st.tuples(st.sampled_from(["from", "day", "start", "therapist", "logged"]), VALUES),
        max_size=4,
    ),
)
def test_query_strings_never_cause_a_server_error(portal, logged, page, pairs):
    session, _ = QUERY_PAGES[page]
    browser = Browser(portal["url"], portal[session])
    pairs = [(key, value[:2000]) for key, value in pairs]  # a URL, not a body
    status = browser.request("GET", f"{page}?{urlencode(pairs)}")
    check(status, pairs, CANARY, logged)


@FUZZ
@given(
    path=st.sampled_from(LINK_PATHS), token=st.one_of(TEXT.filter(bool), st.sampled_from(ODD[:30]))
)
def test_private_link_addresses_answer_every_token(portal, logged, path, token):
    address = path.format(quote(token[:2000] + CANARY, safe=""))
    status = Browser(portal["url"]).request("GET", address)
    check(status, [("token", token)], CANARY, logged)


def test_the_fuzz_reaches_the_pages_it_means_to(portal):
    """A guard on the harness: each session really opens its page (else the fuzz would
    only ever meet redirects)."""
    for session, path in [
        ("draft", "/intake/step/3/"),
        ("plan", "/plan/"),
        ("booking", f"/book/confirm/?start={portal['slot']}"),
        ("visit", "/visit/"),
    ]:
        assert Browser(portal["url"], portal[session]).request("GET", path) == 200, path
    session, _ = portal["checkin"]
    assert Browser(portal["url"], session).request("GET", "/checkin/") == 200
    assert re.match(r"^[0-9A-Z]{8}T[0-9]{4}Z$", portal["slot"])
