"""One JSON object per log line, for production (web, worker and beat alike).

Only an allow-list of fields leaves a record: time, level, logger, message, the request's
method, path and status, a duration, and a traceback without its exception messages
(clinic/monitoring.py: they can quote what a runner typed). Whatever else a library attaches to a
record (Django's request object with its query string, Celery's task arguments) is dropped,
so nothing reaches the logs by accident. Private-link tokens in paths are blanked: a token
opens a runner's pages to whoever reads it.
"""

import re
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# A private link's token is 43 URL-safe characters; no other path segment is that long.
TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_-]{32,}(?=/|$|\s|\?)")
REDACTED = "<token>"


def redact(text: str) -> str:
    return TOKEN.sub(REDACTED, text)


def _request_fields(record) -> dict:
    """Method, path (never the query string) and status, where the logger gives them."""
    request = getattr(record, "request", None)
    fields = {}
    if request is not None and hasattr(request, "path"):
        fields = {"method": request.method, "path": redact(request.path)}
    status = getattr(record, "status_code", None)
    if status is not None:
        fields["status"] = status
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        atoms = record.args  # gunicorn's access-log atoms: m method, U path, s status, D µs
        fields = {
            "method": atoms.get("m"),
            "path": redact(str(atoms.get("U", ""))),
            "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
            "duration_ms": round(int(atoms.get("D", 0)) / 1000, 1),
        }
    return fields


class JsonFormatter(_JsonFormatter):
    def add_fields(self, log_data: dict, record, message_dict: dict) -> None:
        log_data["time"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["message"] = redact(record.message)
        log_data.update(_request_fields(record))
        if record.exc_info and record.exc_info[1] is not None:
            from clinic.monitoring import traceback_redacted

            log_data["exc_info"] = traceback_redacted(record.exc_info)
