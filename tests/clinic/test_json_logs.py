"""Production log lines: one JSON object each, an allow-list of fields, tokens blanked."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from clinic.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]

TOKEN = "Qm9va2luZ1Rva2VuLXRoYXQtaXMtNDMtY2hhcmFjdGVycw"


def line(name: str, message: str, *args, level=logging.INFO, exc_info=None, **extra) -> dict:
    record = logging.LogRecord(name, level, __file__, 1, message, args, exc_info)
    record.__dict__.update(extra)
    text = JsonFormatter().format(record)
    assert "\n" not in text
    return json.loads(text)


def test_a_line_has_time_level_logger_and_message():
    logged = line("clinic.outbox", "outbox: e-mail %s (%s) attempt %s failed", 7, "kind", 1)
    assert logged.keys() == {"time", "level", "logger", "message"}
    assert logged["time"].endswith("+00:00")
    assert logged["level"] == "INFO"
    assert logged["logger"] == "clinic.outbox"
    assert logged["message"] == "outbox: e-mail 7 (kind) attempt 1 failed"


def test_a_request_line_has_method_path_and_status_but_never_the_query_string():
    request = RequestFactory().get("/intake/step/3/?email=maya@example.com")
    logged = line(
        "django.request",
        "Not Found: %s",
        request.path,
        level=logging.WARNING,
        request=request,
        status_code=404,
    )
    assert logged["path"] == "/intake/step/3/"
    assert (logged["method"], logged["status"]) == ("GET", 404)
    assert "maya" not in json.dumps(logged)


def test_a_private_link_token_in_a_path_is_blanked():
    request = RequestFactory().get(f"/intake/resume/{TOKEN}/")
    logged = line("django.request", "Gone: %s", request.path, request=request, status_code=410)
    assert TOKEN not in json.dumps(logged)
    assert logged["path"] == "/intake/resume/<token>/"
    assert logged["message"] == "Gone: /intake/resume/<token>/"


def test_fields_a_library_attaches_are_left_out():
    # Celery attaches the task's arguments; nothing outside the allow-list is written.
    logged = line("celery.app.trace", "Task done", data={"args": ["maya@example.com"]})
    assert "maya" not in json.dumps(logged)
    assert "data" not in logged


def test_a_traceback_stays_in_its_one_line():
    try:
        raise ValueError("boom")
    except ValueError:
        logged = line("django.request", "Internal Server Error", exc_info=sys.exc_info())
    assert "\nbuiltins.ValueError: <message redacted>" in logged["exc_info"]
    assert "boom" not in logged["exc_info"]  # test_error_monitoring.py: messages can hold PHI


def test_a_gunicorn_access_line_has_method_path_status_and_duration():
    atoms = {"m": "GET", "U": f"/visit/{TOKEN}/", "s": "200", "D": 2500}
    logged = line("gunicorn.access", "%(m)s %(U)s %(s)s", atoms)
    assert logged["path"] == "/visit/<token>/"
    assert (logged["method"], logged["status"], logged["duration_ms"]) == ("GET", 200, 2.5)
    assert TOKEN not in logged["message"]


def production_settings(**env) -> dict:
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({'format': s.LOGGING['handlers']['console']['formatter'], "
        "'static': s.STORAGES['staticfiles']['BACKEND'], 'finders': getattr(s, "
        "'WHITENOISE_USE_FINDERS', False), 'conn_max_age': s.DATABASES['default']"
        "['CONN_MAX_AGE'], 'health_checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "'hijack': s.CELERY_WORKER_HIJACK_ROOT_LOGGER}))"
    )
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example"}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinic.settings", **production, **env}
    done = subprocess.run(  # noqa: S603 - our interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_production_settings_log_json_and_serve_hashed_compressed_static_files():
    production = production_settings()
    assert production == {
        "format": "json",
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "finders": False,
        "conn_max_age": 60,
        "health_checks": True,
        "hijack": False,
    }
    assert production_settings(LOG_FORMAT="plain")["format"] == "plain"
