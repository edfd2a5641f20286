"""Run a few long-lived processes together and stop them together (`make run`, `make serve`).

Each child starts in its own session, so a Ctrl-C at the terminal reaches this process only
and is handled once: every child gets SIGTERM (a graceful stop: gunicorn finishes its
requests, a Celery worker its task), and is killed if it is still there after the grace time.
If one child exits on its own, the others are stopped too: half a portal is not left running.
"""

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

GRACE_SECONDS = 25  # gunicorn's graceful_timeout (20 s) and a little more


def run_together(
    commands: dict[str, list[str]], *, cwd: Path, say: Callable[[str], None], env=None
) -> int:
    """Start every command (in `env`, or this process's environment), wait for SIGINT/SIGTERM
    or a child's exit, stop all; returns 0 after a requested stop, 1 when a child exited by
    itself."""
    processes = {
        name: subprocess.Popen(command, cwd=cwd, start_new_session=True, env=env)  # noqa: S603
        for name, command in commands.items()
    }
    stopping, failed = False, False

    def stop(*_):
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    say(f"{name} exited with {process.returncode}; stopping the others")
                    stopping = failed = True
            time.sleep(0.5)
    finally:
        _stop_all(processes)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if failed else 0


def _stop_all(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
