"""`make restore FILE=...`: replace the database of DATABASE_URL with a dump (pg_restore)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clinic.backups import database_restore, describe, libpq_env


class Command(BaseCommand):
    help = "Replace every table of the PostgreSQL database with those in a pg_dump file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="a dump made by `make backup`")
        parser.add_argument(
            "--noinput", action="store_false", dest="interactive", help="do not ask first"
        )

    def handle(self, *args, file: str | None, interactive: bool, **options):
        libpq_env()  # refuses SQLite before asking anything
        if not file:
            raise CommandError(f"which backup? make restore FILE=...{self._newest()}")
        source = Path(file)
        if interactive:
            answer = input(
                f"This replaces every table of {describe()} with {source}.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        database_restore(source)
        self.stdout.write(f"Restored {describe()} from {source}")

    def _newest(self) -> str:
        dumps = sorted((settings.VAR_DIR / "backups").glob("*.dump"))[-3:]
        return "".join(f"\n  {path}" for path in reversed(dumps))
