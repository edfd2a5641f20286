"""Rate limits on the public surface: per address and per e-mail, counted in the database,
answered with a 429 page that says when to try again."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import close_old_connections

from clinic import ratelimit
from clinic.models import RateLimitCounter
from tests.intake.steps import STEPS, complete_intake

pytestmark = pytest.mark.django_db


def test_the_limit_page_says_try_again_in_n_minutes_with_429_and_retry_after(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake-submit-email": (1, 3600)}
    complete_intake(client)
    client.get("/intake/start/")
    response = complete_intake(client)  # a second intake for the same e-mail in the hour
    assert response.status_code == 429
    page = response.content.decode()
    assert "Please try again in" in page and "minute" in page
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "no-store" in response["Cache-Control"]


def test_intake_submit_is_limited_per_email_across_addresses(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake-submit-email": (2, 3600)}
    for address in ("10.0.0.1", "10.0.0.2"):
        client.defaults["REMOTE_ADDR"] = address
        assert complete_intake(client).status_code == 302
        client.get("/intake/start/")
    client.defaults["REMOTE_ADDR"] = "10.0.0.3"
    assert complete_intake(client).status_code == 429


def test_intake_submit_is_limited_per_address_across_emails(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake-submit-ip": (2, 3600)}
    for number in range(2):
        assert complete_intake(client, {1: {"email": f"r{number}@example.com"}}).status_code == 302
        client.get("/intake/start/")
    assert complete_intake(client, {1: {"email": "r9@example.com"}}).status_code == 429


def test_new_drafts_are_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "intake-start-ip": (3, 3600)}
    for _ in range(3):
        assert client.post("/intake/step/1/", STEPS[1]).status_code == 302
        client.cookies.clear()  # a new browser, so a new draft
    assert client.post("/intake/step/1/", STEPS[1]).status_code == 429


def test_booking_without_an_intake_is_limited_per_email(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking-email": (2, 3600)}
    form = {
        "first_name": "Sam",
        "last_name": "Okafor",
        "email": "sam@example.com",
        "phone": "919 555 0102",
        "problem": "Hip pain",
    }
    for number in range(2):
        client.cookies.clear()
        client.defaults["REMOTE_ADDR"] = f"10.0.1.{number}"
        assert client.post("/book/", form).status_code == 302
    client.cookies.clear()
    client.defaults["REMOTE_ADDR"] = "10.0.1.9"
    response = client.post("/book/", form)
    assert response.status_code == 429
    assert "Please try again in" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_on_separate_connections_are_each_counted_once(settings):
    """Four threads, each with its own database connection as separate processes would
    have, race on one key: the atomic upsert loses none of the 100 attempts."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking-ip": (1000, 3600)}
    errors = []

    def attempts():
        try:
            for _ in range(25):
                ratelimit.hit("booking-ip", "10.9.9.9")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=attempts) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors[:2]
    assert RateLimitCounter.objects.get(scope="booking-ip").count == 100


def test_the_counter_names_nobody():
    ratelimit.hit("booking-email", "Maya@Example.com")
    counter = RateLimitCounter.objects.get()
    assert "maya" not in counter.key.lower() and len(counter.key) == 64


def test_a_new_window_starts_a_new_count(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "link-miss-ip": (2, 600)}
    now = datetime(2026, 6, 1, 12, 0, 5, tzinfo=UTC)
    for _ in range(2):
        assert ratelimit.hit("link-miss-ip", "10.0.0.1", now=now) == 0
    assert ratelimit.hit("link-miss-ip", "10.0.0.1", now=now) == 595
    assert ratelimit.hit("link-miss-ip", "10.0.0.1", now=now + timedelta(minutes=10)) == 0


def test_old_counters_are_purged_by_the_nightly_housekeeping():
    ratelimit.hit("booking-ip", "10.0.0.1", now=datetime(2026, 5, 1, tzinfo=UTC))
    ratelimit.hit("booking-ip", "10.0.0.1")
    assert ratelimit.counters_purge() == 1
    assert RateLimitCounter.objects.count() == 1


def test_the_beat_schedule_runs_the_counter_housekeeping(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "clinic.tasks.ratelimit_counters_purge" in tasks
    assert "intake.tasks.drafts_purge_abandoned" in tasks


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(client):
    from intake.models import IntakeDraft

    response = client.post("/intake/step/1/", {**STEPS[1], "website": "http://spam.example"})
    assert response.status_code == 400
    assert not IntakeDraft.objects.exists()


@pytest.mark.parametrize("url", ["/intake/step/1/", "/book/"])
def test_public_forms_carry_the_hidden_honeypot_and_a_csrf_token(client, url):
    page = client.get(url).content.decode()
    assert 'class="hp-field"' in page and 'name="website"' in page
    assert 'name="csrfmiddlewaretoken"' in page
