"""Visit times on runner pages, always with the clinic's zone named (intake/booking/words.py):
`{{ visit.start|visit_when_full:clinic.timezone }}`."""

from django import template

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
