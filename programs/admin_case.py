"""The case page's "Plans" section: create a plan, and each plan's adherence and pain logs."""

from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from intake.admin import case_panel_register
from programs.models import Plan
from programs.selectors import plan_adherence, plan_pain_logs


def plans_panel(request, case) -> str:
    if not request.user.has_perm("programs.view_plan"):
        return ""
    today = timezone.now().astimezone(ZoneInfo(request.clinic.timezone)).date()
    plans = [
        {"plan": plan, "weeks": plan_adherence(plan, today), "pains": plan_pain_logs(plan)}
        for plan in Plan.objects.filter(case=case)
    ]
    return render_to_string("admin/programs/case_plans.html", {"case": case, "plans": plans})


def register() -> None:
    case_panel_register(plans_panel)
