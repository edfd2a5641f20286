import pytest
from django.conf import settings as django_settings
from django.test import override_settings


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL-only features (exclusion constraints) run where the database is
    PostgreSQL: CI's first pass. On SQLite they are deselected, and the count is shown."""
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """One MD5 round per password instead of PBKDF2's million: staff users are made and log
    in in hundreds of tests, at most of a second each on two busy cores. What the tests check
    of passwords (right or wrong, the two login steps, the validators) does not depend on the
    hasher; the processes the deployment tests start keep the portal's own."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client (a client of its own, apart from `client`), with the
    TOTP step done: a real device, and the session verified as django_otp.login() leaves it."""
    from django.test import Client

    from tests.staff import verified

    return verified(Client(), admin_user)


@pytest.fixture
def role_client(db):
    """role_client("Front desk") -> a new test client logged in (verified) as a new staff
    member of that role."""
    from django.test import Client

    from tests.staff import staff_user, verified

    made = []

    def make(role: str, username: str | None = None):
        user = staff_user(username or role.lower().replace(" ", "_") + str(len(made)), role)
        made.append(user)
        return verified(Client(), user)

    return make
