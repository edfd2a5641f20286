"""An intake step's questions as the page shows them (StepForm.blocks): each section under
its title with its "None of these" box, follow-ups in their wrapper. Joined here rather than
in a template loop: the step pages' time is the fields' own rendering, not the layout's
(bench intake_step_get)."""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _field(bound, follow_up: bool) -> SafeString:
    html = bound.as_field_group()
    return format_html('<div class="follow-up">{}</div>', html) if follow_up else html


@register.simple_tag(takes_context=True)
def step_fields(context, form) -> SafeString:
    parts = []
    for block in form.blocks():
        fields = []
        for bound, follow_up in block["fields"]:
            if bound.name == "consent":
                text = linebreaks_filter(context["clinic"].consent_text)
                fields.append(
                    format_html(
                        '<div class="consent-text card card-body mb-2" id="consent-text">{}</div>',
                        text,
                    )
                )
            fields.append(_field(bound, follow_up))
        if block["none"] is not None:
            fields.append(
                format_html('<div class="none-of-these">{}</div>', block["none"].as_field_group())
            )
        inner = mark_safe("".join(fields))  # noqa: S308 - every part is escaped above
        section = block["section"]
        if section is None:
            parts.append(inner)
        else:
            parts.append(
                format_html(
                    '<section class="signs-section" aria-labelledby="section-{0}">'
                    '<h2 class="section-title" id="section-{0}">{1}</h2>{2}</section>',
                    section.key,
                    section.title,
                    inner,
                )
            )
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
