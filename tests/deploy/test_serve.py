"""`make serve` as a clinic would run it: gunicorn, a Celery worker and beat, DEBUG off, on
PostgreSQL and Redis, e-mail over SMTP.

One test, real processes: a scratch database, a Redis of its own, an SMTP sink on loopback.
A runner fills in the intake over HTTP with an emergency answer; the staff alert must leave
through the sink on one of beat's outbox ticks (every 5 s here, as the reliability tests
shorten it; a minute in production, tests/clinic/test_outbox.py, which only made this test
wait). Then /healthz is green (the tick ran), SIGTERM stops every process the test started,
and every line the stack logged was JSON with no health details in it.
"""

import json
import os
import re
import secrets
import signal

import psycopg
import pytest

from tests.deploy.stack import (
    MARKER,
    Visitor,
    free_port,
    kill_marked,
    make_serve,
    private_redis,
    scratch_database,
    smtp_sink,
    stop_group,
    wait_gone,
    wait_until_up,
)
from tests.intake.steps import STEPS

pytestmark = pytest.mark.postgresql  # the stack needs the PostgreSQL server of DATABASE_URL

STAFF = "oncall@clinic.test"
RUNNER_DETAILS = ["Maya", "Lopez", "maya@example.com", "919 555 0101", "numbness"]
EMERGENCY = {4: {"saddle_numbness": "yes"}}
# Beat's first tick comes one interval after it starts; then the worker needs a moment.
TICK = 5
MAIL_WAIT = 90


@pytest.fixture
def stack(tmp_path):
    """`make serve` with its services; yields (address, SMTP sink, database URL, log path)
    and stops everything, also when the test fails."""
    marker = secrets.token_hex(8)
    log_path = tmp_path / "serve.log"
    with scratch_database("portal_serve") as database, private_redis() as broker:
        with smtp_sink() as (sink, email_url):
            address = f"127.0.0.1:{free_port()}"
            env = {
                **os.environ,
                MARKER: marker,
                "DATABASE_URL": database,
                "CELERY_BROKER_URL": broker,
                "EMAIL_URL": email_url,
                "GUNICORN_BIND": address,
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1",
                "PORTAL_BASE_URL": f"http://{address}",
                "PORTAL_VAR_DIR": str(tmp_path / "var"),
                "OUTBOX_TICK_SECONDS": str(TICK),
            }
            make = make_serve(env, log_path)
            try:
                yield make, address, sink, database, log_path, marker
            finally:
                stop_group(make)
                kill_marked(marker)


def _static_files_are_hashed_compressed_and_cached(visitor: Visitor, home: str) -> None:
    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', home)
    assert stylesheet, "the page links a hashed stylesheet"
    css = visitor.get(stylesheet.group(1), **{"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.headers["content-encoding"] == "gzip"
    assert "immutable" in css.headers["cache-control"]


def _intake_with_an_emergency_answer(visitor: Visitor) -> None:
    assert visitor.get("/intake/step/1/").status == 200
    for number, fields in STEPS.items():
        page = visitor.post(f"/intake/step/{number}/", {**fields, **EMERGENCY.get(number, {})})
        assert page.status == 302, (number, page.status, page.body[:500])
    submitted = visitor.post("/intake/review/", {})
    assert (submitted.status, submitted.location) == (302, "/intake/result/")
    result = visitor.get("/intake/result/")
    assert "Go to an emergency department now" in result.body


def _log_lines(text: str) -> list[dict]:
    """The stack's lines, from its first on. Celery prints one plain notice while stopping,
    outside its logging: a blank line and 'worker: Warm shutdown (MainProcess)'."""
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("{"))
    notice = "worker: Warm shutdown"
    return [json.loads(line) for line in lines[first:] if line and not line.startswith(notice)]


def test_make_serve_runs_the_stack_and_an_emergency_intake_alerts_staff_by_smtp(stack):
    make, address, sink, database, log_path, marker = stack
    visitor = Visitor(address)
    wait_until_up(make, visitor, log_path)

    home = visitor.get("/")
    assert home.status == 200
    assert "Endurance Unleashed Physical Therapy" in home.body
    _static_files_are_hashed_compressed_and_cached(visitor, home.body)
    missing = visitor.get("/no-such-page/")
    assert missing.status == 404
    assert "URLconf" not in missing.body  # DEBUG is off: no technical 404 page

    # The front desk's alert address, as set in the admin (the first page made the row).
    with psycopg.connect(database, autocommit=True) as connection:
        updated = connection.execute(
            "UPDATE clinic_clinicprofile SET staff_alert_emails = %s", [STAFF]
        )
        assert updated.rowcount == 1

    _intake_with_an_emergency_answer(visitor)
    alert = sink.wait_for(STAFF, timeout=MAIL_WAIT)
    assert alert is not None, f"no staff e-mail in {MAIL_WAIT}s:\n{log_path.read_text()[-3000:]}"
    assert alert["Subject"] == "A new intake needs a call today"
    body = alert.get_payload(decode=True).decode()
    assert f"http://{address}/admin/intake/case/" in body
    for detail in RUNNER_DETAILS:
        assert detail.lower() not in body.lower()

    health = visitor.get("/healthz")
    assert health.status == 200, health.body
    checks = json.loads(health.body)["checks"]
    assert checks == {"database": "ok", "broker": "ok", "beat": "ok", "outbox": "ok"}

    os.killpg(make.pid, signal.SIGTERM)
    assert make.wait(timeout=40) is not None
    assert wait_gone(marker, timeout=40) == [], "a process of the stack outlived SIGTERM"

    logged = log_path.read_text()
    records = _log_lines(logged)
    assert {"time", "level", "logger", "message"} <= set(records[0])
    loggers = {record["logger"] for record in records}
    assert {"clinic.serve", "gunicorn.error", "celery.beat", "celery.apps.worker"} <= loggers
    for detail in RUNNER_DETAILS:
        assert detail.lower() not in logged.lower()
