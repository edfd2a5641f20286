import json
from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from clinic.admin_lists import ScaledListAdmin
from clinic.audit import AuditedAdmin, audit_record
from clinic.delivery import email_undelivered
from clinic.models import ClinicProfile, Therapist
from clinic.text import waiting_words
from intake import guidance
from intake.booking import admin as booking_admin  # noqa: F401 - registers the visit admin
from intake.display import answers_by_group, lefs_language_note
from intake.models import Case, IntakeDraft, Runner, Visit
from intake.privacy import runner_erase, runner_export
from intake.search import runner_search
from intake.services import STAFF_CASE_ALERT, case_assign, case_mark_contacted
from intake.triage.levels import LABELS
from intake.triage.phrases import LOCATION_WORDS
from intake.triage.references import REFERENCES

# Sections that higher apps add to the case page (programs: plans and adherence), registered
# from their AppConfig.ready() so this module never imports upward. Each takes the request
# and the case and returns HTML.
CASE_PANELS: list[Callable[[HttpRequest, Case], str]] = []


def case_panel_register(panel: Callable[[HttpRequest, Case], str]) -> None:
    CASE_PANELS.append(panel)


def sees_clinical(request) -> bool:
    """Answers, triage reasons, notes and plans: therapists and clinic admins, not the front
    desk (clinic/roles.py)."""
    return request.user.has_perm("intake.view_clinical")


def level_badge(level: str, label: str):
    return format_html('<span class="triage-badge triage-{}">{}</span>', level, label)


class VisitInline(admin.TabularInline):
    model = Visit
    readonly_fields = fields = ("start", "therapist", "mode", "status")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # book from Intake > Visits, with the public page's rules

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("therapist")


# What the front desk sees of a case: who to call and the workflow, no clinical content.
FRONT_DESK_CASE_FIELDSETS = [
    ("Triage", {"fields": ["level"]}),
    ("Workflow", {"fields": ["status", "call_today", "priority", "assigned_therapist"]}),
    ("Runner", {"fields": ["runner_contact", "runner_language", "submitted_at", "consent"]}),
]
CLINICAL_COLUMNS = {"complaint"}


@admin.register(Case)
class CaseAdmin(AuditedAdmin, ScaledListAdmin, SimpleHistoryAdmin):
    # "Whom do I call first": few, short columns so nothing is clipped at 1280 px; the
    # submission time is in "waiting" (its title attribute has the exact time).
    list_display = [
        "level",
        "runner_name",
        "phone",
        "waiting",
        "complaint",
        "call",
        "status",
        "assigned_therapist",
    ]
    list_display_links = ["level", "runner_name"]
    list_filter = [
        "triage_level",
        "status",
        "call_today",
        "priority",
        "assigned_therapist",
        "submitted_at",
    ]
    search_fields = runner_search("runner__")
    exact_search_fields = ("pk",)
    list_select_related = ["runner", "assigned_therapist"]
    ordering = ["triage_rank", "submitted_at", "pk"]
    list_per_page = 50
    actions = ["mark_contacted", "assign_to_me"]
    fieldsets = [
        ("Triage", {"fields": ["level", "ruleset_version", "runner_told", "fired_rules"]}),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "call_today",
                    "priority",
                    "assigned_therapist",
                    "contacted_at",
                    "notes",
                ]
            },
        ),
        ("Runner", {"fields": ["runner_contact", "runner_language", "submitted_at", "consent"]}),
        ("Scores", {"fields": ["pain_scores", "lefs"]}),
        ("Answers", {"fields": ["answers_table"]}),
    ]
    readonly_fields = [
        "level",
        "ruleset_version",
        "runner_told",
        "fired_rules",
        "runner_language",
        "contacted_at",
        "runner_contact",
        "submitted_at",
        "consent",
        "pain_scores",
        "lefs",
        "answers_table",
    ]
    change_form_template = "admin/intake/case/change_form.html"
    inlines = [VisitInline]

    def has_add_permission(self, request):
        return False  # cases come from intakes

    def get_queryset(self, request):
        # The runner's name in the page title and in autocomplete choices, and whether the
        # staff alert about each case is stuck, in the list's own query.
        alert = email_undelivered(kind=STAFF_CASE_ALERT)
        return (
            super().get_queryset(request).select_related("runner").annotate(alert_undelivered=alert)
        )

    def get_list_display(self, request):
        if sees_clinical(request):
            return self.list_display
        return [column for column in self.list_display if column not in CLINICAL_COLUMNS]

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if sees_clinical(request) else FRONT_DESK_CASE_FIELDSETS

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not sees_clinical(request):
            actions.pop("assign_to_me", None)
        return actions

    def history_view(self, request, object_id, extra_context=None):
        # Past versions hold answers and notes.
        if not sees_clinical(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not sees_clinical(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(description="level", ordering="triage_rank")
    def level(self, case):
        badge = level_badge(case.triage_level, case.get_triage_level_display())
        if getattr(case, "alert_undelivered", False):
            # The clinic was never told about this case: whoever reads the queue calls.
            return format_html(
                '{} <span class="alert-undelivered">alert not delivered</span>', badge
            )
        return badge

    @admin.display(description="runner", ordering="runner__last_name")
    def runner_name(self, case):
        return str(case.runner)

    @admin.display(description="phone")
    def phone(self, case):
        number = case.runner.phone
        if not number:
            return "-"
        dial = "".join(char for char in number if char.isdigit() or char == "+")
        return format_html('<a class="tel" href="tel:{}">{}</a>', dial, number)

    @admin.display(description="waiting", ordering="submitted_at")
    def waiting(self, case):
        since = timezone.localtime(case.submitted_at)
        return format_html(
            '<span title="submitted {}">{}</span>',
            f"{since:%Y-%m-%d %H:%M %Z}",
            waiting_words((timezone.now() - case.submitted_at).total_seconds()),
        )

    @admin.display(description="main complaint", ordering="main_location")
    def complaint(self, case):
        where = LOCATION_WORDS.get(case.main_location)
        if where is None:
            return "-"
        age = "" if case.age is None else f", age {case.age}"
        if case.days_since_onset is None:
            return f"{where} pain{age}"
        return f"{where} pain for {case.days_since_onset} days{age}"

    @admin.display(description="call today", ordering="-call_today")
    def call(self, case):
        # Words, not Django's boolean icons: a red cross under "call today" read "don't call".
        if case.call_today:
            return format_html('<span class="call-due">{}</span>', "Call today")
        if case.contacted_at:
            return format_html('<span class="call-done">{}</span>', "Called")
        return ""

    @admin.display(description="rules that fired")
    def fired_rules(self, case):
        cited = {source for reason in case.reasons for source in reason.get("sources", ())}
        references = [(id_, text) for id_, text in REFERENCES.items() if id_ in cited]
        return render_to_string(
            "admin/intake/case/reasons.html", {"reasons": case.reasons, "references": references}
        )

    @admin.display(description="runner's language")
    def runner_language(self, case):
        return case.get_language_display()

    @admin.display(description="what the runner was told")
    def runner_told(self, case):
        """The result page's headline and advice for the case's level, in the runner's
        language with the English beside it (staff pages stay English)."""
        if not case.intake_done:
            return "-"
        shoe_miles = ClinicProfile.load().shoe_replacement_miles
        with translation.override("en"):
            english = guidance.for_level(case.triage_level, shoe_miles=shoe_miles)
            context = {"english": english, "level": LABELS[case.triage_level]}
        if case.language != "en":
            with translation.override(case.language):
                told = guidance.for_level(case.triage_level, shoe_miles=shoe_miles)
                level_told = str(LABELS[case.triage_level])
            pairs = [(level_told, context["level"]), (told["headline"], english["headline"])]
            pairs += [(told["summary"], english["summary"])]
            pairs += list(zip(told["self_care"], english["self_care"], strict=True))
            context |= {
                "pairs": pairs,
                "lang": case.language,
                "language": case.get_language_display(),
                "needs_review": not guidance.SPANISH_REVIEWED_BY,
            }
        return render_to_string("admin/intake/case/told.html", context)

    @admin.display(description="contact")
    def runner_contact(self, case):
        runner = case.runner
        return format_html("{}<br>{}<br>{}", runner, runner.email, runner.phone)

    @admin.display(description="consent")
    def consent(self, case):
        given = timezone.localtime(case.consent_at)
        # The version and the language name the text the runner agreed to (clinic profile).
        language = case.get_language_display()
        return (
            f"Version {case.consent_version}, read in {language}, given {given:%Y-%m-%d %H:%M %Z}"
        )

    @admin.display(description="pain (0-10)")
    def pain_scores(self, case):
        answers = case.answers
        return format_html(
            "now {} &middot; worst this week {} &middot; while running {}",
            answers.get("pain_now", "-"),
            answers.get("pain_worst", "-"),
            answers.get("pain_running", "-"),
        )

    @admin.display(description="LEFS (0-80, higher is better)")
    def lefs(self, case):
        if case.lefs_total is None:
            return "-"
        note = lefs_language_note(case.language)
        if not note:
            return f"{case.lefs_total} / 80"
        return format_html('{} / 80<div class="lefs-note">{}</div>', case.lefs_total, note)

    @admin.display(description="answers")
    def answers_table(self, case):
        return render_to_string(
            "admin/intake/case/answers.html", {"groups": answers_by_group(case.answers)}
        )

    @admin.action(description="Mark contacted")
    def mark_contacted(self, request, queryset):
        count = case_mark_contacted(case_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} case(s) marked contacted.")

    @admin.action(description="Assign to me")
    def assign_to_me(self, request, queryset):
        therapist = Therapist.objects.filter(user=request.user, is_active=True).first()
        if therapist is None:
            self.message_user(
                request,
                "You have no active therapist profile: a clinic admin can add one under "
                "Clinic > Therapists.",
                level=messages.ERROR,
            )
            return
        count = case_assign(
            case_ids=list(queryset.values_list("pk", flat=True)), therapist=therapist
        )
        self.message_user(request, f"{count} case(s) assigned to {therapist}.")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["sees_clinical"] = sees_clinical(request)
        if obj is not None and sees_clinical(request):
            context["case_panels"] = [panel(request, obj) for panel in CASE_PANELS]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, case):
        """The change page's own "Mark contacted" and "Assign to me" buttons: the form is
        saved first, then the action runs and the page reopens."""
        actions = self.get_actions(request)  # only what this user may do, each audited
        for name in ("mark_contacted", "assign_to_me"):
            if f"_{name}" in request.POST and name in actions:
                actions[name][0](self, request, Case.objects.filter(pk=case.pk))
                return redirect("admin:intake_case_change", case.pk)
        return super().response_change(request, case)


@admin.register(Runner)
class RunnerAdmin(AuditedAdmin, ScaledListAdmin):
    list_display = ["__str__", "email", "phone", "created_at", "erased_at"]
    search_fields = runner_search()
    exact_search_fields = ("pk",)
    ordering = ["-pk"]
    readonly_fields = ["created_at", "erased_at"]
    change_form_template = "admin/intake/runner/change_form.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:runner_id>/export/", wrap(self.export_view), name="intake_runner_export"),
            path(
                "<int:runner_id>/export.json",
                wrap(self.export_json_view),
                name="intake_runner_export_json",
            ),
            path("<int:runner_id>/erase/", wrap(self.erase_view), name="intake_runner_erase"),
            *super().get_urls(),
        ]

    def _runner_for(self, request, runner_id: int, permission: str) -> Runner:
        if not request.user.has_perm(f"intake.{permission}"):
            raise PermissionDenied
        return get_object_or_404(Runner, pk=runner_id)

    def export_view(self, request, runner_id: int):
        """Everything about the runner on one readable page (print it or save it)."""
        runner = self._runner_for(request, runner_id, "export_runner")
        data = runner_export(runner)
        for case in data["cases"]:
            case["answer_groups"] = answers_by_group(case["answers"])
        audit_record(request, "export", obj=runner, detail="page")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Everything about {runner}",
            "runner": runner,
            "data": data,
            "opts": self.model._meta,
        }
        return _private(TemplateResponse(request, "admin/intake/runner/export.html", context))

    def export_json_view(self, request, runner_id: int):
        runner = self._runner_for(request, runner_id, "export_runner")
        body = json.dumps(runner_export(runner), cls=DjangoJSONEncoder, indent=2)
        audit_record(request, "export", obj=runner, detail="json")
        response = HttpResponse(body, content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="runner-{runner.pk}.json"'
        return _private(response)

    def erase_view(self, request, runner_id: int):
        """A confirmation page, then the erasure (POST)."""
        runner = self._runner_for(request, runner_id, "erase_runner")
        if request.method == "POST" and request.POST.get("confirm") == "erase":
            runner_erase(runner=runner)
            audit_record(request, "erase", obj=runner)
            self.message_user(
                request, f"Runner {runner.pk} erased: personal details and free text removed."
            )
            return redirect("admin:intake_runner_change", runner.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Erase {runner}?",
            "runner": runner,
            "cases": runner.cases.count(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/intake/runner/erase.html", context)


def _private(response):
    response["Cache-Control"] = "no-store"
    return response


@admin.register(IntakeDraft)
class IntakeDraftAdmin(AuditedAdmin, ScaledListAdmin):
    """Unfinished intakes: who to call back. Answers stay on the case once submitted."""

    list_display = ["__str__", "email", "furthest_step", "updated_at", "submitted_at"]
    list_filter = ["submitted_at"]
    search_fields = ["^email"]
    exact_search_fields = ("pk",)
    readonly_fields = fields = (
        "email",
        "furthest_step",
        "created_at",
        "updated_at",
        "submitted_at",
    )
    ordering = ["-updated_at"]

    def has_add_permission(self, request):
        return False
