"""`make backup`: pg_dump the database of DATABASE_URL to var/backups/<UTC time>.dump."""

from pathlib import Path

from django.core.management.base import BaseCommand

from clinic.backups import database_dump, default_backup_path, describe


class Command(BaseCommand):
    help = "Dump the PostgreSQL database (pg_dump, custom format) to a file readable by you only."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="where to write (default: var/backups/<time>.dump)")

    def handle(self, *args, file: str | None, **options):
        target = database_dump(Path(file) if file else default_backup_path())
        self.stdout.write(f"Backed up {describe()} to {target}")
