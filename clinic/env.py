"""Strict readers for environment variables.

A typo in production configuration should stop the process at start-up with a message that
names the variable, not surface later as odd behaviour.
"""

import json
import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return value


def env_rate_limits(name: str, default: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """`scope=attempts/seconds,...` overriding some of the default limits, e.g.
    RATE_LIMITS=booking-ip=60/3600. An unknown scope or a malformed entry stops start-up."""
    raw = os.environ.get(name, "").strip()
    limits = dict(default)
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        scope, _, rule = entry.partition("=")
        attempts, _, seconds = rule.partition("/")
        if scope not in default or not (attempts.isdigit() and seconds.isdigit()):
            raise ImproperlyConfigured(
                f"{name}: {entry!r} is not scope=attempts/seconds with a scope among "
                f"{', '.join(sorted(default))}"
            )
        limits[scope] = (int(attempts), int(seconds))
    return limits


def env_origin(name: str) -> str:
    """An https origin (`https://host[:port]`, no path), or "" when unset: for a CSP source."""
    raw = os.environ.get(name, "").strip().rstrip("/")
    if not raw:
        return ""
    parsed = urlparse(raw)
    if parsed.scheme != "https" or not parsed.hostname or parsed.path or parsed.query:
        raise ImproperlyConfigured(
            f"{name} must be an https origin like https://media.example.org, not {raw!r}"
        )
    return raw


def env_json_object(name: str, default: dict) -> dict:
    """A JSON object, e.g. a storage backend's options; unset or empty gives `default`."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}")
    return value
