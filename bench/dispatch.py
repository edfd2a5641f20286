"""checkin_dispatch: 100,000 due check-in e-mails sent by a real Celery worker to a local SMTP
server, timed end to end, with the broker messages it took.

Real processes, as production runs them: `celery -A clinic worker --concurrency=2` and
`celery -A clinic beat` (its one-minute tick) on the bench's database, a private redis-server
on a free loopback port, and bench/smtp_sink.py (a bare asyncio SMTP server in its own
process) on another. The rows are written with bulk_create (a check-in and its e-mail each,
due now), outside the clock. The clock starts when the tick that finds them is published (the
bench sends it, as beat would at its next minute, so the figure does not include up to a
minute of waiting for beat) and stops when every e-mail is recorded sent in the database; the
sink must then hold 100,000 unique Message-IDs. Broker messages are Redis's own count of
LPUSH and RPUSH commands over the run (kombu publishes a task with LPUSH; a message restored
after a lost worker comes back with one too), whichever process sent them.

Beside it: the SMTP floor (Django's mail API straight to the same sink over one connection per
process, two processes, no outbox, no database: the cost of the SMTP conversation itself), and
what marking each e-mail sent with its own UPDATE costs compared with one UPDATE per batch.
"""

import os
import re
import smtplib
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from bench.harness import entry, progress, say
from bench.load import free_port, private_redis

COUNT = 100_000
# The first goal in seconds, reported beside the result, not judged: the SMTP floor
# alone takes 57-67 s on this two-core machine, so the ratio is what says how the outbox does.
REFERENCE_SECONDS = 60
# Judged against its floor: the end-to-end time at most this many times the SMTP floor's.
RATIO_GOAL = 1.25
BROKER_GOAL = 200
CONCURRENCY = 2  # the worker's processes, as in make serve and compose
TIMEOUT = 300  # seconds: past this the run stops and reports what it got
FLOOR_SAMPLE = 10_000  # messages per floor process, timed and scaled to COUNT
MARK_SAMPLE = 5_000  # rows marked one by one, and in one UPDATE, for the mark's cost
KEY_PREFIX = "bench-dispatch"
TASK_DONE = re.compile(r"Task clinic\.tasks\.\w+\[[^]]+\] succeeded")
SUBJECT = "Your weekly check-in"

HEADLINE = (
    f"{COUNT:,} due check-ins, each e-mail sent by a real Celery worker (concurrency "
    f"{CONCURRENCY}) with beat, a private redis-server and a local SMTP sink: seconds end to "
    f"end and broker messages"
)


# --- the processes --------------------------------------------------------------------------


@contextmanager
def smtp_sink(root: Path) -> Iterator[tuple[int, int]]:
    """bench/smtp_sink.py on a free loopback port; yields the port and its process id."""
    port = free_port()
    sink = subprocess.Popen(  # noqa: S603 - our interpreter and the bench's own sink
        [sys.executable, str(root / "bench" / "smtp_sink.py"), str(port)]
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                smtplib.SMTP("127.0.0.1", port, timeout=2).quit()
                break
            except OSError:
                if time.monotonic() > deadline or sink.poll() is not None:
                    raise RuntimeError("the SMTP sink did not start") from None
                time.sleep(0.05)
        yield port, sink.pid
    finally:
        sink.terminate()
        sink.wait(timeout=10)


def sink_stats(port: int) -> tuple[int, int]:
    """(messages, unique Message-IDs) the sink has taken."""
    server = smtplib.SMTP("127.0.0.1", port, timeout=10)
    try:
        code, answer = server.docmd("XSTATS")
        assert code == 250, (code, answer)
        messages, unique = map(int, answer.split())
        return messages, unique
    finally:
        server.quit()


@contextmanager
def celery(root: Path, var: Path, env: dict[str, str], workers: int = 1) -> Iterator[Path]:
    """`workers` workers and a beat, each in a process group of its own; yields the first
    worker's log once every worker is ready to take tasks, with its process id, and stops
    them all afterwards (SIGTERM, then SIGKILL). Several workers stand for several machines:
    each its own node name, sharing the broker and the database."""
    import signal

    started = []
    names = [*_worker_names(workers), "beat"]
    logs = {name: var / f"dispatch-{name}.log" for name in names}
    schedule = var / "dispatch-celerybeat-schedule"
    for leftover in var.glob(f"{schedule.name}*"):  # a fresh beat: its first tick in a minute
        leftover.unlink()
    commands = {
        name: [
            "worker",
            f"--concurrency={CONCURRENCY}",
            f"--hostname={name}@%h",
            "--without-gossip",
            "--without-mingle",
        ]
        for name in names[:-1]
    }
    commands["beat"] = ["beat", "--schedule", str(schedule)]
    try:
        for name, args in commands.items():
            with logs[name].open("w") as log:
                started.append(
                    subprocess.Popen(  # noqa: S603 - our interpreter and Celery
                        [sys.executable, "-m", "celery", "-A", "clinic", *args],
                        cwd=root,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + 60
        for name in names[:-1]:
            while " ready." not in logs[name].read_text():
                if time.monotonic() > deadline or any(p.poll() is not None for p in started):
                    raise RuntimeError(f"the worker did not start; see {logs[name]}")
                time.sleep(0.1)
        yield logs["worker"], started[0].pid
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def cpu_seconds(pids) -> float:
    """User and system CPU time the processes have used so far (those still there)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def group_members(leader: int) -> list[int]:
    """The processes of a process group: a Celery worker and its pool."""
    members = []
    for process in Path("/proc").iterdir():
        if process.name.isdigit():
            try:
                if os.getpgid(int(process.name)) == leader:
                    members.append(int(process.name))
            except OSError:
                continue
    return members


def database_backends() -> list[int]:
    """PostgreSQL's processes serving the bench database, this process's own left out."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def broker_pushes(url: str) -> int:
    """LPUSH + RPUSH commands the Redis server has run since it started."""
    import redis

    stats = redis.Redis.from_url(url).info("commandstats")
    return sum(stats.get(f"cmdstat_{verb}", {}).get("calls", 0) for verb in ("lpush", "rpush"))


# --- the rows -------------------------------------------------------------------------------


def write_rows(count: int, prefix: str = KEY_PREFIX, contact: int = 8_000) -> list[int]:
    """`count` weekly check-ins of one runner and their e-mails, due now, in bulk; returns
    the e-mails' ids. E-mails other metrics left queued are cancelled first, so the sink
    counts this metric's alone."""
    from django.db import transaction
    from django.utils import timezone

    from bench import data
    from clinic.models import OutboundEmail
    from intake.demo import demo_answers
    from intake.services import case_open
    from programs.models import CheckIn

    left = OutboundEmail.objects.filter(
        status__in=[OutboundEmail.Status.PENDING, OutboundEmail.Status.SENDING]
    ).update(status=OutboundEmail.Status.CANCELLED)
    with transaction.atomic():
        case = case_open(contact=data.runner_contact(contact), answers=demo_answers({}))
        OutboundEmail.objects.filter(object_id=case.pk, kind="intake_received").update(
            status=OutboundEmail.Status.CANCELLED
        )
    now = timezone.now()
    ids = []
    for start in range(0, count, 10_000):
        with transaction.atomic():
            checkins = CheckIn.objects.bulk_create(
                CheckIn(key=f"{prefix}:{n}", case=case, kind=CheckIn.Kind.WEEKLY, due_at=now)
                for n in range(start, min(start + 10_000, count))
            )
            emails = OutboundEmail.objects.bulk_create(
                OutboundEmail(
                    idempotency_key=f"checkin-{checkin.key}",
                    kind="checkin",
                    object_id=checkin.pk,
                    to=case.runner.email,
                    due_at=now,
                )
                for checkin in checkins
            )
        ids += [email.pk for email in emails]
    if left:
        progress(f"cancelled {left} e-mail(s) other metrics had queued")
    return ids


def _analyze() -> None:
    """As autovacuum would long before a minute's tick: statistics for the planner."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE programs_checkin, clinic_outboundemail"
            if connection.vendor == "postgresql"
            else "ANALYZE"
        )


# --- the floor and the mark's cost ----------------------------------------------------------


def _floor_process(port: int, count: int, offset: int) -> float:
    """Seconds for `count` messages of the check-in e-mail's shape over one connection."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.core.mail.backends.smtp import EmailBackend

    body = "Hello,\n\n" + "A check-in with a private link: " + "x" * 60 + "\n" * 2
    connection = EmailBackend(host="127.0.0.1", port=port, timeout=20, fail_silently=False)
    connection.open()
    started = time.perf_counter()
    for number in range(offset, offset + count):
        EmailMessage(
            subject=SUBJECT,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=["runner8000@example.com"],
            headers={"Message-ID": f"<floor-{number}@runner-portal>"},
            connection=connection,
        ).send(fail_silently=False)
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def smtp_floor(port: int) -> float:
    """COUNT messages' worth of the SMTP floor: CONCURRENCY processes at once, FLOOR_SAMPLE
    messages each, scaled to COUNT."""
    with ProcessPoolExecutor(CONCURRENCY) as pool:
        started = time.perf_counter()
        list(
            pool.map(
                _floor_process,
                [port] * CONCURRENCY,
                [FLOOR_SAMPLE] * CONCURRENCY,
                [n * FLOOR_SAMPLE for n in range(CONCURRENCY)],
            )
        )
        seconds = time.perf_counter() - started
    return seconds * COUNT / (FLOOR_SAMPLE * CONCURRENCY)


def mark_cost(ids: list[int]) -> tuple[float, float]:
    """Milliseconds per 1,000 e-mails to mark them sent: the outbox's own way, one UPDATE by
    primary key each right after its send (commits not waiting for the disk, as in its send
    loop), vs one UPDATE per batch of 500 after the batch (the old way), on rows the run
    sent."""
    from django.db import connection
    from django.utils import timezone

    from clinic.models import OutboundEmail
    from clinic.outbox import _commits_not_waiting_for_disk, _Marks

    sample = OutboundEmail.objects.filter(pk__in=ids[:MARK_SAMPLE]).order_by("pk")
    emails = list(sample.only("pk"))
    started = time.perf_counter()
    with _commits_not_waiting_for_disk(), connection.cursor() as cursor:
        marks = _Marks(cursor)  # each waited for: what the send loop now hides behind a send
        for email in emails:
            marks.mark(email)
    each = time.perf_counter() - started
    pks = [email.pk for email in emails]
    started = time.perf_counter()
    for first in range(0, len(pks), 500):
        OutboundEmail.objects.filter(pk__in=pks[first : first + 500]).update(
            status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
        )
    batch = time.perf_counter() - started
    return each / len(emails) * 1000 * 1000, batch / len(emails) * 1000 * 1000


# --- the metric -----------------------------------------------------------------------------


def worker_env(broker: str, smtp_port: int, **extra: str) -> dict[str, str]:
    """The worker's and beat's environment: the portal's settings, this run's broker and sink."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "CELERY_BROKER_URL": broker,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LOG_FORMAT": "plain",
        **extra,
    }


def publish_tick(broker: str) -> None:
    """The tick that finds the rows, sent as beat would at its next minute."""
    from django.conf import settings

    from clinic.celery import app

    with app.connection_for_write(broker) as connection:
        app.send_task(
            "clinic.tasks.outbox_dispatch",
            expires=settings.OUTBOX_TICK_EXPIRES,
            connection=connection,
        )


def measure(root: Path, var: Path, backend: str) -> dict:
    from django.db import connections

    from clinic.models import OutboundEmail

    started = time.perf_counter()
    ids = write_rows(COUNT)
    _analyze()
    progress(f"wrote {COUNT:,} check-ins and their e-mails in {time.perf_counter() - started:.1f}s")
    connections.close_all()  # the worker's processes get their own
    with private_redis() as broker, smtp_sink(root) as (port, sink_pid):
        env = worker_env(broker, port)
        with celery(root, var, env) as (worker_log, worker_pid):
            progress(f"worker (concurrency {CONCURRENCY}) and beat up; sink on port {port}")
            workers = group_members(worker_pid)
            cpu_before = {"worker": cpu_seconds(workers), "sink": cpu_seconds([sink_pid])}
            load_before = os.getloadavg()[0]
            pushes_before = broker_pushes(broker)
            clock = time.perf_counter()
            publish_tick(broker)
            # This run's rows by their ids (one bulk insert's run of them): the key has no
            # LIKE-ready index, and a prefix count every poll would read the whole table.
            sent = OutboundEmail.objects.filter(
                pk__range=(ids[0], ids[-1]), kind="checkin", status=OutboundEmail.Status.SENT
            )
            next_report, done = clock + 10, False
            backends: dict[int, float] = {}  # the worker's connections come and go: sampled
            while time.perf_counter() - clock < TIMEOUT:
                backends.update((pid, cpu_seconds([pid])) for pid in database_backends())
                messages, unique = sink_stats(port)
                # The sink takes each message before the worker records it sent.
                if unique >= COUNT and sent.count() == COUNT:
                    done = True
                    break
                if time.perf_counter() >= next_report:
                    progress(f"{unique:,} unique e-mails at the sink ({messages:,} messages)")
                    next_report += 10
                time.sleep(0.2)
            seconds = time.perf_counter() - clock
            broker_messages = broker_pushes(broker) - pushes_before
            # The worker's database connections were opened during the run, by its tasks,
            # and closed after a task that outlived their 60 s: each at its last sighting.
            cpu = {
                "worker": cpu_seconds(workers) - cpu_before["worker"],
                "database": sum(backends.values()),
                "sink": cpu_seconds([sink_pid]) - cpu_before["sink"],
            }
            load = (load_before + os.getloadavg()[0]) / 2
            messages, unique = sink_stats(port)
            recorded = sent.count()
            tasks = len(TASK_DONE.findall(worker_log.read_text()))
        if not done:
            progress(f"stopped after {TIMEOUT} s: {recorded:,} recorded sent, {unique:,} unique")
        progress(
            f"{unique:,} unique of {messages:,} messages at the sink, {recorded:,} recorded sent "
            f"in {seconds:.1f}s; {broker_messages} broker messages; measuring the SMTP floor"
        )
        connections.close_all()  # no connection of this process crosses into the floor's
        floor = smtp_floor(port)
    mark_each, mark_batch = mark_cost(ids)
    return {
        "seconds": seconds,
        "floor": floor,
        "done": done,
        "broker_messages": broker_messages,
        "messages": messages,
        "unique": unique,
        "recorded": recorded,
        "tasks": tasks,
        "mark_each": mark_each,
        "mark_batch": mark_batch,
        "cpu": cpu,
        "load": load,
    }


def metric_checkin_dispatch(results: dict, info: dict, root: Path, var: Path, backend: str) -> None:
    say(f"checkin_dispatch: {HEADLINE}")
    run = measure(root, var, backend)
    # Two processes mark in parallel: the wall-clock share of the per-e-mail UPDATEs.
    mark_seconds = (run["mark_each"] - run["mark_batch"]) * COUNT / 1000 / 1000 / CONCURRENCY
    results["checkin_dispatch"] = entry(
        run["seconds"],
        "s",
        "smtp_floor",
        run["floor"],
        RATIO_GOAL,
        seconds_reference=REFERENCE_SECONDS,
        broker_messages=run["broker_messages"],
        broker_goal=BROKER_GOAL,
        emails=COUNT,
        recorded_sent=run["recorded"],
        unique_at_sink=run["unique"],
        duplicates=run["messages"] - run["unique"],
        tasks_run=run["tasks"],
        finished=run["done"],
        database=backend,
        mark_each_ms_per_1000=round(run["mark_each"], 1),
        mark_batch_ms_per_1000=round(run["mark_batch"], 1),
        mark_each_extra_seconds=round(mark_seconds, 1),
        # What the run cost the machine, and so what it takes on two cores of its own: the
        # machine is shared, and a neighbour's load stretches `value`.
        cpu_seconds_worker=round(run["cpu"]["worker"], 1),
        cpu_seconds_database=round(run["cpu"]["database"], 1),
        cpu_seconds_sink=round(run["cpu"]["sink"], 1),
        two_core_cpu_floor_seconds=round(sum(run["cpu"].values()) / 2, 1),
        load_average=round(run["load"], 2),
    )
    result = results["checkin_dispatch"]
    progress(
        f"checkin_dispatch {run['seconds']:.1f} s for {COUNT:,} e-mails "
        f"({COUNT / run['seconds']:.0f}/s) vs the SMTP floor {run['floor']:.1f} s "
        f"({result['ratio']:.2f}x); {run['broker_messages']} broker messages; marking each "
        f"e-mail sent costs {run['mark_each']:.0f} ms per 1,000 vs {run['mark_batch']:.0f} ms "
        f"in one UPDATE: about {mark_seconds:.1f} s of the run"
    )
    progress(
        f"CPU used: worker {run['cpu']['worker']:.1f} s, database {run['cpu']['database']:.1f} s, "
        f"sink {run['cpu']['sink']:.1f} s: {result['two_core_cpu_floor_seconds']} s on two free "
        f"cores; load average {run['load']:.2f} during the run"
    )


# --- dispatch_two_workers: the same outbox across two worker machines -------------------------

TWO_WORKERS_COUNT = 10_000
TWO_WORKERS_PREFIX = "bench-two-workers"


def metric_dispatch_two_workers(results: dict, info: dict, root: Path, var: Path) -> None:
    """10,000 due check-ins, two workers (two machines' worth: each its own node, concurrency
    2) and one beat sharing the database and a broker: every e-mail must reach the sink
    exactly once. Baseline: the same e-mails through one worker, same run."""
    say(
        f"dispatch_two_workers: {TWO_WORKERS_COUNT:,} due check-in e-mails through two workers "
        "sharing one database and broker, beside one worker; each e-mail must arrive once"
    )
    runs = {}
    for workers in (1, 2):
        runs[workers] = _dispatch_once(root, var, workers)
        run = runs[workers]
        progress(
            f"{workers} worker(s): {run['unique']:,} unique of {run['messages']:,} messages, "
            f"{run['recorded']:,} recorded sent in {run['seconds']:.1f}s"
        )
    two, one = runs[2], runs[1]
    results["dispatch_two_workers"] = entry(
        two["seconds"],
        "s",
        "one_worker",
        one["seconds"],
        1.0,  # goal: no slower than one worker (the sink and database are shared)
        emails=TWO_WORKERS_COUNT,
        unique_at_sink=two["unique"],
        duplicates=two["messages"] - two["unique"],
        recorded_sent=two["recorded"],
        exactly_once=two["unique"] == two["messages"] == two["recorded"] == TWO_WORKERS_COUNT,
        workers_that_sent=two["senders"],
        finished=two["done"],
    )


def _dispatch_once(root: Path, var: Path, workers: int) -> dict:
    from django.db import connections

    from clinic.models import OutboundEmail

    prefix = f"{TWO_WORKERS_PREFIX}-{workers}"
    ids = write_rows(TWO_WORKERS_COUNT, prefix=prefix, contact=8_100 + workers)
    _analyze()
    connections.close_all()
    sent = OutboundEmail.objects.filter(
        pk__range=(ids[0], ids[-1]), status=OutboundEmail.Status.SENT
    )
    with private_redis() as broker, smtp_sink(root) as (port, _):
        # Every sending process of every worker may take a share (one per machine's core).
        env = worker_env(broker, port, OUTBOX_DISPATCHERS=str(CONCURRENCY * workers))
        with celery(root, var, env, workers=workers) as (worker_log, _):
            clock = time.perf_counter()
            publish_tick(broker)
            done = False
            while time.perf_counter() - clock < TIMEOUT:
                messages, unique = sink_stats(port)
                if unique >= TWO_WORKERS_COUNT and sent.count() == TWO_WORKERS_COUNT:
                    done = True
                    break
                time.sleep(0.2)
            seconds = time.perf_counter() - clock
            time.sleep(1)  # a duplicate still on its way would arrive now
            messages, unique = sink_stats(port)
            logs = [worker_log.parent / f"dispatch-{n}.log" for n in _worker_names(workers)]
            senders = sum(1 for log in logs if TASK_DONE.search(log.read_text()))
    return {
        "seconds": seconds,
        "messages": messages,
        "unique": unique,
        "recorded": sent.count(),
        "done": done,
        "senders": senders,
    }


def _worker_names(workers: int) -> list[str]:
    return ["worker", *(f"worker{n}" for n in range(2, workers + 1))]
