"""The default Discovery Visit type, and on PostgreSQL an exclusion constraint so no two active
visits of one therapist overlap (buffer included). SQLite has no exclusion constraints; there,
booking checks and writes under SQLite's single writer lock (IMMEDIATE transactions)."""

from django.db import migrations

EXCLUDE_OVERLAP = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE intake_visit ADD CONSTRAINT visit_no_overlap EXCLUDE USING gist (
    therapist_id WITH =, tstzrange(start, blocked_until, '[)') WITH &&
) WHERE (status <> 'cancelled');
"""
DROP_OVERLAP = "ALTER TABLE intake_visit DROP CONSTRAINT IF EXISTS visit_no_overlap;"


def add_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EXCLUDE_OVERLAP)


def drop_overlap_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_OVERLAP)


def add_default_visit_type(apps, schema_editor):
    visit_types = apps.get_model("intake", "VisitType").objects.using(
        schema_editor.connection.alias
    )
    if not visit_types.filter(is_default=True).exists():
        visit_types.create(
            name="Discovery Visit",
            duration_minutes=30,
            is_free=True,
            is_default=True,
            description=(
                "A free 30-minute visit with a physical therapist who treats runners: your "
                "story, how you move, and an honest answer on whether we can help."
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_visits")]

    operations = [
        migrations.RunPython(add_default_visit_type, migrations.RunPython.noop),
        migrations.RunPython(add_overlap_constraint, drop_overlap_constraint),
    ]
