import zoneinfo

from django.utils import timezone

from clinic.models import ClinicProfile


class ClinicTimezoneMiddleware:
    """Show every time in the clinic's timezone (stored in UTC), and load the clinic profile
    once per request for the templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.clinic = ClinicProfile.load()
        timezone.activate(zoneinfo.ZoneInfo(request.clinic.timezone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
