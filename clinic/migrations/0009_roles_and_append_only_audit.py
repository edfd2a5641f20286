"""The three staff roles as Django groups (clinic/roles.py declares what each may do), and
on PostgreSQL a trigger that refuses any UPDATE or DELETE of an audit event.

SQLite gets no trigger: test databases there are emptied with DELETE between tests. The
code has no update path and the admin gives nobody change or delete, on both backends.
"""

from django.db import migrations

AUDIT_GUARD = """
CREATE FUNCTION clinic_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER clinic_auditevent_append_only
    BEFORE UPDATE OR DELETE ON clinic_auditevent
    FOR EACH ROW EXECUTE FUNCTION clinic_audit_append_only();
"""
AUDIT_GUARD_DROP = """
DROP TRIGGER IF EXISTS clinic_auditevent_append_only ON clinic_auditevent;
DROP FUNCTION IF EXISTS clinic_audit_append_only();
"""


def create_roles(apps, schema_editor):
    from clinic.roles import roles_sync

    roles_sync(apps, schema_editor.connection.alias)


def guard_audit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(AUDIT_GUARD)


def unguard_audit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(AUDIT_GUARD_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0008_auditevent"),
        ("intake", "0004_case_history_runner_privacy"),
        ("programs", "0003_plan_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(guard_audit, unguard_audit),
    ]
