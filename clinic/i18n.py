"""The runner's language: English or Spanish, chosen with the switch on every runner page.

The choice is kept in the session (and a cookie, which outlives a session flushed for another
runner's link), stored on the runner so e-mails and private links later open in it, and read
by the clinic's middleware layer (LocaleMiddleware's work in the same layer: every layer
deepens the stack the form pages render in). Staff pages stay English.
"""

from contextlib import contextmanager

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SESSION_KEY = "language"
ENGLISH = "en"
CODES = {code for code, _ in settings.LANGUAGES}


def supported(code: str | None) -> str:
    """A language the portal speaks: the code itself, its base ("es-mx" -> "es"), or English."""
    code = (code or "").lower()
    if code in CODES:
        return code
    base = code.split("-")[0]
    return base if base in CODES else ENGLISH


def current() -> str:
    """The language active now, as stored on a runner."""
    return supported(translation.get_language())


@contextmanager
def runner_language(code: str | None):
    """Render a runner's e-mail in their language (the worker has no request)."""
    with translation.override(supported(code)):
        yield


def in_language(row, field: str) -> str:
    """`field` of `row` in the active language: its Spanish column (`field_es`) when the
    runner reads Spanish and the clinic has written it, else the English. A blank Spanish
    text falls back, so a runner never gets an empty text. Templates: `row|in_language:"f"`
    (clinic/templatetags/in_language.py)."""
    if current() != ENGLISH:
        spanish = getattr(row, f"{field}_{current()}", "")
        if spanish.strip():
            return spanish
    return getattr(row, field)


def as_told(english: str, shown: str, language: str) -> str:
    """A text the runner was told, for the page being rendered: the words they were shown when
    the page speaks the language they were shown in, else the English (staff pages, rows from
    before the shown words were kept, a runner who has changed language since)."""
    return shown if shown and supported(language) == current() else english


def _admin_prefix() -> str:
    return reverse("admin:index")


def language_activate(request) -> str:
    """The request's language: English on staff pages, else the runner's choice (session,
    then cookie), else what the browser asks for (Accept-Language)."""
    if request.path_info.startswith(_admin_prefix()):
        code = ENGLISH
    else:
        chosen = request.session.get(SESSION_KEY) or request.COOKIES.get(
            settings.LANGUAGE_COOKIE_NAME
        )
        code = supported(chosen) if chosen else translation.get_language_from_request(request)
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return code


def language_response(request, response):
    """As LocaleMiddleware: caches keep each language apart, the page says its language."""
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
    return response


def language_keep(request, code: str) -> None:
    """From now on this session's pages are in `code`, this request's rest too."""
    code = supported(code)
    request.session[SESSION_KEY] = code
    translation.activate(code)
    request.LANGUAGE_CODE = code


def language_remember(request, response, code: str):
    """Keep the choice in the session and the cookie."""
    language_keep(request, code)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


# What `manage.py catalogue` leaves out of the runner's catalogue: staff pages (English only)
# and what is not the portal's own source.
CATALOGUE_IGNORE = [
    ".venv/*",
    "var/*",
    "bench/*",
    "tests/*",
    "deploy/*",
    "docker/*",
    "templates/admin/*",
    "templates/simple_history/*",
]
