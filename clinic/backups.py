"""Backups of the PostgreSQL database with pg_dump and pg_restore (`make backup`, `make restore`).

The connection goes to the client tools through libpq's environment variables, never on their
command line, where `ps` would show the password. A dump holds every runner's answers: it is
written owner-only, to a temporary name first, so a failed dump never looks like a backup.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

NOT_POSTGRESQL = (
    "backups need PostgreSQL: set DATABASE_URL=postgres://... (the local default is a SQLite "
    "file; stop the portal and copy var/portal.sqlite3 instead)"
)


def libpq_env() -> dict[str, str]:
    """The environment that points pg_dump/pg_restore at the default database."""
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql"):
        raise CommandError(NOT_POSTGRESQL)
    env = {**os.environ, "PGDATABASE": str(database["NAME"])}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def describe() -> str:
    database = settings.DATABASES["default"]
    return f"database {database['NAME']} on {database.get('HOST') or 'localhost'}"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} not found: install postgresql-client (make backup does)")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def default_backup_path() -> Path:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return settings.VAR_DIR / "backups" / f"{stamp}.dump"


def database_dump(target: Path) -> Path:
    env = libpq_env()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.touch(mode=0o600)
    try:
        _run([_tool("pg_dump"), "--format=custom", f"--file={partial}"], env)
        partial.chmod(0o600)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def database_restore(source: Path) -> None:
    """Replace the default database's tables with the dump's, all or nothing. Owners and
    grants are left to the restoring user, so a dump moves between servers and users."""
    env = libpq_env()
    if not source.is_file():
        raise CommandError(f"no such backup: {source}")
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(source),
        ],
        env,
    )
