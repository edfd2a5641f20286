import logging

from celery import shared_task
from django.conf import settings

from clinic.backups import backup_nightly as _backup_nightly
from clinic.health import tick_record
from clinic.outbox import outbox_dispatch as _outbox_dispatch
from clinic.outbox import outbox_helpers_wanted
from clinic.ratelimit import counters_purge as _counters_purge

log = logging.getLogger(__name__)


@shared_task(name="clinic.tasks.outbox_dispatch")
def outbox_dispatch() -> int:
    """Beat's tick. With more than a batch due it starts a few more dispatchers first, so the
    worker's other processes send alongside this one (bounded: OUTBOX_DISPATCHERS)."""
    tick_record()  # /healthz: beat's tick reached a worker, so e-mail is moving
    helpers = outbox_helpers_wanted()
    try:
        for _ in range(helpers):
            outbox_drain.apply_async(expires=settings.OUTBOX_TICK_EXPIRES)
    except Exception as error:  # noqa: BLE001 - this tick still sends everything by itself
        log.warning("outbox: could not start more dispatchers (%s)", type(error).__name__)
    return _outbox_dispatch()


@shared_task(name="clinic.tasks.outbox_drain")
def outbox_drain() -> int:
    """A dispatcher the tick started beside itself: claims and sends batches until none is
    left. Not a tick: it leaves /healthz's heartbeat alone."""
    return _outbox_dispatch()


@shared_task(name="clinic.tasks.ratelimit_counters_purge")
def ratelimit_counters_purge() -> int:
    return _counters_purge()


@shared_task(name="clinic.tasks.backup_nightly")
def backup_nightly() -> str:
    """Beat's nightly encrypted backup. With no public key configured nothing is written (a
    plaintext dump of runners' answers is never the fallback) and the log says so."""
    if not settings.BACKUP_AGE_RECIPIENTS:
        log.warning("backup: BACKUP_AGE_RECIPIENTS is not set; no backup was made")
        return ""
    name, pruned = _backup_nightly(
        recipients=settings.BACKUP_AGE_RECIPIENTS, keep_days=settings.BACKUP_KEEP_DAYS
    )
    log.info("backup: wrote %s, pruned %s older backup(s)", name, len(pruned))
    return name
