import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic.env import env_bool, env_choice, env_int, env_list


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
