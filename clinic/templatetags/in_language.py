"""`{{ clinic|in_language:"tagline" }}`: a row's text in the runner's language, English when
the clinic has not written it in Spanish (clinic/i18n.py)."""

from django import template

from clinic import i18n

register = template.Library()


@register.filter
def in_language(row, field: str) -> str:
    return i18n.in_language(row, field)
