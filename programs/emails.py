"""The plan e-mail: a greeting and the plan's private link. Never what the plan holds."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clinic.links import link_issue
from clinic.models import ClinicProfile, PrivateLink
from clinic.outbox import RenderedEmail, renderer_register
from programs.models import Plan

# A plan link keeps working this long after the plan's last session, for a look back.
AFTER_THE_END = timedelta(days=60)


def plan_link_lifetime(plan: Plan) -> timedelta:
    end = datetime.combine(plan.end_date, time.max, timezone.get_current_timezone())
    return max(end - timezone.now(), timedelta(days=1)) + AFTER_THE_END


def render_plan_issued(email) -> RenderedEmail | None:
    plan = Plan.objects.filter(pk=email.object_id).first()
    if plan is None:
        return None
    token = link_issue(
        purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=plan_link_lifetime(plan)
    )
    body = render_to_string(
        "emails/plan_issued.txt",
        {
            "clinic": ClinicProfile.load(),
            "url": settings.PORTAL_BASE_URL + reverse("programs:plan_open", args=[token]),
        },
    )
    return RenderedEmail(subject="Your exercise plan is ready", body=body)


def register() -> None:
    renderer_register("plan_issued", render_plan_issued)
