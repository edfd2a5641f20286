"""The current TOTP code of a staff member's device, for local demos without a phone.

Refused unless DEBUG is on: in production only the staff member's own app knows the code.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


class Command(BaseCommand):
    help = "Print the current 6-digit code of a user's authenticator device (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("staff_code works only with DEBUG on (local demos).")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        # The confirmed device, or the one being enrolled on the QR page right now.
        device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk").first()
        if device is None:
            raise CommandError(f"{username} has no device yet: log in once to see the QR page.")
        self.stdout.write(current_code(device))
