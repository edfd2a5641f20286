"""Error monitoring with sentry-sdk (Sentry or a self-hosted GlitchTip), when SENTRY_DSN is
set, and the traceback text of the JSON logs: both keep health data out in the same way.

What an event may carry: the exception's type, its stack of file/line/function names, the
route (a private-link token blanked), the staff user's id. What it never carries: request
bodies, cookies, headers, query strings, local variables, source lines, breadcrumbs (log lines
and SQL), task arguments, and exception messages, which can quote what a runner typed (an
IntegrityError names the e-mail address).
"""

from typing import Any

from clinic.logs import MESSAGE_REDACTED, redact

# Request fields an event keeps; everything else (data, cookies, headers, query_string, env)
# is dropped.
REQUEST_KEPT = {"method", "url"}


def _scrub_exception(values: list[dict]) -> None:
    for exception in values:
        exception["value"] = MESSAGE_REDACTED
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)


def scrub_event(event: Any, hint: Any = None) -> Any:
    """sentry-sdk's before_send: an allow-list, so a field added by a later SDK version or an
    integration stays out until someone looks at it."""
    request = event.get("request") or {}
    event["request"] = {key: request[key] for key in REQUEST_KEPT if key in request}
    if "url" in event["request"]:
        event["request"]["url"] = redact(event["request"]["url"].split("?", 1)[0])
    user_id = (event.get("user") or {}).get("id")
    event["user"] = {"id": user_id} if user_id is not None else {}
    if "transaction" in event:
        event["transaction"] = redact(str(event["transaction"]))
    _scrub_exception((event.get("exception") or {}).get("values", []))
    for field in ("extra", "breadcrumbs", "logentry", "message"):
        event.pop(field, None)
    event.get("contexts", {}).pop("celery", None)
    return event


def sentry_init(*, dsn: str, environment: str, release: str = "") -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        # File, line and function name are enough to find the code in the repository.
        include_source_context=False,
        max_breadcrumbs=0,
        traces_sample_rate=0,
        # Only exceptions the Django and Celery integrations catch become events: a log line
        # is neither an event nor a breadcrumb (its text could quote a runner).
        integrations=[
            DjangoIntegration(transaction_style="url"),
            CeleryIntegration(),
            LoggingIntegration(level=None, event_level=None),
        ],
        before_send=scrub_event,
    )
