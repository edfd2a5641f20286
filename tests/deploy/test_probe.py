"""The containers' healthchecks (clinic/probe.py) against a real server: web is healthy while
its database answers, even when /healthz is 503 for the outbox or the beat (every replica
must not be marked broken because SMTP is down); beat is healthy while the tick is fresh."""

import pytest

from clinic import probe
from clinic.health import tick_record
from tests.deploy.stack import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def test_web_is_healthy_while_its_database_answers_even_when_healthz_is_503(live_server):
    url = f"{live_server.url}/healthz"
    assert probe.web(url)  # no tick yet: /healthz says 503 "beat": "never"
    tick_record()
    assert probe.web(url)


def test_web_is_unhealthy_when_nothing_answers():
    assert not probe.web(f"http://127.0.0.1:{free_port()}/healthz")


def test_beat_is_healthy_only_with_a_fresh_tick():
    assert not probe.beat()
    tick_record()
    assert probe.beat()
