"""On PostgreSQL, indexes for the staff search and the export (clinic/search_indexes.py): the
outbox by recipient (prefix, and the export's case-insensitive match), the audit trail by
username prefix. SQLite: none."""

from django.db import migrations

from clinic.search_indexes import postgres_indexes, prefix_index


class Migration(migrations.Migration):
    dependencies = [("clinic", "0011_list_and_retention_indexes")]

    operations = [
        postgres_indexes(
            prefix_index("outbox_to_prefix", "clinic_outboundemail", "to"),
            prefix_index("audit_username_prefix", "clinic_auditevent", "username"),
        ),
    ]
