"""The case page's sections from programs: plans with adherence and pain logs, and the timeline."""

from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone

from intake.admin import case_panel_register
from intake.display import LEFS_SPANISH_NOTE
from programs.chart import trend_chart
from programs.models import CheckIn, Plan
from programs.selectors import case_timeline, plans_adherence, plans_pain_logs


def plans_panel(request, case) -> str:
    if not request.user.has_perm("programs.view_plan"):
        return ""
    today = timezone.now().astimezone(ZoneInfo(request.clinic.timezone)).date()
    plans = list(Plan.objects.filter(case=case))
    weeks, pains = plans_adherence(plans, today), plans_pain_logs(plans)
    rows = [{"plan": plan, "weeks": weeks[plan.pk], "pains": pains[plan.pk]} for plan in plans]
    return render_to_string("admin/programs/case_plans.html", {"case": case, "plans": rows})


def timeline_panel(request, case) -> str:
    if not request.user.has_perm("intake.view_clinical"):
        return ""  # check-in answers, decisions and the pain chart are clinical
    events, series, marks, lefs_languages = case_timeline(case)
    chart = trend_chart(series, "Pain and LEFS over time", marks)
    to_review = []
    if request.user.has_perm("programs.change_checkin"):
        to_review = list(
            CheckIn.objects.filter(
                case=case, needs_review=True, reviewed_at__isnull=True
            ).values_list("pk", flat=True)
        )
    return render_to_string(
        "admin/programs/case_timeline.html",
        {
            "events": events,
            "chart": chart,
            "to_review": to_review,
            "lefs_note": LEFS_SPANISH_NOTE if "es" in lefs_languages else "",
        },
    )


def register() -> None:
    case_panel_register(plans_panel)
    case_panel_register(timeline_panel)
