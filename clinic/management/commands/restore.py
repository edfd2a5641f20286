"""`make restore FILE=... KEY=...`: decrypt an encrypted backup with the clinic's private age
key and replace the database of DATABASE_URL with it (pg_restore, all or nothing). Run it
where the key is, as the tables' owner, never with the key left on the server."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from clinic.backups import ENCRYPTED, describe, libpq_env, restore_encrypted


class Command(BaseCommand):
    help = "Decrypt a backup (age) and replace every table of the PostgreSQL database with it."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="an encrypted backup (.dump.age)")
        parser.add_argument("--key", help="the age private key file (AGE-SECRET-KEY-...)")
        parser.add_argument(
            "--noinput", action="store_false", dest="interactive", help="do not ask first"
        )

    def handle(self, *args, file: str | None, key: str | None, interactive: bool, **options):
        libpq_env()  # refuses SQLite before asking anything
        if not file:
            raise CommandError(f"which backup? make restore FILE=... KEY=...{self._newest()}")
        if not key:
            raise CommandError("which key? make restore FILE=... KEY=path/to/age-key.txt")
        source = Path(file)
        if interactive:
            answer = input(
                f"This replaces every table of {describe()} with {source}.\n"
                "Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        restore_encrypted(source, Path(key))
        self.stdout.write(f"Restored {describe()} from {source}")

    def _newest(self) -> str:
        try:
            _, files = storages["backups"].listdir("")
        except OSError:
            return ""
        newest = sorted(name for name in files if ENCRYPTED.match(name))[-3:]
        where = settings.BACKUP_DIR
        return "".join(f"\n  {where / name}" for name in reversed(newest))
