"""The one-shot `migrate` service of docker-compose.yml: as the tables' owner, migrate, then
make sure the app's own role exists with exactly its grants (clinic/db_roles.py)."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from clinic.db_roles import app_role_ensure


class Command(BaseCommand):
    help = "Migrate as the owner, then create or update the app's database role and grants."

    def handle(self, *args, **options):
        role = os.environ.get("PORTAL_DB_APP_USER", "portal_app")
        password = os.environ.get("PORTAL_DB_APP_PASSWORD", "")
        if connection.vendor != "postgresql":
            raise CommandError("db_setup needs PostgreSQL (DATABASE_URL=postgres://...)")
        if len(password) < 16:
            raise CommandError("set PORTAL_DB_APP_PASSWORD (16 characters or more) in .env")
        call_command("migrate", "--noinput", verbosity=options["verbosity"])
        app_role_ensure(connection, role=role, password=password)
        self.stdout.write(f"Migrated; the app connects as {role}, which owns no table.")
