"""Settings for the runner intake portal.

Defaults give a working local portal with no services (SQLite and a filesystem broker under
var/, e-mail written to var/mail/). Environment variables switch to production; see
.env.example for the full list.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
from celery.schedules import crontab
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

from clinic.env import (
    env_bool,
    env_choice,
    env_int,
    env_json_object,
    env_list,
    env_origin,
    env_rate_limits,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105
elif not DEBUG and SECRET_KEY.startswith(("change-me", "insecure-")):
    # .env.example's placeholder copied as it is: every session and reset link is forgeable.
    raise ImproperlyConfigured("SECRET_KEY is still the placeholder from .env.example")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Absolute base for links in e-mails (resume links, admin links for staff alerts).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin site requires a verified TOTP device (clinic/admin_site.py).
    "clinic.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # sitemap.xml of the public pages (content/sitemaps.py)
    "django.forms",  # the portal's form templates extend Django's own (clinic/forms.py)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # one-time backup codes (clinic/staff_auth.py)
    "axes",
    "simple_history",
    "crispy_forms",
    "clinic",
    "intake",
    "programs",
    "content",  # the public guide; nothing imports it but these settings and the URLs
]

MIDDLEWARE = [
    # First: a health probe needs no host check, session, CSRF or clinic profile.
    "clinic.health.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # django-otp's OTPMiddleware and the staff session limits, in one layer.
    "clinic.middleware.StaffMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "clinic.middleware.ClinicTimezoneMiddleware",
    "clinic.middleware.RunnerErrorPagesMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic_profile",
            ],
        },
    },
]

# Form layouts: crispy FormHelpers drawn by the portal's own pack, templates/portal/ (one flat
# template per field kind; clinic/layout.py). No other pack is installed or allowed.
CRISPY_TEMPLATE_PACK = "portal"
CRISPY_ALLOWED_TEMPLATE_PACKS = ("portal",)

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        # Production keeps each thread's connection for a minute instead of opening one per
        # request; the health check before reuse drops a connection the server has closed.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the worker, beat and web share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file too, as the portal does: concurrent requests (live-server tests)
    # need SQLite's file locking and busy timeout, which an in-memory database lacks.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_portal.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process keeps its own cache. What is cached (the booking page's availability) is keyed
# on a version stored in the database, so processes never serve each other's stale entries.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The runner side in English and Spanish (clinic/i18n.py); staff pages stay English. The
# catalogue is locale/es/LC_MESSAGES/django.po (README, "Languages").
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "UTC"  # stored and computed in UTC; shown in the clinic's timezone
FORMAT_MODULE_PATH = ["clinic.formats"]  # English date-times with their timezone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# Local runs and tests serve straight from static/, with no collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {**global_settings.STORAGES}
if not DEBUG:
    # Production serves what collectstatic gathered (at Docker build, in `make serve`):
    # names carry a content hash so browsers may cache them for good, with gzip (and brotli
    # where installed) copies made once, not per request.
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# A runner's session holds what a private link opened (a plan, a check-in, a visit, a
# draft). Twelve hours is a day's use: the plan opened in the morning is still open to log
# the evening's session, yet a shared or lost phone opens nothing the next day without the
# e-mailed link, which opens it again in one tap (Django's default was 14 days). An intake
# left overnight goes on from its resume link. Staff sessions set their own, shorter
# expiry (clinic.middleware.StaffMiddleware).
SESSION_COOKIE_AGE = env_int("RUNNER_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
CSRF_FAILURE_VIEW = "clinic.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Site-wide same-origin: form pages need it (with no-referrer Chromium posts `Origin: null`
# and CSRF refuses it). Pages reached from a private link override it to no-referrer.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production is HTTPS behind a proxy that terminates TLS: the proxy says so in
# X-Forwarded-Proto, and HTTP is redirected. Local runs (DEBUG) stay on plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The header says the site may be preloaded; nothing is submitted to browsers' list unless
# the clinic does so. Turn off for a domain whose subdomains cannot all do HTTPS.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
MEDIA_HOST = env_origin("MEDIA_HOST")
# Exercise images and videos (programs/media.py): public clinic content, never runner data.
# Files under var/media/ by default, served by the portal itself (clinic/media.py, with the
# byte ranges Safari needs to play a video); in production any django-storages backend, e.g.
# MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage with MEDIA_STORAGE_OPTIONS as JSON and
# MEDIA_HOST set to the bucket's https origin so the CSP lets the plan show its files.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES["default"] = {
    "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    "OPTIONS": env_json_object("MEDIA_STORAGE_OPTIONS", {}),
}
# Uploads the exercise library accepts: a photo is resized on upload, so its limit only bounds
# the work; a video is stored as sent, and every runner's phone downloads it.
EXERCISE_IMAGE_MAX_MB = env_int("EXERCISE_IMAGE_MAX_MB", 15, minimum=1)
EXERCISE_VIDEO_MAX_MB = env_int("EXERCISE_VIDEO_MAX_MB", 50, minimum=1)
# No inline script, no inline style, nothing from elsewhere; nobody may frame a page.
# The QR code on the staff enrolment page is inline SVG markup: no image source needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Exercise images come from the portal or the one media host the clinic configures
        # (MEDIA_HOST, e.g. its storage bucket's https origin), never from any https site.
        "img-src": ["'self'", *filter(None, [MEDIA_HOST])],
        "media-src": ["'self'", *filter(None, [MEDIA_HOST])],
        # The plan's service worker (/plan/sw.js) and the web app manifest: default-src
        # 'none' would refuse both.
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "font-src": ["'self'"],
        # The plan's service worker fetches exercise media to keep them offline.
        "connect-src": ["'self'", *filter(None, [MEDIA_HOST])],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# Where a request comes from (audit, rate limits, lockout): REMOTE_ADDR, unless this many
# proxies we run sit in front and append to X-Forwarded-For (clinic/net.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- staff accounts: TOTP, lockout, sessions ------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username or address before any check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Runner intake portal")
# Five wrong passwords for one username, or from one address, lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A correct password is only half a login: resetting on it let 4 wrong codes per round go on
# for ever, and wiped the address's count of wrong passwords for every other username.
# Counts lapse with the cool-off; a full login (password and code) clears only that user's
# own attempts from that address (clinic/staff_auth.py).
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "clinic.staff_auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "clinic.net.client_ip"
AXES_VERBOSE = False  # the audit and Axes' own tables keep attempts; no log line per try
# Staff sessions end after 30 idle minutes and at most 12 hours after login
# (clinic.middleware.StaffMiddleware).
STAFF_IDLE_TIMEOUT = timedelta(minutes=env_int("STAFF_IDLE_MINUTES", 30, minimum=1))
STAFF_SESSION_MAX_AGE = timedelta(hours=env_int("STAFF_SESSION_MAX_HOURS", 12, minimum=1))

# Public endpoints' limits, counted in the database so they hold across every web process:
# scope -> (attempts, per seconds). See clinic/ratelimit.py. RATE_LIMITS in the environment
# overrides some, e.g. RATE_LIMITS=booking-ip=60/3600,link-miss-ip=10/600.
RATE_LIMITS = env_rate_limits(
    "RATE_LIMITS",
    {
        "intake-submit-ip": (20, 3600),
        "intake-submit-email": (5, 3600),
        "intake-start-ip": (30, 3600),
        "booking-ip": (20, 3600),
        "booking-email": (10, 3600),
        "link-miss-ip": (20, 600),
        # "Lost your link?": each request may e-mail a runner, as a booking does.
        "lost-link-ip": (10, 3600),
        "lost-link-email": (3, 3600),
    },
)

# A form with 20 LEFS items and a few free-text fields stays far below this; a 100 kB
# paste into one field is refused field by field with a clear message, not here.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024


# E-mail: EMAIL_URL=smtp://user:pass@host:port (smtp+tls:// for STARTTLS); unset writes
# each message to var/mail/ so a local portal needs no mail server.
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    _mail = urlparse(EMAIL_URL)
    if _mail.scheme not in {"smtp", "smtp+tls", "smtp+ssl"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtp+tls:// or smtp+ssl://")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls"
    EMAIL_USE_SSL = _mail.scheme == "smtp+ssl"
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@endurance-unleashed.example")

# Celery: Redis in production, a broker in files under var/ when unset.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    # The embedded broker is a pair of folders; make them so a fresh clone just runs.
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Worker and beat log through LOGGING below like the web (clinic/celery.py), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The outbox tick's interval: one minute in production; the reliability tests shorten it.
OUTBOX_TICK_SECONDS = env_int("OUTBOX_TICK_SECONDS", 60, minimum=1)
# A tick (or a dispatcher it starts) not picked up before the next tick is dropped: the next
# one does the same work.
OUTBOX_TICK_EXPIRES = max(OUTBOX_TICK_SECONDS - 5, OUTBOX_TICK_SECONDS * 0.9)
# The schedule is static and reviewed here; when each message is due lives in outbox rows.
CELERY_BEAT_SCHEDULE = {
    "outbox-dispatch-every-minute": {
        "task": "clinic.tasks.outbox_dispatch",
        "schedule": float(OUTBOX_TICK_SECONDS),
        "options": {"expires": OUTBOX_TICK_EXPIRES},
    },
    "programs-checkins-every-minute": {
        "task": "programs.tasks.checkins_tick",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "intake-drafts-housekeeping-nightly": {
        "task": "intake.tasks.drafts_purge_abandoned",
        "schedule": crontab(hour=3, minute=17),
    },
    "rate-limit-counters-housekeeping-nightly": {
        "task": "clinic.tasks.ratelimit_counters_purge",
        "schedule": crontab(hour=3, minute=27),
    },
    "retention-nightly": {
        "task": "clinic.tasks.retention_purge",
        "schedule": crontab(hour=3, minute=37),
    },
}

# --- encrypted backups (clinic/backups.py) -------------------------------------------------
# Nightly from beat: pg_dump straight into age for these public keys (comma-separated
# age1...; the private key stays with the clinic, never on the server), saved to the
# `backups` storage (BACKUP_DIR, or a django-storages backend named by
# BACKUP_STORAGE_BACKEND with BACKUP_STORAGE_OPTIONS as JSON), pruned after BACKUP_KEEP_DAYS.
# With no key set the job logs a warning and backs nothing up in plaintext.
BACKUP_AGE_RECIPIENTS = env_list("BACKUP_AGE_RECIPIENTS", [])
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 30, minimum=1)
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
STORAGES["backups"] = {
    "BACKEND": env_str("BACKUP_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    "OPTIONS": env_json_object(
        "BACKUP_STORAGE_OPTIONS",
        {
            "location": str(BACKUP_DIR),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    ),
}
# The Outcomes dashboard's summary table (programs/outcomes.py), counted again each night.
CELERY_BEAT_SCHEDULE["outcomes-refresh-nightly"] = {
    "task": "programs.tasks.outcomes_refresh",
    "schedule": crontab(hour=3, minute=47),
}
CELERY_BEAT_SCHEDULE["backup-encrypted-nightly"] = {
    "task": "clinic.tasks.backup_nightly",
    "schedule": crontab(hour=env_int("BACKUP_HOUR_UTC", 2, minimum=0), minute=41),
}

# Retention (clinic/retention.py, README "Retention"): sent e-mails are deleted this many days
# after sending (pending and failed ones stay); private links this many days after they
# expired or were revoked. Sessions go when expired, failed staff logins after the cool-off.
# The audit trail is never purged.
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 90, minimum=1)
PRIVATE_LINK_RETENTION_DAYS = env_int("PRIVATE_LINK_RETENTION_DAYS", 30, minimum=1)

# Outbox delivery: attempts before a message is marked failed, and the first retry delay
# (doubled per attempt).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6, minimum=1)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60, minimum=1)
# A claimed batch still unsent after this long belongs to a worker that died mid-send and is
# claimed again; far longer than a batch of 500 takes to send.
OUTBOX_STALE_CLAIM_SECONDS = env_int("OUTBOX_STALE_CLAIM_SECONDS", 600, minimum=1)
# When more than a batch is due, the tick starts up to this many dispatchers in all (itself
# included), each claiming its own batches: the worker processes that can send at once
# (`--concurrency=2` in make serve and compose). One task per dispatcher, never per e-mail.
OUTBOX_DISPATCHERS = env_int("OUTBOX_DISPATCHERS", 2, minimum=1)

# /healthz: the one-minute dispatch tick must have run within this many seconds (beat sent it
# and a worker ran it); three missed ticks by default.
HEALTHZ_TICK_MAX_AGE = env_int("HEALTHZ_TICK_MAX_AGE", 180, minimum=60)

# --- failures someone sees (clinic/delivery.py) ---------------------------------------------
# An e-mail still unsent this long after it was due is overdue: the admin shows a banner on
# every page, the case queue marks a case whose staff alert is stuck, /healthz answers 503.
OUTBOX_OVERDUE_MINUTES = env_int("OUTBOX_OVERDUE_MINUTES", 15, minimum=1)

# --- error monitoring (clinic/monitoring.py) -----------------------------------------------
# Sentry or a self-hosted GlitchTip: exceptions of the web and the worker, with no request
# bodies, query strings, local variables or exception messages, and the user's id only.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from clinic.monitoring import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE", ""),
    )

# Production logs one JSON object per line (clinic/logs.py: an allow-list of fields, private
# link tokens blanked); local runs stay readable.
LOG_FORMAT = env_choice("LOG_FORMAT", "plain" if DEBUG else "json", ("plain", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "clinic.logs.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "clinic.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Request bodies never reach these loggers; keep Django's request logger at WARNING so
    # 4xx lines carry the path only.
    "loggers": {
        "django.request": {"level": "WARNING"},
        # django-axes logs each login attempt at INFO; its own tables keep them.
        "axes": {"level": "WARNING"},
    },
}
