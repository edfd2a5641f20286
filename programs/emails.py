"""The plan e-mail: a greeting and the plan's private link. Never what the plan holds."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.i18n import runner_language
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
    plan = Plan.objects.select_related("case__runner").filter(pk=email.object_id).first()
    if plan is None:
        return None
    token = link_issue(
        purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=plan_link_lifetime(plan)
    )
    with runner_language(plan.case.runner.language):
        body = render_to_string(
            "emails/plan_issued.txt",
            {
                "clinic": ClinicProfile.load(),
                "url": settings.PORTAL_BASE_URL + reverse("programs:plan_open", args=[token]),
            },
        )
        return RenderedEmail(subject=_("Your exercise plan is ready"), body=body)


CHECKIN_LINK_LIFETIME = timedelta(days=7)
CHECKIN_SUBJECTS = {
    "nudge_booking": gettext_lazy("Your free Discovery Visit is waiting"),
    "after_rest": gettext_lazy("A quick question about your hip"),
    "morning_after": gettext_lazy("How is it this morning?"),
    "weekly": gettext_lazy("Your weekly check-in"),
    "lefs": gettext_lazy("Your 4-week check-in"),
}


# Stands for the token while a body is rendered: URL-safe, so reverse() keeps it as it is, and
# never part of a token (secrets.token_urlsafe uses letters, digits, - and _ only).
LINK_SLOT = "LINK.SLOT"
STOP_SLOT = "STOP.SLOT"


def render_checkins(emails) -> list[RenderedEmail | None]:
    """A batch's check-in e-mails in three queries whatever their number (the check-ins, the
    clinic, the cases with a visit among the booking nudges'), one result per e-mail. None
    (the e-mail is cancelled) when the check-in is no longer needed: answered, cancelled, its
    plan paused or ended, or, for the booking nudge, a visit booked since."""
    from intake.models import Visit
    from programs.models import CheckIn

    checkins = CheckIn.objects.select_related("plan", "case__runner").in_bulk(
        [e.object_id for e in emails]
    )
    nudges = [c for c in checkins.values() if c.kind == CheckIn.Kind.NUDGE_BOOKING]
    booked = set()
    if nudges:
        visits = Visit.objects.filter(case_id__in={c.case_id for c in nudges})
        booked = set(visits.values_list("case_id", flat=True))
    clinic = ClinicProfile.load()
    template = get_template("emails/checkin.txt")
    # The body is the same for every runner but for the link: rendered once per batch (a
    # nudge's and the others'), with the link put in its place for each e-mail.
    link_url = settings.PORTAL_BASE_URL + reverse("programs:checkin_open", args=[LINK_SLOT])
    stop_url = settings.PORTAL_BASE_URL + reverse("programs:checkins_stop", args=[STOP_SLOT])
    bodies: dict[tuple[str, bool, bool, str], tuple[str, str]] = {}

    def body_of(language: str, nudge: bool, recurring: bool, kind: str) -> tuple[str, str]:
        # Rendered once per batch for each language and kind of body; the subject with it.
        key = (language, nudge, recurring, kind)
        if key not in bodies:
            with runner_language(language):
                context = {"nudge": nudge, "url": link_url, "stop_url": recurring and stop_url}
                bodies[key] = (
                    template.render({"clinic": clinic, **context}),
                    str(CHECKIN_SUBJECTS[kind]),
                )
        return bodies[key]

    results: list[RenderedEmail | None] = []
    for email in emails:
        checkin = checkins.get(email.object_id)
        if checkin is None or checkin.status != CheckIn.Status.SCHEDULED:
            results.append(None)
            continue
        plan = checkin.plan
        if plan is not None and (plan.status != Plan.Status.ACTIVE or plan.checkins_paused_at):
            results.append(None)
            continue
        if checkin.kind == CheckIn.Kind.NUDGE_BOOKING and checkin.case_id in booked:
            CheckIn.objects.filter(pk=checkin.pk).update(status=CheckIn.Status.CANCELLED)
            results.append(None)
            continue
        token = link_issue(
            purpose=PrivateLink.Purpose.CHECKIN, object_id=checkin.pk, ttl=CHECKIN_LINK_LIFETIME
        )
        nudge = checkin.kind == CheckIn.Kind.NUDGE_BOOKING
        body, subject = body_of(checkin.case.runner.language, nudge, plan is not None, checkin.kind)
        body = body.replace(LINK_SLOT, token)
        headers: tuple[tuple[str, str], ...] = ()
        if plan is not None:  # a plan's check-ins recur: say how to stop them (RFC 8058)
            stop = link_issue(
                purpose=PrivateLink.Purpose.CHECKINS_STOP,
                object_id=plan.pk,
                ttl=plan_link_lifetime(plan),
            )
            body = body.replace(STOP_SLOT, stop)
            headers = (
                ("List-Unsubscribe", f"<{stop_url.replace(STOP_SLOT, stop)}>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            )
        results.append(RenderedEmail(subject=subject, body=body, headers=headers))
    return results


def render_checkin(email) -> RenderedEmail | None:
    """One check-in e-mail (the outbox's fallback when a batch fails to render)."""
    return render_checkins([email])[0]


def render_staff_checkin_alert(email) -> RenderedEmail:
    url = settings.PORTAL_BASE_URL + reverse(
        "admin:programs_checkin_change", args=[email.object_id]
    )
    body = render_to_string(
        "emails/staff_checkin_alert.txt", {"clinic": ClinicProfile.load(), "url": url}
    )
    return RenderedEmail(subject="A check-in needs a look today", body=body)


def render_staff_checkins_paused(email) -> RenderedEmail:
    url = settings.PORTAL_BASE_URL + reverse("admin:programs_plan_change", args=[email.object_id])
    body = render_to_string(
        "emails/staff_checkins_paused.txt", {"clinic": ClinicProfile.load(), "url": url}
    )
    return RenderedEmail(subject="A runner stopped their check-in e-mails", body=body)


def register() -> None:
    renderer_register("plan_issued", render_plan_issued)
    renderer_register("checkin", render_checkin, many=render_checkins)
    renderer_register("staff_checkin_alert", render_staff_checkin_alert)
    renderer_register("staff_checkins_paused", render_staff_checkins_paused)
