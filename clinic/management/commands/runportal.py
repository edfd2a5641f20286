"""Web, Celery worker and beat together, for `make run`; Ctrl-C stops all three."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from clinic.processes import run_together


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat; stop all on Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr, **options):
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "clinic"]
        commands = {
            "web": [python, "manage.py", "runserver", addr, "--noreload"],
            "worker": [
                *celery,
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
            ],
            "beat": [*celery, "beat", "--loglevel=INFO"],
        }
        self.stdout.write(f"Portal at http://{addr}/ (web, worker and beat). Ctrl-C stops all.")
        status = run_together(commands, cwd=settings.BASE_DIR, say=self.stderr.write)
        self.stdout.write("Stopped web, worker and beat.")
        if status:
            sys.exit(status)
