"""The bench's scale seed writes its rows with SQL, past the models: a column added without a
database default breaks `make bench`'s admin_scale, jobs_scale and outcomes_page, and only a
run of the whole bench would show it. Here it runs at a handful of rows."""

import pytest
from django.db import connection

from bench import scale_data
from intake.models import Case

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

ROWS = scale_data.RECENT_CASES + 5  # the recent intakes each take a seeded runner
TABLES = [
    "intake_runner",
    "intake_case",
    "intake_intakedraft",
    "intake_visit",
    "programs_plan",
    "programs_checkin",
    "programs_decision",
    "clinic_outboundemail",
    "clinic_privatelink",
    "clinic_auditevent",
]


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - names above
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_scale_seed_fills_every_table_the_staff_lists_read():
    before = _counts()
    scale_data.tables_load("default", rows=ROWS, cases=ROWS)
    after = _counts()
    assert all(after[table] > before[table] for table in TABLES), after


def test_the_long_history_runner_is_seeded_with_its_plans_and_check_ins():
    scale_data.tables_load("default", rows=ROWS, cases=ROWS)
    ids = scale_data.long_history("default")
    case = Case.objects.get(pk=ids["case"])
    assert case.plans.count() == scale_data.HISTORY["plans"]
    assert case.checkins.count() == scale_data.HISTORY["checkins"]


def test_the_purge_bench_seeds_its_abandoned_drafts():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM intake_intakedraft")
        before = cursor.fetchone()[0]
        scale_data.old_drafts_load("default", 5)
        cursor.execute("SELECT count(*) FROM intake_intakedraft")
        assert cursor.fetchone()[0] == before + 5
