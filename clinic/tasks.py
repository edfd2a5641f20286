from celery import shared_task

from clinic.health import tick_record
from clinic.outbox import outbox_dispatch as _outbox_dispatch
from clinic.ratelimit import counters_purge as _counters_purge


@shared_task(name="clinic.tasks.outbox_dispatch")
def outbox_dispatch() -> int:
    tick_record()  # /healthz: beat's tick reached a worker, so e-mail is moving
    return _outbox_dispatch()


@shared_task(name="clinic.tasks.ratelimit_counters_purge")
def ratelimit_counters_purge() -> int:
    return _counters_purge()
