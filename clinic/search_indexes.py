"""Indexes that serve the staff search on PostgreSQL, created by migrations.

Django's admin search compares `UPPER(col::text)`: `^email` becomes `UPPER(email) LIKE 'X%'`
and a plain field `UPPER(name) LIKE '%X%'`. On PostgreSQL a btree on `UPPER(col)` with
`text_pattern_ops` serves the prefix (and equality, as in `email__iexact`), and a pg_trgm GIN
index on `UPPER(col)` the substring. SQLite has neither operator class: there the same
searches scan, as they always did. The indexes stay out of the models' Meta (and the migration
state) so that SQLite's table rebuilds never try to create them.
"""

from django.db import migrations


def prefix_index(name: str, table: str, column: str) -> tuple[str, str]:
    return name, f'CREATE INDEX "{name}" ON "{table}" (UPPER("{column}") text_pattern_ops)'


def trigram_index(name: str, table: str, column: str) -> tuple[str, str]:
    return name, f'CREATE INDEX "{name}" ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)'


def postgres_indexes(*indexes: tuple[str, str]):
    """A migration operation creating `indexes` ((name, SQL) pairs) on PostgreSQL only."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for _, sql in indexes:
                schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, _ in indexes:
                schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
