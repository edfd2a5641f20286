from celery import shared_task

from intake.services import drafts_purge_abandoned as _drafts_purge_abandoned


@shared_task(name="intake.tasks.drafts_purge_abandoned")
def drafts_purge_abandoned() -> int:
    return _drafts_purge_abandoned()
