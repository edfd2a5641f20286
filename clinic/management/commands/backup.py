"""`make backup`: an encrypted backup now, as the nightly beat job makes one (clinic/backups.py):
pg_dump straight into age for the clinic's public keys, into the `backups` storage, then
backups older than BACKUP_KEEP_DAYS pruned. `--file` writes one encrypted file there instead."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from clinic.backups import backup_nightly, describe, dump_encrypted


class Command(BaseCommand):
    help = "Back up the PostgreSQL database, encrypted to BACKUP_AGE_RECIPIENTS (age)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="write the encrypted backup here instead")
        parser.add_argument(
            "--recipient",
            action="append",
            help="an age public key (age1...) to encrypt to; default BACKUP_AGE_RECIPIENTS",
        )

    def handle(self, *args, file: str | None, recipient: list[str] | None, **options):
        recipients = recipient or settings.BACKUP_AGE_RECIPIENTS
        if file:
            target = dump_encrypted(Path(file), recipients)
            self.stdout.write(f"Backed up {describe()}, encrypted, to {target}")
            return
        name, pruned = backup_nightly(recipients=recipients, keep_days=settings.BACKUP_KEEP_DAYS)
        self.stdout.write(f"Backed up {describe()}, encrypted, as {name}")
        for old in pruned:
            self.stdout.write(f"Pruned {old} (older than {settings.BACKUP_KEEP_DAYS} days)")
