"""The error summary at the top of a form page, as the GOV.UK Design System has it: a box
that takes focus, naming each problem with a link to its field."""

from django import template

register = template.Library()


def _target(bound) -> str:
    """The id a link should jump to: the first choice of a radio or checkbox group."""
    if bound.field.widget.use_fieldset:
        return f"{bound.auto_id}_0"
    return bound.auto_id


def problem(label: str, error: str) -> str:
    """The question and what to do, punctuated once: "Does walking hurt now? Choose yes or
    no.", "I agree to the statement above: Tick the box ...", "E-mail: Enter ..."."""
    label = str(label).strip()
    if label.endswith(("?", "!")):
        return f"{label} {error}"
    return f"{label.rstrip('.:')}: {error}"


@register.inclusion_tag("forms/error_summary.html")
def error_summary(form):
    if not form.errors:
        return {"problems": []}
    problems = [("", str(error)) for error in form.non_field_errors()]
    for bound in form:
        for error in bound.errors:
            problems.append((_target(bound), problem(bound.label, error)))
    return {"problems": problems}
