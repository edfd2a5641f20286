"""The production stack on one machine, for `make serve`: migrate, collect static files, then
gunicorn, a Celery worker and Celery beat together; SIGINT or SIGTERM stops all three.

The same processes the compose file runs, with the same settings (DEBUG off, JSON logs,
whitenoise's hashed and compressed files), so the production configuration is exercised
here and not only in a container.
"""

import logging
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from clinic.processes import run_together

log = logging.getLogger("clinic.serve")


def stack_commands(python: str) -> dict[str, list[str]]:
    celery = [python, "-m", "celery", "--quiet", "-A", "clinic"]
    return {
        "web": [python, "-m", "gunicorn", "-c", "python:clinic.gunicorn_conf", "clinic.wsgi"],
        # Two processes: the outbox tick and nightly housekeeping are light, and the web
        # workers need the cores.
        "worker": [*celery, "worker", "--concurrency=2", "--without-gossip", "--without-mingle"],
        # Exactly one beat per deployment, or every tick is sent twice.
        "beat": [*celery, "beat"],
    }


class Command(BaseCommand):
    help = "Run the production stack here: gunicorn, a Celery worker and beat (DEBUG off)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-setup",
            action="store_true",
            help="Do not migrate or collect static files first (they are done already).",
        )

    def handle(self, *args, skip_setup: bool, **options):
        if settings.DEBUG:
            raise CommandError(
                "serve runs the production configuration: set DEBUG=false (make serve does)"
            )
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
        if engine != "postgresql" or broker != "redis":
            log.warning(
                "serve: on %s and the %s broker; production uses PostgreSQL (DATABASE_URL) "
                "and Redis (CELERY_BROKER_URL)",
                engine,
                broker,
            )
        if not skip_setup:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("collectstatic", interactive=False, verbosity=0)
        from clinic.gunicorn_conf import bind

        log.info("serve: portal at http://%s/ (gunicorn, worker and beat); Ctrl-C stops all", bind)
        status = run_together(stack_commands(sys.executable), cwd=settings.BASE_DIR, say=log.error)
        log.info("serve: stopped gunicorn, worker and beat")
        if status:
            sys.exit(status)
