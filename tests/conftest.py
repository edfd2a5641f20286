import pytest
from django.conf import settings as django_settings


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL-only features (exclusion constraints) run where the database is
    PostgreSQL: CI's first pass. On SQLite they are deselected, and the count is shown."""
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(autouse=True)
def _emails_in_memory_with_test_links(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached availability is keyed on the calendar
    version, and a rolled-back test database can meet the same version and ids again."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
