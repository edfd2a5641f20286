import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic.env import env_bool, env_choice, env_int, env_list, env_rate_limits


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("Yes", True)])
def test_booleans_read_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", not expected) is expected


def test_a_misspelt_boolean_stops_start_up_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", True)


def test_a_number_that_is_not_one_stops_start_up(monkeypatch):
    monkeypatch.setenv("OUTBOX_MAX_ATTEMPTS", "six")
    with pytest.raises(ImproperlyConfigured, match="OUTBOX_MAX_ATTEMPTS"):
        env_int("OUTBOX_MAX_ATTEMPTS", 6)
    monkeypatch.setenv("OUTBOX_MAX_ATTEMPTS", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("OUTBOX_MAX_ATTEMPTS", 6, minimum=1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example, b.example,")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def test_a_choice_outside_the_list_stops_start_up_naming_the_choices(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    assert env_choice("LOG_FORMAT", "plain", ("plain", "json")) == "json"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT must be one of plain, json"):
        env_choice("LOG_FORMAT", "plain", ("plain", "json"))


def test_rate_limits_from_the_environment_override_only_the_named_scopes(monkeypatch):
    monkeypatch.setenv("RATE_LIMITS", "booking-ip=60/3600, link-miss-ip=10/600")
    default = {"booking-ip": (20, 3600), "link-miss-ip": (20, 600), "booking-email": (10, 3600)}
    assert env_rate_limits("RATE_LIMITS", default) == {
        "booking-ip": (60, 3600),
        "link-miss-ip": (10, 600),
        "booking-email": (10, 3600),
    }


@pytest.mark.parametrize("raw", ["booking-ip=lots/3600", "no-such-scope=1/60", "booking-ip"])
def test_a_malformed_rate_limit_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("RATE_LIMITS", raw)
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMITS"):
        env_rate_limits("RATE_LIMITS", {"booking-ip": (20, 3600)})
