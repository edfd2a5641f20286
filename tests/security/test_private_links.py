"""Token misuse on every private-link endpoint: expired, reused, wrong purpose, tampered,
and 10,000 random guesses that find nothing and trip the rate limit."""

import secrets
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from clinic.links import LinkInvalid, link_issue, link_resolve
from clinic.models import PrivateLink

pytestmark = pytest.mark.django_db

Purpose = PrivateLink.Purpose
# Every endpoint that takes a token, with the purpose its links carry.
ENDPOINTS = {
    Purpose.INTAKE_RESUME: "/intake/resume/{}/",
    Purpose.INTAKE_INVITE: "/intake/invite/{}/",
    Purpose.VISIT_MANAGE: "/visit/{}/",
    Purpose.PLAN: "/plan/open/{}/",
    Purpose.PLAN_FEED: "/plan/feed/{}.ics",
}


def issue(purpose, ttl=timedelta(days=1)):
    return link_issue(purpose=purpose, object_id=1, ttl=ttl)


@pytest.mark.parametrize("purpose", list(ENDPOINTS))
def test_a_token_for_another_purpose_opens_nothing(client, purpose):
    for other, url in ENDPOINTS.items():
        if other != purpose:
            response = client.get(url.format(issue(purpose)))
            assert response.status_code == 404, (purpose, other)


@pytest.mark.parametrize("purpose", list(ENDPOINTS))
def test_an_expired_token_gets_a_clear_410(client, purpose):
    token = issue(purpose, ttl=timedelta(hours=1))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = client.get(ENDPOINTS[purpose].format(token))
    assert response.status_code == 410
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("purpose", list(ENDPOINTS))
def test_a_revoked_token_gets_a_clear_410(client, purpose):
    token = issue(purpose)
    PrivateLink.objects.update(revoked_at=timezone.now())
    assert client.get(ENDPOINTS[purpose].format(token)).status_code == 410


@pytest.mark.parametrize("purpose", list(ENDPOINTS))
def test_a_tampered_token_is_unknown(client, purpose):
    token = issue(purpose)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(ENDPOINTS[purpose].format(tampered)).status_code == 404
    assert client.get(ENDPOINTS[purpose].format(token + "x")).status_code == 404
    assert client.get(ENDPOINTS[purpose].format("x" * 200)).status_code == 404


def test_tokens_are_256_bit_and_only_their_hash_is_stored():
    token = issue(Purpose.PLAN)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    stored = PrivateLink.objects.get()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_reusing_a_traded_token_gives_a_fresh_session_not_someone_elses(client):
    """The first open trades the token for a session and a URL without it; opening it again
    (the same runner on another device) cycles the session key."""
    from programs.services import library_seed
    from tests.programs.conftest import build, plan_link_from_mail

    library_seed()
    build()
    url = plan_link_from_mail()
    first = client.get(url)
    assert first.status_code == 302 and first["Location"] == "/plan/"
    first_key = client.session.session_key
    again = client.get(url)
    assert again.status_code == 302 and client.session.session_key != first_key


def test_ten_thousand_random_guesses_find_nothing(settings):
    issue(Purpose.PLAN)
    issue(Purpose.INTAKE_RESUME)
    hits = 0
    for _ in range(10_000):
        try:
            link_resolve(token=secrets.token_urlsafe(32), purpose=Purpose.PLAN)
            hits += 1
        except LinkInvalid:
            pass
    assert hits == 0


def test_guessing_over_http_trips_the_limit_and_then_even_a_good_token_waits(client, settings):
    limit, _ = settings.RATE_LIMITS["link-miss-ip"]
    good = issue(Purpose.INTAKE_RESUME)
    statuses = [
        client.get(f"/intake/resume/{secrets.token_urlsafe(32)}/").status_code
        for _ in range(limit + 5)
    ]
    assert statuses[:limit] == [404] * limit
    assert set(statuses[limit:]) == {429}
    refused = client.get(f"/intake/resume/{good}/")
    assert refused.status_code == 429
    assert "Please try again in" in refused.content.decode()
    assert refused["Referrer-Policy"] == "no-referrer"
    # Another address is not punished for this one's guesses.
    client.defaults["REMOTE_ADDR"] = "10.1.2.3"
    assert client.get(f"/intake/resume/{good}/").status_code == 410  # no draft 1: expired page


def test_ten_thousand_guesses_over_http_give_no_hit_and_mostly_429(client):
    """Every link endpoint in turn, 10,000 requests from one address: no page opens."""
    urls = list(ENDPOINTS.values())
    statuses = {}
    for number in range(10_000):
        url = urls[number % len(urls)].format(secrets.token_urlsafe(32))
        status = client.get(url).status_code
        statuses[status] = statuses.get(status, 0) + 1
    assert set(statuses) == {404, 429}, statuses
    assert statuses[429] >= 9_900
