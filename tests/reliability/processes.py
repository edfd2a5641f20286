"""The portal's Celery processes for the reliability tests: started in a session of their
own with the test's marker in their environment, so a test can SIGKILL a worker with every
process of its pool, and stop everything it started, whatever happened."""

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from tests.deploy.stack import MARKER, ROOT, database_url, kill_marked, wait_gone


def portal_env(tmp_path: Path, marker: str, **settings: str) -> dict[str, str]:
    """The environment of a production process on the test's own database (committed rows of
    a transactional test are visible to it), with the given settings on top."""
    var = tmp_path / "var"
    var.mkdir(exist_ok=True)
    return {
        **os.environ,
        MARKER: marker,
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LOG_FORMAT": "plain",
        "PORTAL_VAR_DIR": str(var),
        **settings,
    }


class Celery:
    """Named Celery processes (`worker`, `beat`), each logging to its own file."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env, self.logs = env, logs
        self.running: dict[str, subprocess.Popen] = {}
        self.starts: dict[str, int] = {}

    def start(self, name: str, *args: str) -> None:
        self.starts[name] = self.starts.get(name, 0) + 1
        log = (self.logs / f"{name}-{self.starts[name]}.log").open("w")
        self.running[name] = subprocess.Popen(  # noqa: S603 - our interpreter and Celery
            [sys.executable, "-m", "celery", "-A", "clinic", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: the pool's processes die with it
        )
        log.close()

    def kill(self, name: str) -> None:
        """SIGKILL to the process and its pool at once, as the kernel's OOM killer or a lost
        machine would: nothing gets to finish or clean up."""
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in self.running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.clear()

    def log_tail(self, chars: int = 3000) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text()[-chars:]}"
            for path in sorted(self.logs.glob("*.log"))
        )


@contextmanager
def celery_processes(tmp_path: Path, **settings: str) -> Iterator[Celery]:
    """A Celery of the test's own; every process it started is gone afterwards."""
    marker = secrets.token_hex(8)
    celery = Celery(portal_env(tmp_path, marker, **settings), tmp_path)
    try:
        yield celery
    finally:
        celery.stop_all()
        kill_marked(marker)
        assert wait_gone(marker, timeout=20) == [], "a Celery process outlived the test"


def wait_for(done: Callable[[], object], timeout: float, what: str, poll: float = 0.01):
    deadline = time.monotonic() + timeout
    while True:
        value = done()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(poll)
