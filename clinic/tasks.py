from celery import shared_task

from clinic.outbox import outbox_dispatch as _outbox_dispatch


@shared_task(name="clinic.tasks.outbox_dispatch")
def outbox_dispatch() -> int:
    return _outbox_dispatch()
