"""A real Celery worker killed with SIGKILL partway through dispatching 1,000 due check-ins.

Real processes: the test's PostgreSQL database, a redis-server of its own, an SMTP server on
loopback, Celery beat ticking every second and a worker (one pool process, so one kill
interrupts exactly one dispatcher), killed twice mid-batch and started again each time. Its
claims are picked up again after OUTBOX_STALE_CLAIM_SECONDS (3 s here, 10 minutes in
production). Every check-in's e-mail must arrive and be recorded sent once; a duplicate is the
message in flight when a kill landed (the server took it, the worker died before marking it),
so at most one per kill. The test prints what it saw.
"""

from collections import Counter

import pytest

from clinic.models import OutboundEmail
from tests.deploy.stack import private_redis, smtp_sink
from tests.reliability.processes import celery_processes, wait_for
from tests.reliability.rows import checkins_due_now, id_left

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

CHECKINS = 1000
KILL_AT = (150, 600)  # messages the SMTP server has taken when each SIGKILL lands
WORKER = ("worker", "--concurrency=1", "--without-gossip", "--without-mingle")


@pytest.fixture
def services(transactional_db, tmp_path):
    with private_redis() as broker, smtp_sink() as (sink, email_url):
        with celery_processes(
            tmp_path,
            CELERY_BROKER_URL=broker,
            EMAIL_URL=email_url,
            OUTBOX_TICK_SECONDS="1",
            OUTBOX_STALE_CLAIM_SECONDS="3",
        ) as celery:
            yield celery, sink


def checkin_emails(status: str) -> int:
    return OutboundEmail.objects.filter(kind="checkin", status=status).count()


def test_a_worker_killed_mid_dispatch_sends_every_check_in_once_and_a_duplicate_per_kill_at_most(
    services, capsys
):
    celery, sink = services
    expected = set(checkins_due_now(CHECKINS))
    celery.start("beat", "beat")
    celery.start("worker", *WORKER)

    kills = []
    for threshold in KILL_AT:
        wait_for(lambda n=threshold: len(sink.received) >= n, 60, f"{threshold} e-mails sent")
        celery.kill("worker")
        taken, in_flight = len(sink.received), checkin_emails("sending")
        # Partway through: some sent, the rest not, and a claimed batch left half done.
        assert 0 < taken < CHECKINS, celery.log_tail()
        assert in_flight > 0, "the kill should land in the middle of a claimed batch"
        kills.append({"taken": taken, "claimed_unsent": in_flight, "sent": checkin_emails("sent")})
        celery.start("worker", *WORKER)

    wait_for(lambda: checkin_emails("sent") == CHECKINS, 90, "every e-mail marked sent", 0.2)
    seen = Counter(id_left(message["Message-ID"]) for _, message in sink.received)
    duplicates = sum(seen.values()) - len(seen)
    with capsys.disabled():
        print(
            f"\n[worker SIGKILL] {CHECKINS} check-ins, {len(kills)} kills "
            f"({'; '.join(str(k) for k in kills)}): {len(seen)} unique Message-IDs, "
            f"{sum(seen.values())} messages, {duplicates} duplicate(s)"
        )
    assert set(seen) == expected
    assert OutboundEmail.objects.filter(kind="checkin").count() == CHECKINS  # recorded once
    assert duplicates <= len(kills), (duplicates, [mid for mid, n in seen.items() if n > 1])
    # The duplicates are messages that were in flight: their rows went through two claims.
    for left, count in seen.items():
        if count > 1:  # the id-left is <created>.<row id>.<digest of the key>
            assert OutboundEmail.objects.get(pk=int(left.split(".")[1])).attempts == count
