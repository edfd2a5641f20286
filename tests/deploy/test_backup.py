"""`make backup` and `make restore` round-trip a real database, and refuse clearly where they
cannot work."""

import os
import stat
import subprocess

import psycopg
import pytest

from tests.deploy.stack import ROOT, scratch_database

TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""
# A table's rows as (count, one hash of them all in a stable order): equal, equal data.
ROWS = "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"


def run(command: list[str], database_url: str | None, stdin: str = ""):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(  # noqa: S603 - make and our manage.py, fixed arguments
        command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def fingerprint(database_url: str) -> dict[str, tuple[int, str]]:
    with psycopg.connect(database_url) as connection:
        tables = [row[0] for row in connection.execute(TABLES)]
        # Table names come from the catalogue, quoted.
        return {table: connection.execute(ROWS.format(f'"{table}"')).fetchone() for table in tables}


@pytest.mark.postgresql
def test_make_backup_and_make_restore_round_trip_a_database(tmp_path):
    dump = tmp_path / "portal.dump"
    with scratch_database("portal_backup") as source, scratch_database("portal_restore") as copy:
        for command in (["migrate", "--noinput"], ["demo_seed"]):
            done = run([".venv/bin/python", "manage.py", *command], source)
            assert done.returncode == 0, done.stderr
        backed_up = run(["make", "-s", "backup", f"FILE={dump}"], source)
        assert backed_up.returncode == 0, backed_up.stderr
        assert stat.S_IMODE(dump.stat().st_mode) == 0o600  # it holds runners' answers

        declined = run(["make", "-s", "restore", f"FILE={dump}"], copy, stdin="no\n")
        assert declined.returncode != 0
        assert "nothing changed" in declined.stderr
        assert fingerprint(copy) == {}

        # Twice: the second restore replaces what the first one wrote (--clean).
        for _ in range(2):
            restored = run(["make", "-s", "restore", f"FILE={dump}"], copy, stdin="yes\n")
            assert restored.returncode == 0, restored.stderr
        original = fingerprint(source)
        assert original["intake_case"][0] > 0
        assert original["auth_user"][0] > 0
        assert fingerprint(copy) == original


def test_backups_refuse_sqlite_naming_what_to_do():
    for command in (["backup"], ["restore", "x.dump", "--noinput"]):
        done = run([".venv/bin/python", "manage.py", *command], None)
        assert done.returncode == 1
        assert "backups need PostgreSQL: set DATABASE_URL" in done.stderr


@pytest.mark.postgresql
def test_restore_without_a_file_says_how_to_give_one():
    done = run([".venv/bin/python", "manage.py", "restore"], os.environ["DATABASE_URL"])
    assert done.returncode == 1
    assert "which backup? make restore FILE=" in done.stderr
