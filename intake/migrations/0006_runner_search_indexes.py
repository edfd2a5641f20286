"""On PostgreSQL, indexes for the staff search (clinic/search_indexes.py): runners' names by
substring (pg_trgm GIN), e-mail and phone by prefix; drafts by e-mail prefix. SQLite: none."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from clinic.search_indexes import postgres_indexes, prefix_index, trigram_index

RUNNER = "intake_runner"


class Migration(migrations.Migration):
    dependencies = [("intake", "0005_drafts_purge_and_tick_indexes")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        postgres_indexes(
            trigram_index("runner_first_name_trgm", RUNNER, "first_name"),
            trigram_index("runner_last_name_trgm", RUNNER, "last_name"),
            prefix_index("runner_email_prefix", RUNNER, "email"),
            prefix_index("runner_phone_prefix", RUNNER, "phone"),
            prefix_index("draft_email_prefix", "intake_intakedraft", "email"),
        ),
    ]
