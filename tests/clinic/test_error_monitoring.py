"""Error monitoring: with SENTRY_DSN set, an exception in a view and in a Celery task reach
the Sentry (or GlitchTip) server, a real HTTP receiver on loopback here that records the
SDK's envelopes, and no answer, name, e-mail address, query string or private-link token
goes with them. The JSON logs' tracebacks leave exception messages out the same way."""

import gzip
import json
import logging
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk

from clinic import tasks
from clinic.logs import JsonFormatter
from clinic.monitoring import scrub_event, sentry_init
from programs import views as plan_views

pytestmark = pytest.mark.django_db

TOKEN = "Qm9va2luZ1Rva2VuLXRoYXQtaXMtNDMtY2hhcmFjdGVycw"
SECRETS = ("maya@example.com", "Maya", "Okafor", "stabbing groin pain", TOKEN, "pain_now")
PHI_ERROR = "runner Maya Okafor <maya@example.com> said: stabbing groin pain"


class Receiver(BaseHTTPRequestHandler):
    envelopes: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.envelopes.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry():
    """A Sentry-compatible receiver on loopback and the SDK pointed at it, as SENTRY_DSN
    does in settings; returns a function giving the events received so far."""
    Receiver.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sentry_init(dsn=f"http://publickey@127.0.0.1:{server.server_port}/7", environment="test")

    def events() -> list[tuple[dict, bytes]]:
        sentry_sdk.flush(timeout=5)
        found = []
        for envelope in Receiver.envelopes:
            for line in envelope.splitlines():
                if line.startswith(b"{") and b'"exception"' in line:
                    found.append((json.loads(line), envelope))
        return found

    yield events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: the SDK does nothing for the tests that follow
    server.shutdown()


def assert_no_phi(envelope: bytes) -> None:
    text = envelope.decode()

    for secret in SECRETS:
        assert secret not in text, secret
    assert "?email" not in text and "query_string" not in text


def test_an_exception_in_a_view_arrives_without_health_details(sentry, client, monkeypatch):
    def broken(*args, **kwargs):
        answers = {"pain_now": 7, "first_name": "Maya"}  # a local the SDK must not send
        raise ValueError(f"{PHI_ERROR} {answers}")

    monkeypatch.setattr(plan_views, "link_trade", broken)
    client.raise_request_exception = False
    response = client.post(
        f"/plan/open/{TOKEN}/?email=maya@example.com",
        {"first_name": "Maya", "last_name": "Okafor", "pain_now": "7"},
        HTTP_COOKIE="sessionid=secret-session",
    )
    assert response.status_code == 500
    [(event, envelope)] = sentry()
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    assert event["transaction"] == "/plan/open/{token}/"  # the route, not the link
    assert not event.get("request")  # no body, cookies, headers or query string
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    assert any(frame["function"] == "broken" for frame in frames)  # still useful to debug
    assert all("vars" not in frame for frame in frames)
    assert_no_phi(envelope)
    assert "secret-session" not in envelope.decode()


def test_an_exception_in_a_celery_task_arrives_without_health_details(sentry, monkeypatch):
    def broken():
        raise RuntimeError(PHI_ERROR)

    monkeypatch.setattr(tasks, "_outbox_dispatch", broken)
    result = tasks.outbox_dispatch.apply()
    assert result.failed()
    [(event, envelope)] = sentry()
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert_no_phi(envelope)


def test_only_the_user_id_is_kept():
    event = {
        "user": {
            "id": 12,
            "email": "pat@clinic.example",
            "username": "pat",
            "ip_address": "1.2.3.4",
        },
        "request": {"url": f"https://portal/visit/{TOKEN}/?a=b", "data": "x", "headers": {}},
        "extra": {"celery-job": {"args": ["maya@example.com"]}},
    }
    scrubbed = scrub_event(event)
    assert scrubbed["user"] == {"id": 12}
    assert scrubbed["request"] == {"url": "https://portal/visit/<token>/"}
    assert "extra" not in scrubbed


def test_a_json_log_traceback_leaves_the_message_out():
    try:
        try:
            raise KeyError(PHI_ERROR)
        except KeyError as error:
            raise ValueError(f"while reading /checkin/{TOKEN}/: {PHI_ERROR}") from error
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info()
        )
    logged = json.loads(JsonFormatter().format(record))
    traceback = logged["exc_info"]
    assert "builtins.KeyError: <message redacted>" in traceback
    assert "builtins.ValueError: <message redacted>" in traceback
    assert "test_a_json_log_traceback_leaves_the_message_out" in traceback  # the frames stay
    for secret in SECRETS:
        assert secret not in traceback
