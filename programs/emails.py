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


CHECKIN_LINK_LIFETIME = timedelta(days=7)
CHECKIN_SUBJECTS = {
    "nudge_booking": "Your free Discovery Visit is waiting",
    "after_rest": "A quick question about your hip",
    "morning_after": "How is it this morning?",
    "weekly": "Your weekly check-in",
    "lefs": "Your 4-week check-in",
}


def render_checkin(email) -> RenderedEmail | None:
    """None (the e-mail is cancelled) when the check-in is no longer needed: answered,
    cancelled, its plan paused or ended, or, for the booking nudge, a visit booked since."""
    from programs.models import CheckIn

    checkin = CheckIn.objects.select_related("plan").filter(pk=email.object_id).first()
    if checkin is None or checkin.status != CheckIn.Status.SCHEDULED:
        return None
    if checkin.plan is not None and checkin.plan.status != Plan.Status.ACTIVE:
        return None
    if checkin.kind == CheckIn.Kind.NUDGE_BOOKING and checkin.case.visits.exists():
        CheckIn.objects.filter(pk=checkin.pk).update(status=CheckIn.Status.CANCELLED)
        return None
    token = link_issue(
        purpose=PrivateLink.Purpose.CHECKIN, object_id=checkin.pk, ttl=CHECKIN_LINK_LIFETIME
    )
    body = render_to_string(
        "emails/checkin.txt",
        {
            "clinic": ClinicProfile.load(),
            "nudge": checkin.kind == CheckIn.Kind.NUDGE_BOOKING,
            "url": settings.PORTAL_BASE_URL + reverse("programs:checkin_open", args=[token]),
        },
    )
    return RenderedEmail(subject=CHECKIN_SUBJECTS[checkin.kind], body=body)


def render_staff_checkin_alert(email) -> RenderedEmail:
    url = settings.PORTAL_BASE_URL + reverse(
        "admin:programs_checkin_change", args=[email.object_id]
    )
    body = render_to_string(
        "emails/staff_checkin_alert.txt", {"clinic": ClinicProfile.load(), "url": url}
    )
    return RenderedEmail(subject="A check-in needs a look today", body=body)


def register() -> None:
    renderer_register("plan_issued", render_plan_issued)
    renderer_register("checkin", render_checkin)
    renderer_register("staff_checkin_alert", render_staff_checkin_alert)
