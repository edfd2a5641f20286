"""One JSON object per log line, for production (web, worker and beat alike).

Only an allow-list of fields leaves a record: time, level, logger, message, the request's
method, path and status, a duration, and a traceback without its exception messages
(clinic/monitoring.py: they can quote what a runner typed). Whatever else a library attaches to a
record (Django's request object with its query string, Celery's task arguments) is dropped,
so nothing reaches the logs by accident. Private-link tokens in paths are blanked: a token
opens a runner's pages to whoever reads it.

An exception is logged as its class and its stack, never its message: a database error
quotes the values it refused (PostgreSQL's DataError quotes a draft's JSON: e-mail, age,
answers), and so may any other. Both formatters (JSON and plain) do this.
"""

import logging
import re
import traceback
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# A private link's token is 43 URL-safe characters; no other path segment is that long.
TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_-]{32,}(?=/|$|\s|\?)")
# Whatever follows a private-link prefix stands for a token, well formed or not (a real
# token mistyped, or anything a script sent), to the end of the text but a final slash: a
# decoded %2F, %3F, %0A or space in it makes no difference. Paths are logged without their
# query string, and Django's messages end with the path.
# A route pattern's own placeholder (`/plan/open/{token}/`, an error report's transaction)
# is left as it is.
LINK_SEGMENT = re.compile(
    r"(/(?:plan/open|plan/feed|checkin|visit|intake/resume|intake/invite)/)(?!\{token\}/?$).*[^/]",
    re.DOTALL,
)
REDACTED = "<token>"


def redact(text: str) -> str:
    return LINK_SEGMENT.sub(rf"\1{REDACTED}", TOKEN.sub(REDACTED, text))


def _chain(exc: BaseException | None):
    """The exception and those it was raised from or while handling, each once."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)


MESSAGE_REDACTED = "<message redacted>"  # the error reports' wording too


def _name(exc: BaseException) -> str:
    kind = type(exc)
    return f"{kind.__module__}.{kind.__qualname__}"


def exception_text(exc_info) -> str:
    """Each exception of the chain with its stack (file, line and function: no source lines,
    as in the error reports, clinic/monitoring.py) and its class; the message is withheld,
    tokens in paths blanked."""
    parts = [
        "Traceback (most recent call last):\n"
        + "".join(
            f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
            for frame in traceback.extract_tb(exc.__traceback__)
        )
        + f"{_name(exc)}: {MESSAGE_REDACTED}"
        for exc in _chain(exc_info[1])
    ]
    return redact("\n\nRaised while handling or from:\n".join(parts))


def scrub(message: str, exc_info) -> str:
    """A message that quotes its exception (Celery's "Task ... raised: <error>") names the
    exception's class instead."""
    if not exc_info or exc_info[1] is None:
        return message
    for exc in _chain(exc_info[1]):
        for text in {str(exc), repr(exc)}:
            if text and text in message:
                message = message.replace(text, f"<{_name(exc)}>")
    return message


class PlainFormatter(logging.Formatter):
    """The readable format for local runs, with the same care for exceptions."""

    def formatMessage(self, record):  # noqa: N802 - logging's name
        record.message = redact(scrub(record.message, record.exc_info))
        return super().formatMessage(record)

    def formatException(self, ei):  # noqa: N802
        return exception_text(ei)


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
        log_data["message"] = redact(scrub(record.message, record.exc_info))
        log_data.update(_request_fields(record))
        if "exc_info" in message_dict:
            log_data["exc_info"] = message_dict["exc_info"]

    def formatException(self, ei):  # noqa: N802 - logging's name
        return exception_text(ei)
