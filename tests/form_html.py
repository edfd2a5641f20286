"""A portal form drawn as its page draws it: the error summary, then `{% crispy form %}`."""

from types import SimpleNamespace

from django.template import engines

PAGE = engines["django"].from_string(
    "{% load portal_forms crispy_forms_tags %}{% error_summary form %}{% crispy form %}"
)
CLINIC = SimpleNamespace(consent_text="We keep your answers to advise you.")


def render_form(form) -> str:
    return PAGE.render({"form": form, "clinic": CLINIC})
