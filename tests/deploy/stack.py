"""Real processes for the deployment tests: scratch PostgreSQL databases, a private Redis, an
SMTP sink, a browser that speaks HTTP, and a way to find every process a test started.

Everything listens on a free loopback port and is named uniquely, so a test run never meets
another one on the same machine (another developer's tests, CI's other pass).
"""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- PostgreSQL ---------------------------------------------------------------------------


def database_url(name: str) -> str:
    """DATABASE_URL of database `name` on the server the test suite runs against."""
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new, empty database with a unique name; yields its URL and drops it afterwards,
    whatever is still connected to it."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with psycopg.connect(database_url("postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Redis ------------------------------------------------------------------------------------


class RedisServer:
    """A redis-server of a test's own on a fixed free port, nothing saved, that the test may
    stop and start again on the same address (a broker outage)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, fixed arguments
            [*command, "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url, socket_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@contextmanager
def private_redis() -> Iterator[str]:
    """A Redis server of this test's own on a free port, nothing saved; yields its URL."""
    with redis_server() as server:
        yield server.url


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A started RedisServer, stopped afterwards whatever happened (also if the test left it
    stopped)."""
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- SMTP -------------------------------------------------------------------------------------


class SmtpSink:
    """Every message the portal sends, as (recipients, parsed e-mail)."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def wait_for(self, recipient: str, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for recipients, message in self.received:
                if recipient in recipients:
                    return message
            time.sleep(0.5)
        return None


@contextmanager
def smtp_sink() -> Iterator[tuple[SmtpSink, str]]:
    """An SMTP server on a free loopback port; yields the sink and the portal's EMAIL_URL."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, f"smtp://127.0.0.1:{controller.port}"
    finally:
        controller.stop()


# --- processes --------------------------------------------------------------------------------


MARKER = "PORTAL_TEST_PROCESS"


def marked(value: str) -> list[int]:
    """Every process whose environment carries MARKER=value: the ones a test started, and
    their children, whatever process group or session they moved to."""
    needle = f"{MARKER}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def wait_gone(value: str, timeout: float) -> list[int]:
    """Wait for every marked process to exit; returns those still there (zombies of an
    exited parent are reaped by init and do not count)."""
    deadline = time.monotonic() + timeout
    while True:
        left = [pid for pid in marked(value) if not _zombie(pid)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def kill_marked(value: str) -> None:
    for pid in marked(value):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def make_serve(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """`make serve` in a process group of its own (SIGTERM to it, as a supervisor sends)."""
    with log_path.open("w") as log:
        return subprocess.Popen(
            ["make", "-s", "serve"],  # noqa: S607 - the README's command
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_group(process: subprocess.Popen, timeout: float = 40) -> None:
    """SIGTERM to the process's group, SIGKILL if it is still there after `timeout`."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    headers: dict
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Visitor:
    """A browser's part that matters here: cookies kept (Secure ones too: the portal marks
    them Secure with DEBUG off, and a browser keeps them on http://127.0.0.1), the CSRF token
    of the last form seen."""

    def __init__(self, address: str):
        self.host, port = address.split(":")
        self.port = int(port)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, fields=None, headers=None) -> Page:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        send = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode({**fields, "csrfmiddlewaretoken": self.token}, doseq=True)
            send["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers={**send, **(headers or {})})
        response = connection.getresponse()
        raw = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        headers = {key.lower(): value for key, value in response.getheaders()}
        text = raw.decode(errors="replace") if not headers.get("content-encoding") else ""
        token = TOKEN.search(text)
        self.token = token.group(1) if token else self.token
        return Page(response.status, headers, text)

    def get(self, path: str, **headers) -> Page:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict) -> Page:
        return self.request("POST", path, fields=fields)


def wait_until_up(process: subprocess.Popen, visitor: Visitor, log_path: Path) -> None:
    """Until the stack answers HTTP (any answer), or fail with its log if it exits."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, f"make serve exited:\n{log_path.read_text()[-3000:]}"
        try:
            visitor.get("/healthz")
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the portal did not answer:\n{log_path.read_text()[-3000:]}")
