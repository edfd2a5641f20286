from django import template

from programs.models import CheckIn, Decision

register = template.Library()


@register.inclusion_tag("admin/programs/checkin_summary.html")
def checkin_queue_summary():
    """Check-ins waiting for a look and decisions waiting for approval: two counts."""
    return {
        "to_review": CheckIn.objects.filter(needs_review=True, reviewed_at__isnull=True).count(),
        "pending": Decision.objects.filter(status=Decision.Status.PENDING).count(),
    }
