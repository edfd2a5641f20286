import os

from celery import Celery
from celery.signals import celeryd_init, setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
@celeryd_init.connect
def _log_like_the_web(**kwargs) -> None:
    """Worker and beat log through Django's LOGGING (JSON lines in production) instead of
    Celery's own format, so every process of the portal writes the same kind of line. Also
    at worker init, before Celery's own set-up, so its start-up warnings are lines too."""
    import logging
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    logging.captureWarnings(True)
