"""The bench's own databases, so the developer's data is never touched.

Two databases with the same schema: `default` (the big one) and `small`. The admin's case
list is timed on both in one process, request by request, with `SwitchRouter` deciding which
one the ORM talks to.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# Two developers benching on one PostgreSQL server would drop each other's databases:
# BENCH_DATABASE gives a run names of its own.
BENCH_DB = os.environ.get("BENCH_DATABASE", "portal_bench")
SMALL_DB = f"{BENCH_DB}_small"


class SwitchRouter:
    """Sends every read and write to `alias` while it is set; None leaves Django's default.

    Only the admin metric sets it, so the other figures pay one no-op call per query."""

    alias: str | None = None

    def db_for_read(self, model, **hints):
        return SwitchRouter.alias

    def db_for_write(self, model, **hints):
        return SwitchRouter.alias


def cache_key(key: str, key_prefix: str, version: int) -> str:
    """Django's cache key with the database the router points at, so the small and the big
    database never read each other's cached pages."""
    return f"{SwitchRouter.alias or 'default'}:{key_prefix}:{version}:{key}"


@dataclass(frozen=True)
class BenchDatabases:
    backend: str  # "postgresql" or "sqlite"
    url: str  # DATABASE_URL for the default (big) database
    small_name: str  # NAME of the small database (a file path or a database name)


def _postgres_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare(database_url: str | None, var_dir: Path) -> BenchDatabases:
    """Drop and recreate the bench databases (empty; run.py migrates them)."""
    if database_url and urlsplit(database_url).scheme.startswith("postgres"):
        import psycopg

        maintenance = psycopg.connect(_postgres_url(database_url, "postgres"), autocommit=True)
        with maintenance:
            for name in (BENCH_DB, SMALL_DB):
                maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                maintenance.execute(f'CREATE DATABASE "{name}"')
        return BenchDatabases("postgresql", _postgres_url(database_url, BENCH_DB), SMALL_DB)

    var_dir.mkdir(parents=True, exist_ok=True)
    big, small = var_dir / "bench.sqlite3", var_dir / "bench_small.sqlite3"
    for path in (big, small):
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)
    return BenchDatabases("sqlite", f"sqlite:///{big}", str(small))
