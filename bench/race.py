"""The booking race over real HTTP: the portal in its own process and fifty browsers.

The in-process test client serves one request at a time, so it cannot race; here the portal
runs as `manage.py runserver --noreload` (threaded: a thread per request, like a threaded
production server) on a free loopback port, against the bench's database. Only the standard
library speaks HTTP (`requests` and gunicorn are not dependencies of the project).
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ALERT = re.compile(r'role="alert">(.*?)</div>', re.S)


@dataclass
class Answer:
    status: int
    location: str
    body: str
    ms: float  # from sending the request to the last byte of the answer

    def said(self) -> str:
        """Where the runner was sent, or the message on the page that did not move on."""
        if self.location or self.status >= 500:
            return self.location or "server error"
        alert = ALERT.search(self.body)
        return alert.group(1).strip() if alert else self.body[:80]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def portal_server(root: Path, log: Path, timeout: float = 60) -> Iterator[str]:
    """The portal as its own process on a free loopback port; yields its base URL. It gets
    this process's environment (DATABASE_URL of the bench database, DEBUG off, the secret
    key the sessions were signed with) with the portal's own settings, not the bench's."""
    port = free_port()
    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinic.settings"}
    # The bench's raised rate limits (bench/settings.py): 50 racers share one address here.
    env["RATE_LIMITS"] = ",".join(
        f"{scope}={attempts}/{seconds}"
        for scope, (attempts, seconds) in settings.RATE_LIMITS.items()
    )
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            command, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                if server.poll() is not None:
                    raise RuntimeError(f"the portal server stopped; see {log}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"the portal server did not start; see {log}") from None
                    time.sleep(0.1)
            yield f"127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class Browser:
    """One runner's browser: its own session and CSRF cookies, a new connection per request."""

    def __init__(self, address: str, session_cookie: str, session_key: str):
        self.host, port = address.split(":")
        self.port = int(port)
        self.cookies = {session_cookie: session_key}
        self.token = ""

    def _headers(self) -> dict:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie, "Connection": "close"}

    def _answer(self, connection: http.client.HTTPConnection, started: int) -> Answer:
        response = connection.getresponse()
        body = response.read().decode()
        elapsed = (time.perf_counter_ns() - started) / 1e6
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return Answer(response.status, response.getheader("Location", ""), body, elapsed)

    def connect(self) -> http.client.HTTPConnection:
        # One at a time, with a breath between: fifty connects at once overflow the server's
        # listen backlog (10), and the kernel resets some or makes them retry a second later,
        # which would time the backlog rather than the booking.
        time.sleep(0.01)
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        connection.connect()
        return connection

    def open(self, path: str) -> Answer:
        """GET a page like a runner; a form on it gives its CSRF token."""
        connection = self.connect()
        started = time.perf_counter_ns()
        connection.request("GET", path, headers=self._headers())
        answer = self._answer(connection, started)
        token = TOKEN.search(answer.body)
        self.token = token.group(1) if token else self.token
        return answer

    def post(self, connection, path: str, fields: dict, barrier: threading.Barrier) -> Answer:
        """On an open connection: wait for the others, then send the POST at the same moment."""
        body = urlencode({**fields, "csrfmiddlewaretoken": self.token})
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        barrier.wait(timeout=60)
        started = time.perf_counter_ns()
        connection.request("POST", path, body=body, headers=headers)
        return self._answer(connection, started)


def open_all(browsers: list[Browser], path: str) -> list[Answer]:
    """Every runner opens the page (a few at a time, as people do)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda browser: browser.open(path), browsers))


def race(browsers: list[Browser], path: str, fields: list[dict]) -> list[Answer | Exception]:
    """Every browser POSTs its fields to `path` at the same moment: connections opened first,
    requests released together by a barrier."""
    connections = [browser.connect() for browser in browsers]
    barrier = threading.Barrier(len(browsers))
    answers: list[Answer | Exception] = [RuntimeError("no answer")] * len(browsers)

    def press(number: int) -> None:
        try:
            answers[number] = browsers[number].post(
                connections[number], path, fields[number], barrier
            )
        except Exception as error:  # counted by the caller, with the answers
            answers[number] = error

    threads = [threading.Thread(target=press, args=(n,)) for n in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return answers
