"""Visit times on runner pages, always with the clinic's zone named (intake/booking/words.py):
`{{ visit.start|visit_when_full:clinic.timezone }}`."""

from django import template
from django.utils.translation import gettext, gettext_noop

from intake.booking import words

register = template.Library()


@register.filter
def visit_when(start, zone: str) -> str:
    return words.zone_named(words.visit_when(start, zone), zone)


@register.filter
def visit_when_long(start, zone: str) -> str:
    return words.zone_named(words.visit_when_long(start, zone), zone)


@register.filter
def visit_when_full(start, zone: str) -> str:
    return words.zone_named(words.visit_when_full(start, zone), zone)


# The default visit type's name, in the catalogue so Spanish pages show it translated.
DEFAULT_VISIT_TYPE = gettext_noop("Discovery Visit")


@register.filter
def data_word(value: str) -> str:
    """A name the clinic types (a visit type) in the page's language when the catalogue has
    it ("Discovery Visit"), else as typed."""
    return gettext(value) if value else value


@register.filter
def clock(local) -> str:
    """A local time as the language writes it: "8:40 AM", "8:40 a. m."."""
    return words.clock(local)
