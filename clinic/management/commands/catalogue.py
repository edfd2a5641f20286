"""Bring the Spanish catalogue up to date: `manage.py catalogue` collects every marked string
into locale/es/LC_MESSAGES/django.po (staff pages left out) and compiles the .mo. Translate
the new or fuzzy entries in the .po, then run it again (README, "Languages")."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from clinic.i18n import CATALOGUE_IGNORE


class Command(BaseCommand):
    help = "Update locale/es/LC_MESSAGES/django.po from the source and compile it."

    def add_arguments(self, parser):
        parser.add_argument("--no-compile", action="store_true", help="Only update the .po.")

    def handle(self, *args, no_compile=False, **options):
        call_command(
            "makemessages",
            locale=["es"],
            no_location=True,
            no_obsolete=True,
            ignore_patterns=CATALOGUE_IGNORE,
            verbosity=0,
        )
        if not no_compile:
            call_command(
                "compilemessages", locale=["es"], ignore_patterns=CATALOGUE_IGNORE, verbosity=0
            )
