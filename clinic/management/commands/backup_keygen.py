"""`manage.py backup_keygen`: a new age key pair for the backups. Run it on the clinic's own
computer, not the server: keep the printed private key there (and a printed copy in the
safe), put only the public key in the server's BACKUP_AGE_RECIPIENTS."""

import pyrage
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print a new age key pair: the private key file's text, then the public key."

    def handle(self, *args, **options):
        identity = pyrage.x25519.Identity.generate()
        public = identity.to_public()
        self.stdout.write(f"# public key: {public}\n{identity}")
        self.stderr.write(
            "Save the two lines above as the key file (never on the server); set\n"
            f"BACKUP_AGE_RECIPIENTS={public}\non the server."
        )
