"""Idempotent demo data for `make run`: a therapist login and a handful of cases."""

import secrets
from datetime import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import ClinicProfile, Therapist
from intake.demo import DEMO_CASES, demo_answers
from intake.models import Runner
from intake.services import case_open

DEMO_DOMAIN = "demo.invalid"


class Command(BaseCommand):
    help = "Create the demo therapist (new password each run) and demo cases once."

    def handle(self, *args, **options):
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            ClinicProfile.load()
            user, _ = get_user_model().objects.get_or_create(
                username="therapist",
                defaults={
                    "email": f"therapist@{DEMO_DOMAIN}",
                    "first_name": "Alex",
                    "last_name": "Rivera",
                },
            )
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            # The admin asks for a TOTP code after the password. The demo login keeps one
            # device across runs, so an authenticator app set up once keeps working.
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="Demo device", confirmed=True)
            therapist, created = Therapist.objects.get_or_create(
                user=user, defaults={"display_name": "Alex Rivera, PT", "buffer_minutes": 10}
            )
            if created or not therapist.working_hours.exists():
                # Weekdays 8-12 and 13-18, Saturday mornings: the clinic's local time.
                for weekday in range(5):
                    therapist.working_hours.create(weekday=weekday, start=time(8), end=time(12))
                    therapist.working_hours.create(weekday=weekday, start=time(13), end=time(18))
                therapist.working_hours.create(weekday=5, start=time(9), end=time(12))
            if not Runner.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
                for first, last, overrides in DEMO_CASES:
                    contact = {
                        "first_name": first,
                        "last_name": last,
                        "email": f"{first.lower()}@{DEMO_DOMAIN}",
                        "phone": "919-555-0100",
                    }
                    case_open(contact=contact, answers=demo_answers(overrides))
        self.stdout.write(
            self.style.SUCCESS(
                "\nStaff login: http://127.0.0.1:8000/admin/  user: therapist  "
                f"password: {password}\n"
                "Then a 6-digit code: add this to an authenticator app once,\n"
                f"  {device.config_url}\n"
                "or print the current code with: .venv/bin/python manage.py staff_code therapist\n"
            )
        )
