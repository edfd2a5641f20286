"""Backups of the PostgreSQL database with pg_dump and pg_restore (`make backup`, `make restore`,
and the nightly beat job).

The connection goes to the client tools through libpq's environment variables, never on their
command line, where `ps` would show the password. A dump holds every runner's answers, so a
backup is encrypted with age (pyrage) to the clinic's public keys (BACKUP_AGE_RECIPIENTS) as
pg_dump writes it: no plaintext copy ever touches the server's disk, and the private key that
decrypts it never needs to be on the server. Encrypted backups go to the `backups` storage
(a directory by default, any django-storages backend by setting), are named by their UTC time,
and are pruned after BACKUP_KEEP_DAYS.

Why not django-dbbackup: it would add GPG (a keyring to manage on the server, a gpg binary in
the image), count-based rather than age-based cleanup, and its own pg_dump wrapper beside the
one below that the restore drill already proves; age keys are one line each and pyrage needs
no binary.
"""

import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyrage
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import CommandError
from django.utils import timezone

NOT_POSTGRESQL = (
    "backups need PostgreSQL: set DATABASE_URL=postgres://... (the local default is a SQLite "
    "file; stop the portal and copy var/portal.sqlite3 instead)"
)


def libpq_env() -> dict[str, str]:
    """The environment that points pg_dump/pg_restore at the default database."""
    database: dict = dict(settings.DATABASES["default"])
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


# --- encrypted backups -----------------------------------------------------------------------

ENCRYPTED = re.compile(r"^portal-(\d{8}T\d{6}Z)\.dump\.age$")


def _recipients(keys: list[str]) -> list:
    if not keys:
        raise CommandError(
            "no public key to encrypt to: set BACKUP_AGE_RECIPIENTS=age1... (the clinic keeps "
            "the private key off the server; `manage.py backup_keygen` makes a pair)"
        )
    try:
        return [pyrage.x25519.Recipient.from_str(key.strip()) for key in keys]
    except pyrage.RecipientError as error:
        raise CommandError(f"BACKUP_AGE_RECIPIENTS: not an age public key ({error})") from None


def _identities(key_file: Path) -> list:
    """Every AGE-SECRET-KEY line of an age-keygen style file (comments allowed)."""
    if not key_file.is_file():
        raise CommandError(f"no such key file: {key_file}")
    lines = [line.strip() for line in key_file.read_text().splitlines()]
    keys = [line for line in lines if line.startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise CommandError(f"{key_file} holds no AGE-SECRET-KEY line")
    return [pyrage.x25519.Identity.from_str(key) for key in keys]


def backup_name(now: datetime | None = None) -> str:
    return f"portal-{(now or timezone.now()):%Y%m%dT%H%M%SZ}.dump.age"


def dump_encrypted(target: Path, recipients: list[str]) -> Path:
    """pg_dump straight into age: the plaintext exists only in the pipe."""
    env, keys = libpq_env(), _recipients(recipients)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.touch(mode=0o600)
    command = [_tool("pg_dump"), "--format=custom"]
    try:
        with (
            subprocess.Popen(  # noqa: S603 - Debian's pg_dump, fixed arguments
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            ) as dump,
            partial.open("wb") as out,
        ):
            assert dump.stdout is not None and dump.stderr is not None  # noqa: S101 - PIPE
            pyrage.encrypt_io(dump.stdout, out, keys)
            errors = dump.stderr.read().decode(errors="replace").strip()
        if dump.returncode != 0:
            raise CommandError(f"pg_dump failed: {errors}")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup_nightly(*, recipients: list[str], keep_days: int) -> tuple[str, list[str]]:
    """One encrypted backup into the `backups` storage, then the expired ones deleted.
    Returns the new backup's name and the names pruned."""
    storage = storages["backups"]
    name = backup_name()
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as scratch:
        local = dump_encrypted(Path(scratch) / name, recipients)
        with local.open("rb") as encrypted:
            saved = storage.save(name, File(encrypted))
    return saved, backups_prune(keep_days=keep_days)


def backups_prune(*, keep_days: int) -> list[str]:
    """Delete encrypted backups older than `keep_days`, judged by the time in their names
    (so it works on any storage), always keeping the newest."""
    storage = storages["backups"]
    _, files = storage.listdir("")
    dated = sorted(
        (datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC), name)
        for name in files
        if (match := ENCRYPTED.match(name))
    )
    cutoff = timezone.now() - timedelta(days=keep_days)
    expired = [name for at, name in dated[:-1] if at < cutoff]
    for name in expired:
        storage.delete(name)
    return expired


def restore_encrypted(source: Path, key_file: Path) -> None:
    """Decrypt into a private scratch file (pg_restore needs one it can read), restore,
    delete it whatever happens."""
    identities = _identities(key_file)
    if not source.is_file():
        raise CommandError(f"no such backup: {source}")
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as scratch:
        plain = Path(scratch) / "portal.dump"
        plain.touch(mode=0o600)
        try:
            with source.open("rb") as encrypted, plain.open("wb") as out:
                pyrage.decrypt_io(encrypted, out, identities)
        except pyrage.DecryptError:
            raise CommandError(f"{key_file} cannot decrypt {source}: wrong key?") from None
        database_restore(plain)
