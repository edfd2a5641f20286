"""The portal's own settings, plus what only the bench needs.

`bench/run.py` sets the environment (DEBUG off, a bench database) before this is imported,
so everything the portal derives from it (template debug, secure cookies) is as in
production. Added here: a second database holding the small case list the admin is compared
with, a router that switches between the two, and a URLconf with the baseline views.
"""

from clinic.settings import *  # noqa: F403
from clinic.settings import BASE_DIR, DATABASES, RATE_LIMITS, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

# run.py decides the name of the small database (a second file, or a second PostgreSQL
# database); everything else is the default connection's.
DATABASES["small"] = {**DATABASES["default"], "NAME": "set-by-bench-run"}
DATABASE_ROUTERS = ["bench.db.SwitchRouter"]

# Both databases hold the same therapists, so cached availability is kept apart per database,
# as two clinics' portals would keep it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "bench.db.cache_key",
    }
}

# The bench sends hundreds of intakes and 50 racing bookings from one address: the limits
# are still checked on every request, at a height the bench never reaches.
RATE_LIMITS = {scope: (1_000_000, seconds) for scope, (_, seconds) in RATE_LIMITS.items()}
