"""Rate limits for the public endpoints, counted in the database.

The default cache is a per-process LocMemCache (fine for the booking page, see settings), so
counting there would give each web process its own allowance. A row per (scope, key,
window) incremented by one INSERT ... ON CONFLICT DO UPDATE ... RETURNING (PostgreSQL, and
SQLite since 3.35) is atomic across processes and costs one statement per check.

Windows are fixed: `RATE_LIMITS[scope] = (attempts, seconds)`. Keys are hashed.
"""

import hashlib
import math
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.utils import timezone

from clinic.models import RateLimitCounter

_UPSERT = (
    "INSERT INTO {table} (scope, key, window_start, count) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (scope, key, window_start) DO UPDATE SET count = {table}.count + 1 "
    "RETURNING count"
)


def _window(scope: str, now: datetime) -> tuple[datetime, datetime]:
    _, seconds = settings.RATE_LIMITS[scope]
    start = math.floor(now.timestamp() / seconds) * seconds
    opened = datetime.fromtimestamp(start, tz=UTC)
    return opened, opened + timedelta(seconds=seconds)


def _key(scope: str, raw: str) -> str:
    return hashlib.sha256(f"{scope}\0{raw.strip().lower()}".encode()).hexdigest()


def hit(scope: str, raw_key: str, *, now: datetime | None = None) -> int:
    """Count one attempt; seconds to wait when it goes over the limit, else 0."""
    now = now or timezone.now()
    opened, closes = _window(scope, now)
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    with connection.cursor() as cursor:
        # Adapted as the ORM stores it (SQLite keeps text), so blocked() finds the same row.
        window = connection.ops.adapt_datetimefield_value(opened)
        cursor.execute(_UPSERT.format(table=table), [scope, _key(scope, raw_key), window])
        (count,) = cursor.fetchone()
    limit, _ = settings.RATE_LIMITS[scope]
    return _wait(closes, now) if count > limit else 0


def blocked(scope: str, raw_key: str, *, now: datetime | None = None) -> int:
    """Seconds to wait when the limit is already reached, else 0; counts nothing."""
    now = now or timezone.now()
    opened, closes = _window(scope, now)
    count = (
        RateLimitCounter.objects.filter(scope=scope, key=_key(scope, raw_key), window_start=opened)
        .values_list("count", flat=True)
        .first()
    )
    limit, _ = settings.RATE_LIMITS[scope]
    return _wait(closes, now) if (count or 0) >= limit else 0


def _wait(closes: datetime, now: datetime) -> int:
    return max(1, math.ceil((closes - now).total_seconds()))


def first_wait(*checks: tuple[str, str]) -> int:
    """Count an attempt in each (scope, key) given a key; the longest wait, or 0."""
    return max((hit(scope, key) for scope, key in checks if key), default=0)


def too_many(request, seconds: int):
    """The "try again in N minutes" page, 429 with Retry-After."""
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "ratelimited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def counters_purge(*, now: datetime | None = None) -> int:
    """Counters of windows that closed over a day ago; the nightly housekeeping."""
    cutoff = (now or timezone.now()) - timedelta(days=1)
    deleted, _ = RateLimitCounter.objects.filter(window_start__lt=cutoff).delete()
    return deleted
