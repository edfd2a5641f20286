import pytest


@pytest.fixture(autouse=True)
def _fresh_clinic_profile_and_media(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "http://testserver"
