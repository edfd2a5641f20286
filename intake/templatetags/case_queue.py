from django import template

from intake.selectors import new_cases_by_level

register = template.Library()


@register.inclusion_tag("admin/intake/queue_summary.html")
def case_queue_summary():
    return {"levels": new_cases_by_level()}
