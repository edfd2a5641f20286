"""The Outcomes dashboard in the admin (Programs > Outcomes): for the Therapist and Clinic
admin roles (the `programs.view_outcomes` permission), never the front desk. Aggregates
only: no runner's name or answer is on the page or in its CSV."""

import csv
from datetime import timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from clinic.audit import audit_record
from clinic.layout import InlineQuestion, staff_helper
from clinic.models import Therapist
from programs import outcome_charts
from programs.models import OutcomeFact
from programs.outcomes import DEFINITIONS, Figures, outcomes_figures, outcomes_refresh

DEFAULT_WEEKS = 12
PERMISSION = "programs.view_outcomes"


class OutcomesFilter(forms.Form):
    since = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    therapist = forms.ModelChoiceField(
        queryset=Therapist.objects.all(), required=False, empty_label="All therapists"
    )
    helper = staff_helper("since", "until", "therapist", question=InlineQuestion)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The From date is after the To date: swap them.")
        return data


def _percent(share) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def _number(value, unit: str = "") -> str:
    if value is None:
        return "-"
    shown = f"{value:.1f}".removesuffix(".0")
    return f"{shown} {unit}".strip()


def _duration(minutes) -> str:
    if minutes is None:
        return "-"
    hours, rest = divmod(round(minutes), 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"


def figure_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """(section, figure, value, definition): the page's summary list and the CSV alike."""
    d = DEFINITIONS
    rows = []
    for step in figures.funnel:
        count = "-" if step.count is None else str(step.count)
        rows.append(("Funnel", step.label, count, d["funnel"]))
        rows.append(("Funnel", f"{step.label}: conversion", _percent(step.conversion), ""))
    for week, counts in figures.weeks:
        for level, label in figures.levels:
            rows.append(("Triage mix", f"Week of {week:%Y-%m-%d}: {label}", str(counts[level]), ""))
    rows += [
        ("Triage mix", "Urgent intake to contacted: median", _duration(figures.contact_minutes),
         d["contact"]),
        ("Triage mix", "Urgent intakes contacted", str(figures.contact_n), ""),
        ("Visits", "Intake to first visit: median", _number(figures.visit_days, "days"),
         d["visit_days"]),
        ("Visits", "Intakes with a visit", str(figures.visit_n), ""),
        ("Visits", "No-show rate", _percent(figures.no_show_rate), d["no_show"]),
        ("Visits", "Visits attended or no-show", str(figures.visits_n), ""),
        ("Check-ins", "Response rate", _percent(figures.response_rate), d["checkin"]),
        ("Check-ins", "Check-ins answered or missed", str(figures.checkins_n), ""),
    ]  # fmt: skip
    for label, decided, share in figures.decisions:
        rows.append(("Decisions", label, f"{decided} ({_percent(share)})", d["decisions"]))
    rows += [
        ("Outcomes", "LEFS change, intake to latest check-in: median",
         _number(figures.lefs_change, "points"), d["lefs"]),
        ("Outcomes", "Runners with at least the 9-point MCID", _percent(figures.lefs_mcid_share),
         ""),
        ("Outcomes", "Runners with a LEFS change", str(figures.lefs_n), ""),
        ("Outcomes", "Weeks to return to running: median", _number(figures.return_weeks, "weeks"),
         d["return_weeks"]),
        ("Outcomes", "Runners back to running", str(figures.return_n), ""),
    ]  # fmt: skip
    for plan_week, mean, logs in figures.pain:
        shown = f"{mean:.1f}/10 ({logs} logs)"
        rows.append(("Pain", f"Plan week {plan_week}: mean pain", shown, ""))
    return rows


def _counted(n: int, what: str) -> str:
    """_counted(3, "visit{s}") -> "3 visits." """
    return f"{n} {what.format(s='' if n == 1 else 's')}."


def _card(figure: str, value: str, definition: str, base: str) -> dict:
    return {"figure": figure, "value": value, "definition": definition, "base": base}


def _cards(figures: Figures) -> dict:
    """The page's single figures, each with its definition and what it was counted from."""
    d = figures
    return {
        "urgent_contact": _duration(d.contact_minutes),
        "summary": [
            _card("Intake to first visit (median)", _number(d.visit_days, "days"),
                  DEFINITIONS["visit_days"], _counted(d.visit_n, "intake{s} with a visit")),
            _card("No-show rate", _percent(d.no_show_rate), DEFINITIONS["no_show"],
                  _counted(d.visits_n, "visit{s}")),
            _card("Check-in response rate", _percent(d.response_rate), DEFINITIONS["checkin"],
                  _counted(d.checkins_n, "check-in{s}")),
        ],
        "results": [
            _card("LEFS change, intake to latest check-in (median)",
                  _number(d.lefs_change, "points"), DEFINITIONS["lefs"],
                  _counted(d.lefs_n, "runner{s} with both scores")),
            _card("Runners with at least the 9-point MCID", _percent(d.lefs_mcid_share), "",
                  "Of the same runners."),
            _card("Weeks to return to running (median)", _number(d.return_weeks, "weeks"),
                  DEFINITIONS["return_weeks"], _counted(d.return_n, "runner{s} back to running")),
        ],
    }  # fmt: skip


@admin.register(OutcomeFact)
class OutcomesAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        # The dashboard only: a single summary row has no page of its own.
        return obj is None and request.user.has_perm(PERMISSION)

    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        raise PermissionDenied  # whatever the id: summary rows are read on the dashboard

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.dashboard_view), name="programs_outcomefact_changelist"),
            path("outcomes.csv", wrap(self.csv_view), name="programs_outcomes_csv"),
            path(
                "refresh/",
                wrap(require_POST(self.refresh_view)),
                name="programs_outcomes_refresh",
            ),
            # Django's own change, history and delete URLs stay (every role gets a 403
            # there), so every registered model has the same URL names.
            *(u for u in super().get_urls() if u.name != "programs_outcomefact_changelist"),
        ]

    def _refused(self, request):
        context = {**self.admin_site.each_context(request), "title": "Outcomes"}
        template = "admin/programs/outcomes_refused.html"
        return TemplateResponse(request, template, context, status=403)

    def _filters(self, request):
        """The chosen range and therapist; the last 12 weeks for all therapists by default,
        and with the reason when what was typed cannot be used."""
        today = timezone.now().astimezone(ZoneInfo(request.clinic.timezone)).date()
        defaults = {"since": today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)}
        defaults["until"] = today
        form = OutcomesFilter(request.GET or None, initial=defaults, label_suffix="")
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            therapist = data["therapist"]
            return form, data["since"], data["until"], therapist.pk if therapist else None
        return form, defaults["since"], defaults["until"], None

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            return self._refused(request)
        form, since, until, therapist_id = self._filters(request)
        figures = outcomes_figures(since=since, until=until, therapist_id=therapist_id)
        audit_record(request, "list", model=OutcomeFact, detail=request.GET.urlencode())
        context = {
            **self.admin_site.each_context(request),
            "title": "Outcomes",
            "opts": self.model._meta,
            "form": form,
            "figures": figures,
            **_cards(figures),
            "definitions": DEFINITIONS,
            "query": request.GET.urlencode(),
            "funnel_chart": outcome_charts.funnel_chart(figures.funnel),
            "triage_chart": outcome_charts.triage_chart(figures.weeks, figures.levels),
            "pain_chart": outcome_charts.pain_chart(figures.pain),
        }
        return TemplateResponse(request, "admin/programs/outcomes.html", context)

    def csv_view(self, request):
        if not self.has_view_permission(request):
            return self._refused(request)
        _, since, until, therapist_id = self._filters(request)
        figures = outcomes_figures(since=since, until=until, therapist_id=therapist_id)
        audit_record(request, "export", model=OutcomeFact, detail=request.GET.urlencode())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"outcomes-{since:%Y%m%d}-{until:%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        writer.writerow(["section", "figure", "value", "definition"])
        therapist = Therapist.objects.filter(pk=therapist_id).first() if therapist_id else None
        writer.writerow(["Filter", "Intakes from", f"{since:%Y-%m-%d}", ""])
        writer.writerow(["Filter", "Intakes to", f"{until:%Y-%m-%d}", ""])
        writer.writerow(["Filter", "Therapist", str(therapist or "All therapists"), ""])
        writer.writerows(figure_rows(figures))
        return response

    def refresh_view(self, request):
        if not self.has_view_permission(request):
            return self._refused(request)
        count = outcomes_refresh()
        messages.success(request, f"Figures counted again now ({count} summary rows).")
        return redirect(f"{request.path.removesuffix('refresh/')}?{request.GET.urlencode()}")
