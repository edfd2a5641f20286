"""Encrypted backups for real: `make backup` encrypts pg_dump's output to the clinic's public
age key, `make restore` decrypts it with the private key into another database, and the
restore drill compares every table's row count and content and a checksum of the audit
trail. Old backups are pruned; nothing is backed up without a key; SQLite is refused."""

import os
import stat
import subprocess
from datetime import UTC, datetime, timedelta

import psycopg
import pyrage
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from clinic.backups import backup_name, backups_prune
from tests.deploy.stack import ROOT, scratch_database

TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""
# A table's rows as (count, one hash of them all in a stable order): equal, equal data.
ROWS = "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
AUDIT_CHECKSUM = """
    SELECT count(*), md5(string_agg(concat_ws('|', id, at, username, action, object_type,
                                               object_id, detail, ip), E'\\n' ORDER BY id))
    FROM clinic_auditevent
"""


def run(command: list[str], database_url: str | None, stdin: str = "", **env_extra):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(env_extra)
    return subprocess.run(  # noqa: S603 - make and our manage.py, fixed arguments
        command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=180
    )


def fingerprint(database_url: str) -> dict[str, tuple[int, str]]:
    with psycopg.connect(database_url) as connection:
        tables = [row[0] for row in connection.execute(TABLES)]
        # Table names come from the catalogue, quoted.
        return {table: connection.execute(ROWS.format(f'"{table}"')).fetchone() for table in tables}


def audit_checksum(database_url: str) -> tuple[int, str]:
    with psycopg.connect(database_url) as connection:
        return connection.execute(AUDIT_CHECKSUM).fetchone()


def seed(database_url: str) -> None:
    for command in (["migrate", "--noinput"], ["demo_seed"]):
        done = run([".venv/bin/python", "manage.py", *command], database_url)
        assert done.returncode == 0, done.stderr
    with psycopg.connect(database_url) as connection:
        connection.execute(
            "INSERT INTO clinic_auditevent (at, username, action, object_type, object_id, detail)"
            " SELECT now() - n * interval '1 hour', 'pat', 'view', 'intake.case', n::text, ''"
            " FROM generate_series(1, 50) n"
        )


@pytest.fixture
def age_key(tmp_path):
    """The clinic's key pair as `manage.py backup_keygen` prints it: the private key file
    stays here (the clinic's laptop), only the public key goes to the server."""
    done = run([".venv/bin/python", "manage.py", "backup_keygen"], None)
    assert done.returncode == 0, done.stderr
    key_file = tmp_path / "clinic-age-key.txt"
    key_file.write_text(done.stdout)
    public = done.stdout.splitlines()[0].removeprefix("# public key: ")
    assert public.startswith("age1")
    return public, key_file


@pytest.mark.postgresql
def test_the_restore_drill_brings_back_every_row_and_the_audit_trail(tmp_path, age_key):
    public, key_file = age_key
    backups = tmp_path / "backups"
    with scratch_database("portal_backup") as source, scratch_database("portal_restore") as copy:
        seed(source)
        backed_up = run(
            ["make", "-s", "backup"], source, BACKUP_AGE_RECIPIENTS=public, BACKUP_DIR=str(backups)
        )
        assert backed_up.returncode == 0, backed_up.stderr
        [backup] = backups.iterdir()
        assert backup.name.startswith("portal-") and backup.name.endswith(".dump.age")
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        data = backup.read_bytes()
        assert data.startswith(b"age-encryption.org/v1")
        # No plaintext inside: pg_dump's custom format keeps its magic and its table of
        # contents (every CREATE TABLE) uncompressed. Markers this long cannot turn up in
        # ciphertext by chance; a short one ("demo", case-folded) did, once in a CI run.
        assert b"PGDMP" not in data
        assert b"CREATE TABLE public.intake_case" not in data
        assert not any(path.suffix == ".dump" for path in tmp_path.rglob("*"))

        declined = run(
            ["make", "-s", "restore", f"FILE={backup}", f"KEY={key_file}"], copy, stdin="no\n"
        )
        assert declined.returncode != 0
        assert "nothing changed" in declined.stderr
        assert fingerprint(copy) == {}

        # Twice: the second restore replaces what the first one wrote (--clean).
        for _ in range(2):
            restored = run(
                ["make", "-s", "restore", f"FILE={backup}", f"KEY={key_file}"], copy, stdin="yes\n"
            )
            assert restored.returncode == 0, restored.stderr
        original = fingerprint(source)
        assert original["intake_case"][0] > 0
        assert original["auth_user"][0] > 0
        assert fingerprint(copy) == original
        trail = audit_checksum(source)
        assert trail[0] >= 50
        assert audit_checksum(copy) == trail


@pytest.mark.postgresql
def test_a_backup_needs_the_right_private_key(tmp_path, age_key):
    public, _ = age_key
    stranger = tmp_path / "other-key.txt"
    stranger.write_text(str(pyrage.x25519.Identity.generate()))
    target = tmp_path / "portal.dump.age"
    with scratch_database("portal_backup") as source:
        seed(source)
        done = run(["make", "-s", "backup", f"FILE={target}"], source, BACKUP_AGE_RECIPIENTS=public)
        assert done.returncode == 0, done.stderr
        refused = run(
            [
                ".venv/bin/python",
                "manage.py",
                "restore",
                str(target),
                f"--key={stranger}",
                "--noinput",
            ],
            source,
        )
    assert refused.returncode == 1
    assert "cannot decrypt" in refused.stderr


@pytest.mark.postgresql
def test_without_a_public_key_nothing_is_backed_up_in_plaintext(tmp_path):
    done = run(["make", "-s", "backup"], os.environ["DATABASE_URL"], BACKUP_DIR=str(tmp_path))
    assert done.returncode != 0
    assert "no public key to encrypt to: set BACKUP_AGE_RECIPIENTS" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_backups_older_than_the_retention_are_pruned_the_newest_kept(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    storages._storages.pop("backups", None)  # the handler caches backends by alias
    storages.backends  # noqa: B018 - re-read the setting
    now = datetime.now(UTC)
    ages = [1, 29, 31, 400]
    for days in ages:
        storages["backups"].save(backup_name(now - timedelta(days=days)), ContentFile(b"x"))
    storages["backups"].save("notes.txt", ContentFile(b"not a backup"))
    pruned = backups_prune(keep_days=30)
    assert sorted(pruned) == sorted(backup_name(now - timedelta(days=d)) for d in (31, 400))
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == sorted([*(backup_name(now - timedelta(days=d)) for d in (1, 29)), "notes.txt"])
    # Even a backup older than the retention stays when it is the only one.
    for days in (1, 29):
        storages["backups"].delete(backup_name(now - timedelta(days=days)))
    storages["backups"].save(backup_name(now - timedelta(days=90)), ContentFile(b"x"))
    assert backups_prune(keep_days=30) == []


def test_backups_refuse_sqlite_naming_what_to_do():
    for command in (["backup"], ["restore", "x.dump.age", "--key=k", "--noinput"]):
        done = run([".venv/bin/python", "manage.py", *command], None, BACKUP_AGE_RECIPIENTS="")
        assert done.returncode == 1
        assert "backups need PostgreSQL: set DATABASE_URL" in done.stderr


@pytest.mark.postgresql
def test_restore_without_a_file_or_key_says_how_to_give_them():
    url = os.environ["DATABASE_URL"]
    done = run([".venv/bin/python", "manage.py", "restore"], url)
    assert done.returncode == 1
    assert "which backup? make restore FILE=... KEY=" in done.stderr
    done = run([".venv/bin/python", "manage.py", "restore", "x.dump.age"], url)
    assert "which key?" in done.stderr


def test_the_nightly_job_is_scheduled_and_without_a_key_says_so(settings, caplog):
    from clinic.tasks import backup_nightly

    entry = settings.CELERY_BEAT_SCHEDULE["backup-encrypted-nightly"]
    assert entry["task"] == "clinic.tasks.backup_nightly"
    settings.BACKUP_AGE_RECIPIENTS = []
    assert backup_nightly() == ""
    assert "BACKUP_AGE_RECIPIENTS is not set; no backup was made" in caplog.text
