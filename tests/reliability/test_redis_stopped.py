"""Redis stopped under a running portal: the runner's pages never need the broker.

`make serve`'s stack (gunicorn, a Celery worker and beat, DEBUG off) on the test's PostgreSQL
database, a redis-server of the test's own and an SMTP server on loopback, with a 10-second
outbox tick. With Redis stopped for two ticks, runners submit intakes and answer check-ins
over HTTP one after another: every answer is timed (p95 under 2 s) and none is a 5xx.
Check-ins that fall due during the outage go out within two ticks of Redis coming back. The
test prints what it saw.
"""

import re
import secrets
import statistics
import time
from datetime import timedelta

import pytest

from clinic.links import link_issue
from clinic.models import OutboundEmail, PrivateLink
from programs.models import CheckIn
from tests.deploy.stack import (
    Visitor,
    free_port,
    kill_marked,
    make_serve,
    redis_server,
    smtp_sink,
    stop_group,
    wait_gone,
    wait_until_up,
)
from tests.intake.steps import STEPS
from tests.programs.conftest import open_case
from tests.reliability.processes import portal_env, wait_for
from tests.reliability.rows import checkins_due_now, id_left

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

# OUTBOX_TICK_SECONDS for this stack (60 in production). The worker and beat retry a lost
# broker with growing pauses (kombu's: 2, 4, 6... s, at most 30), so after a two-tick outage
# each is back within about one tick of Redis; beat then sends the overdue tick at once.
TICK = 10
OUTAGE = 2 * TICK  # Redis stays down at least this long: beat's ticks fail meanwhile
CHECKINS_ANSWERED = 10  # answered over HTTP while Redis is down, between intakes
DUE_IN_OUTAGE = 20  # check-ins that fall due while Redis is down
WEEKLY = {
    "pain_now": "2",
    "pain_worst": "3",
    "pain_running": "2",
    "sessions_done": "3",
    "weekly_miles": "12",
}


@pytest.fixture
def stack(transactional_db, tmp_path):
    with redis_server() as redis, smtp_sink() as (sink, email_url):
        marker = secrets.token_hex(8)
        address = f"127.0.0.1:{free_port()}"
        env = portal_env(
            tmp_path,
            marker,
            CELERY_BROKER_URL=redis.url,
            EMAIL_URL=email_url,
            GUNICORN_BIND=address,
            ALLOWED_HOSTS="127.0.0.1",
            PORTAL_BASE_URL=f"http://{address}",
            OUTBOX_TICK_SECONDS=str(TICK),
            LOG_FORMAT="json",
            # Hundreds of intakes from one address in a minute: the per-address limits
            # (tests/security/test_rate_limits.py proves them) would answer 429 here.
            RATE_LIMITS="intake-start-ip=100000/3600,intake-submit-ip=100000/3600",
        )
        log_path = tmp_path / "serve.log"
        make = make_serve(env, log_path)
        try:
            wait_until_up(make, Visitor(address), log_path)
            yield redis, sink, address, make, log_path
        finally:
            stop_group(make)
            kill_marked(marker)
            assert wait_gone(marker, timeout=20) == [], "a process of the stack outlived the test"


class Timed:
    """A Visitor whose every answer is timed and kept."""

    def __init__(self, visitor: Visitor, answers: list):
        self.visitor, self.answers = visitor, answers

    def __getattr__(self, name):
        call = getattr(self.visitor, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            page = call(*args, **kwargs)
            self.answers.append((time.perf_counter() - start, page.status, args[0]))
            return page

        return timed


def submit_intake(visitor: Timed, number: int) -> None:
    assert visitor.get("/intake/step/1/").status == 200
    for step, fields in STEPS.items():
        if step == 1:
            fields = {**fields, "email": f"runner{number}@example.com"}
        page = visitor.post(f"/intake/step/{step}/", fields)
        assert page.status == 302, (step, page.status, page.body[:500])
    submitted = visitor.post("/intake/review/", {})
    assert (submitted.status, submitted.location) == (302, "/intake/result/")
    assert visitor.get("/intake/result/").status == 200


def answer_checkin(visitor: Timed, token: str) -> None:
    opened = visitor.get(f"/checkin/{token}/")
    assert (opened.status, opened.location) == (302, "/checkin/"), opened.status
    assert visitor.get("/checkin/").status == 200
    answered = visitor.post("/checkin/", WEEKLY)
    assert answered.status == 200 and "Thank you" in answered.body, answered.body[:500]


def weekly_checkins_with_links(count: int) -> list[tuple[CheckIn, str]]:
    case = open_case("Ana", "ana@example.com")
    made = []
    for number in range(count):
        checkin = CheckIn.objects.create(
            key=f"outage-answer:{number}",
            case=case,
            kind=CheckIn.Kind.WEEKLY,
            due_at=case.submitted_at,
        )
        token = link_issue(
            purpose=PrivateLink.Purpose.CHECKIN, object_id=checkin.pk, ttl=timedelta(days=7)
        )
        made.append((checkin, token))
    return made


def test_with_redis_stopped_runners_are_answered_fast_and_due_check_ins_follow_within_two_ticks(
    stack, capsys
):
    redis, sink, address, make, log_path = stack
    to_answer = weekly_checkins_with_links(CHECKINS_ANSWERED)

    redis.stop()
    stopped = time.monotonic()
    due = set(checkins_due_now(DUE_IN_OUTAGE, prefix="outage"))
    answers: list = []
    intakes = 0
    while to_answer or time.monotonic() - stopped < OUTAGE:
        submit_intake(Timed(Visitor(address), answers), intakes)
        intakes += 1
        if to_answer:
            checkin, token = to_answer.pop()
            answer_checkin(Timed(Visitor(address), answers), token)
            checkin.refresh_from_db()
            assert checkin.status == CheckIn.Status.ANSWERED
    health = Visitor(address).get("/healthz")
    assert health.status == 503 and '"broker": "unreachable"' in health.body, health.body
    assert make.poll() is None, "the stack stopped without Redis"
    # Nothing went out while the broker was down: no tick could reach a worker.
    assert not due & {id_left(message["Message-ID"]) for _, message in sink.received}

    latencies = sorted(seconds for seconds, _, _ in answers)
    p95 = statistics.quantiles(latencies, n=20, method="inclusive")[-1]
    errors = [(status, path) for _, status, path in answers if status >= 500]
    outage = time.monotonic() - stopped

    redis.start()
    back = time.monotonic()
    try:
        wait_for(
            lambda: due <= {id_left(message["Message-ID"]) for _, message in sink.received},
            timeout=6 * TICK,
            what="the check-ins due during the outage at the SMTP server",
            poll=0.1,
        )
    except AssertionError as error:
        raise AssertionError(f"{error}\n{log_path.read_text()[-4000:]}") from None
    after = time.monotonic() - back
    with capsys.disabled():
        print(
            f"\n[redis stopped] {intakes} intakes and {CHECKINS_ANSWERED} check-ins answered, "
            f"{len(answers)} requests in a {outage:.1f} s outage: p95 "
            f"{p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms, {len(errors)} 5xx; "
            f"{DUE_IN_OUTAGE} due check-ins sent {after:.1f} s after Redis returned "
            f"(tick {TICK} s)"
        )
    assert errors == []
    assert p95 < 2.0
    assert after <= 2 * TICK
    assert OutboundEmail.objects.filter(kind="checkin", status="sent").count() == DUE_IN_OUTAGE
    assert re.search(r'"broker": "ok"', Visitor(address).get("/healthz").body)
