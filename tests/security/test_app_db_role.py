"""The portal's own PostgreSQL role (what compose's app containers connect as) can do the
app's work but cannot rewrite the audit trail: no UPDATE, DELETE or TRUNCATE, no disabling
the trigger, no switching triggers off for its session, no superuser, no tables of its own.
Against the local PostgreSQL, connected as that role for real."""

import secrets

import psycopg
import pytest
from django.db import connection
from psycopg import errors, sql

from clinic.db_roles import app_role_ensure
from clinic.models import AuditEvent

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

REFUSED = [
    "UPDATE clinic_auditevent SET detail = 'nothing happened'",
    "DELETE FROM clinic_auditevent",
    "TRUNCATE clinic_auditevent",
    "ALTER TABLE clinic_auditevent DISABLE TRIGGER clinic_auditevent_append_only",
    "ALTER TABLE clinic_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER clinic_auditevent_append_only ON clinic_auditevent",
    "DROP TABLE clinic_auditevent",
    "SET session_replication_role = replica",
    "CREATE TABLE clinic_auditevent_copy (id int)",
    "ALTER ROLE CURRENT_USER SUPERUSER",
]


@pytest.fixture
def app_role():
    """The role made by `db_setup`'s own function, on the test database; a URL to connect
    as it. Dropped afterwards (roles belong to the whole server)."""
    settings = connection.settings_dict
    role = f"{settings['NAME']}_app_{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(24)
    app_role_ensure(connection, role=role, password=password)
    host = settings.get("HOST") or "127.0.0.1"
    yield (
        role,
        psycopg.conninfo.make_conninfo(
            host=host,
            port=settings.get("PORT") or 5432,
            dbname=settings["NAME"],
            user=role,
            password=password,
        ),
    )
    with connection.cursor() as cursor:
        for statement in ("DROP OWNED BY {}", "DROP ROLE {}"):
            cursor.execute(
                sql.SQL(statement).format(sql.Identifier(role)).as_string(connection.connection)
            )


def test_the_app_role_does_the_apps_work(app_role):
    _, conninfo = app_role
    with psycopg.connect(conninfo, autocommit=True) as app:
        app.execute(
            "INSERT INTO clinic_auditevent (at, username, action, object_type, object_id, detail)"
            " VALUES (now(), 'pat', 'view', 'intake.case', '1', '')"
        )
        app.execute("UPDATE clinic_heartbeat SET at = now()")
        app.execute("DELETE FROM django_session WHERE expire_date < now()")
        assert app.execute("SELECT count(*) FROM clinic_auditevent").fetchone() == (1,)
    assert AuditEvent.objects.get().username == "pat"


@pytest.mark.parametrize("statement", REFUSED)
def test_the_app_role_cannot_rewrite_the_audit_trail(app_role, statement):
    _, conninfo = app_role
    AuditEvent.objects.create(username="pat", action="view", object_type="intake.case")
    with psycopg.connect(conninfo, autocommit=True) as app:
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute(statement)
    assert AuditEvent.objects.get().detail == ""


def test_the_app_role_is_no_superuser_and_owns_nothing(app_role):
    role, conninfo = app_role
    with psycopg.connect(conninfo) as app:
        attributes = app.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles"
            " WHERE rolname = current_user"
        ).fetchone()
        owned = app.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner"
            " WHERE r.rolname = current_user"
        ).fetchone()
    assert attributes == (False, False, False, False)
    assert owned == (0,)


def test_db_setup_can_run_again_on_every_deploy(app_role):
    role, conninfo = app_role
    app_role_ensure(connection, role=role, password="a new password for the app role")
    with psycopg.connect(conninfo, autocommit=True) as app:
        app.execute("SELECT count(*) FROM intake_case")
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute(REFUSED[0])
