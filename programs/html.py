"""The plan page's two most repeated pieces of markup, written in Python.

A day of a plan can hold a dozen exercises and three log forms; as template loops these were
most of the page's rendering time (each `{{ }}` costs a lookup, escaping and localisation).
Built here with format_html, every value is still escaped."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

PAIN_SCALE = range(11)


def pain_scale(key: str, kept: str) -> SafeString:
    """The 0-10 pain radios of one session's log form, `kept` checked (a refused log)."""
    return format_html_join(
        "",
        '<input type="radio" class="btn-check" name="pain" id="p{0}-{1}" value="{1}"{2}>'
        '<label class="btn btn-outline-secondary" for="p{0}-{1}">{1}</label>',
        ((key, n, mark_safe(" checked") if str(n) == kept else "") for n in PAIN_SCALE),  # noqa: S308 - a constant
    )


def exercise_details(steps: list[str], cues: list[str], mistakes: list[str]) -> SafeString:
    """How to do an exercise: its steps in order, then cues and mistakes when it has them."""
    parts = [format_html('<ol class="exercise-steps">{}</ol>', _items(steps))]
    if cues:
        parts.append(
            format_html(
                '<p class="mb-1"><strong>{}</strong></p><ul>{}</ul>', gettext("Cues"), _items(cues)
            )
        )
    if mistakes:
        parts.append(
            format_html(
                '<p class="mb-1"><strong>{}</strong></p><ul>{}</ul>',
                gettext("Avoid"),
                _items(mistakes),
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - each part is built by format_html


def _items(lines: list[str]) -> SafeString:
    return format_html_join("", "<li>{}</li>", ((line,) for line in lines))
