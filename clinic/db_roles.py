"""The database role the portal runs as: it may read and write the portal's rows, and
nothing more. It is no superuser and owns no table (the migrations' role owns them), so it
cannot ALTER a table, DISABLE the audit trail's trigger, TRUNCATE, or switch triggers off
with session_replication_role; and it has no UPDATE or DELETE on the audit trail at all, so
the trail holds even against a compromised app (DESIGN.md: the app cannot rewrite history).

`manage.py db_setup`, run by the compose file's one-shot `migrate` service as the owner,
migrates and then calls `app_role_ensure`, so each deploy grants the app the tables that
deploy's migrations added.
"""

from psycopg import sql

from clinic.models import AuditEvent

APPEND_ONLY_TABLES = [AuditEvent._meta.db_table]


def _statements(role: str, password: str, database: str) -> list[sql.Composable]:
    who = sql.Identifier(role)
    attributes = sql.SQL("LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    secret = sql.Literal(password)
    statements: list[sql.Composable] = [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN "
            "CREATE ROLE {who} {attributes}; END IF; END $$"
        ).format(name=sql.Literal(role), who=who, attributes=attributes),
        sql.SQL("ALTER ROLE {} {} PASSWORD {}").format(who, attributes, secret),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            who
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                sql.Identifier(table), who
            )
        )
    return statements


def app_role_ensure(connection, *, role: str, password: str) -> None:
    """Create or update `role` and its grants, as the owner of the tables. `connection` is a
    Django PostgreSQL connection."""
    if connection.vendor != "postgresql":
        raise ValueError("the app's database role is a PostgreSQL feature")
    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        for statement in _statements(role, password, connection.settings_dict["NAME"]):
            cursor.execute(statement.as_string(raw))
