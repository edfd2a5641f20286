"""/healthz for load balancers and monitors, and the heartbeat it reads.

Four checks, each a word: the database answers, the broker accepts a connection, the
one-minute dispatch tick ran recently (beat sent it and a worker ran it), and no e-mail has
failed or is overdue (clinic/delivery.py: an SMTP server refusing staff alerts pages someone).
The answer names which check failed and nothing else: no hosts, no error texts (a broker URL
can carry a password), no counts of cases.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone

from clinic.delivery import outbox_failing
from clinic.models import Heartbeat

log = logging.getLogger(__name__)

HEALTHZ_PATH = "/healthz"
DISPATCH_TICK = "outbox-dispatch"
BROKER_TIMEOUT = 2  # seconds: a probe must answer well inside a load balancer's timeout


def tick_record(name: str = DISPATCH_TICK) -> None:
    """Note that a periodic job ran now; two workers at once are fine."""
    now = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(at=now):
        Heartbeat.objects.get_or_create(name=name, defaults={"at": now})


def database_and_tick() -> tuple[str, str, int | None]:
    """(database, beat, seconds since the tick): one small query answers both."""
    try:
        at = Heartbeat.objects.filter(name=DISPATCH_TICK).values_list("at", flat=True).first()
    except DatabaseError as error:
        log.warning("healthz: database check failed (%s)", type(error).__name__)
        return "unreachable", "unknown", None
    if at is None:
        return "ok", "never", None
    age = max(0, int((timezone.now() - at).total_seconds()))
    return "ok", "ok" if age <= settings.HEALTHZ_TICK_MAX_AGE else "stale", age


def _broker() -> str:
    from clinic.celery import app

    try:
        with app.connection_for_write(
            url=settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT
        ) as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT
            )
    except Exception as error:  # noqa: BLE001 - any failure to connect means unreachable
        log.warning("healthz: broker check failed (%s)", type(error).__name__)
        return "unreachable"
    return "ok"


def _outbox(database: str) -> str:
    if database != "ok":
        return "unknown"
    try:
        return "failing" if outbox_failing() else "ok"
    except DatabaseError as error:
        log.warning("healthz: outbox check failed (%s)", type(error).__name__)
        return "unknown"


def healthz(request) -> JsonResponse:
    database, beat, age = database_and_tick()
    checks = {"database": database, "broker": _broker(), "beat": beat, "outbox": _outbox(database)}
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "failing", "checks": checks, "beat_age_seconds": age}
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthzMiddleware:
    """Answers /healthz before the rest of the stack: a probe from a load balancer or a
    container's own address needs no host check, session, CSRF token or clinic profile, and
    the answer stays a cheap JSON document even when the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTHZ_PATH and request.method in {"GET", "HEAD"}:
            return healthz(request)
        return self.get_response(request)
