"""Web, Celery worker and beat together, for `make run`; Ctrl-C stops all three."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from clinic.processes import run_together


def portal_env(addr: str, environ) -> dict:
    """The processes' environment: the links the worker e-mails point at the address the
    portal is served on, unless PORTAL_BASE_URL says otherwise (a proxy, a real name)."""
    env = dict(environ)
    if not env.get("PORTAL_BASE_URL"):
        # runserver takes "port", "host:port" or "host" alone
        host = f"127.0.0.1:{addr}" if addr.isdigit() else addr if ":" in addr else f"{addr}:8000"
        if host.startswith("0.0.0.0:"):  # listening everywhere: links name this machine
            host = "127.0.0.1:" + host.split(":", 1)[1]
        env["PORTAL_BASE_URL"] = f"http://{host}"
    return env


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
        env = portal_env(addr, os.environ)
        status = run_together(commands, cwd=settings.BASE_DIR, say=self.stderr.write, env=env)
        self.stdout.write("Stopped web, worker and beat.")
        if status:
            sys.exit(status)
