"""The therapist's review queue of check-ins, and progression decisions waiting for
approval."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from clinic.admin_lists import ScaledListAdmin
from clinic.audit import AuditedAdmin
from clinic.models import ClinicProfile, OutboundEmail
from intake.display import lefs_language_note
from intake.search import runner_search
from programs.checkins.answers import checkin_mark_reviewed, checkin_previous_answers
from programs.checkins.services import decision_resolve
from programs.checkins.words import checkin_rows
from programs.models import CheckIn, Decision


class ToReview(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("open", "Needs review"), ("done", "Reviewed"), ("all", "All")]

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if "review" in choice["query_string"]:  # "open" is the default, not "All"
                yield choice

    def value(self):
        return super().value() or "open"

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(needs_review=True, reviewed_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


# The check-in page's fields, flat (no fieldset groups), all read-only but the note.
FIELDS = (
    "case",
    "plan",
    "kind",
    "due_at",
    "status",
    "email_state",
    "answered_at",
    "answers_table",
    "triage_level",
    "why",
    "decisions",
    "reviewed_at",
    "reviewed_by",
    "review_note",
)


@admin.register(CheckIn)
class CheckInAdmin(AuditedAdmin, ScaledListAdmin):
    """Most serious first, then oldest: the therapist's first screen after the case queue."""

    list_display = ["priority", "runner", "kind", "due_at", "status", "answered_at", "why"]
    list_filter = [ToReview, "kind", "status"]
    list_select_related = ["case__runner"]
    search_fields = runner_search("case__runner__")
    exact_search_fields = ("pk", "case__pk")
    # Ends with the id, as the indexes do: Django would otherwise add "-pk", an order no
    # index gives, and the planner then walks one index filtering the other's rows.
    ordering = ["review_rank", "answered_at", "due_at", "pk"]
    actions = ["mark_reviewed"]
    fields = FIELDS
    readonly_fields = [f for f in FIELDS if f != "review_note"]
    change_form_template = "admin/programs/checkin/change_form.html"

    def has_add_permission(self, request):
        return False

    @admin.display(description="priority", ordering="review_rank")
    def priority(self, checkin):
        if not checkin.needs_review:
            return "-"
        rank = checkin.review_rank
        when = "now" if rank <= 1 else "today" if rank <= 3 else "soon"
        return format_html('<span class="review-rank rank-{}">{}</span>', rank, when)

    @admin.display(description="runner", ordering="case__runner__last_name")
    def runner(self, checkin):
        return str(checkin.case.runner)

    @admin.display(description="why it needs a look")
    def why(self, checkin):
        return " ".join(checkin.review_reasons) or "-"

    @admin.display(description="e-mail")
    def email_state(self, checkin):
        """Whether its e-mail went out: state, attempts and the last error, linked to the
        outbox row (where Retry is)."""
        email = OutboundEmail.objects.filter(kind="checkin", object_id=checkin.pk).first()
        if email is None:
            return "-"
        attempts = f"{email.attempts} of {settings.OUTBOX_MAX_ATTEMPTS} attempts"
        if email.status == OutboundEmail.Status.SENT:
            state = f"sent {timezone.localtime(email.sent_at):%Y-%m-%d %H:%M} ({attempts})"
        elif email.status == OutboundEmail.Status.PENDING and email.attempts:
            when = timezone.localtime(email.due_at)
            state = f"pending: {attempts}, next try {when:%Y-%m-%d %H:%M}"
        else:
            state = f"{email.get_status_display().lower()} ({attempts})"
        error = f"; last error: {email.last_error[:200]}" if email.last_error else ""
        url = reverse("admin:clinic_outboundemail_change", args=[email.pk])
        return format_html('<a href="{}">{}</a>{}', url, state, error)

    @admin.display(description="answers")
    def answers_table(self, checkin):
        rows = checkin_rows(checkin.answers, checkin_previous_answers(checkin))
        has_lefs = checkin.answers.get("lefs_total") is not None
        note = lefs_language_note(checkin.answered_in()) if has_lefs else ""
        return render_to_string(
            "admin/programs/checkin_answers.html", {"rows": rows, "lefs_note": note}
        )

    @admin.display(description="decisions")
    def decisions(self, checkin):
        return (
            format_html_join(
                "",
                '<p class="decision">{} ({}): {}{}</p>',
                (
                    (
                        d.get_action_display(),
                        d.get_status_display().lower(),
                        d.reason,
                        format_html("<br>{}", told(d)) if told(d) else "",
                    )
                    for d in checkin.decisions.all()
                ),
            )
            or "-"
        )

    @admin.action(description="Mark reviewed")
    def mark_reviewed(self, request, queryset):
        count = checkin_mark_reviewed(
            checkin_ids=list(queryset.values_list("pk", flat=True)), by=request.user
        )
        self.message_user(request, f"{count} check-in(s) marked reviewed.")

    def save_model(self, request, checkin, form, change):
        """Saving the page with a note marks the check-in reviewed."""
        super().save_model(request, checkin, form, change)
        if "_reviewed" in request.POST or form.cleaned_data.get("review_note"):
            checkin_mark_reviewed(
                checkin_ids=[checkin.pk],
                by=request.user,
                note=form.cleaned_data.get("review_note", ""),
            )


def told(decision: Decision) -> str:
    """What the runner was told, when it was not the English staff read: "Told the runner in
    Spanish (español): ..." (as the case page's "what the runner was told")."""
    if not decision.reason_shown or decision.reason_shown == decision.reason:
        return ""
    return format_html(
        '<span class="told">Told the runner in {}: <span lang="{}">{}</span></span>',
        decision.get_language_display(),
        decision.language,
        decision.reason_shown,
    )


def _today():
    return timezone.now().astimezone(ZoneInfo(ClinicProfile.load().timezone)).date()


DECISION_FIELDS = (
    "plan",
    "checkin",
    "stage",
    "action",
    "reason",
    "runner_told",
    "inputs",
    "status",
    "final_action",
    "decided_at",
    "resolved_by",
    "resolved_at",
)


@admin.register(Decision)
class DecisionAdmin(AuditedAdmin, ScaledListAdmin):
    list_display = ["decided_at", "runner", "stage", "action", "status", "final_action", "reason"]
    list_filter = ["status", "action"]
    list_select_related = ["plan__case__runner", "stage"]
    ordering = ["-decided_at"]
    actions = ["approve", "override_repeat", "override_step_back"]
    # All read-only; the runner's words are shown beside the English (runner_told).
    fields = readonly_fields = DECISION_FIELDS

    def has_add_permission(self, request):
        return False

    @admin.display(description="runner")
    def runner(self, decision):
        return str(decision.plan.case.runner)

    @admin.display(description="what the runner was told")
    def runner_told(self, decision):
        return told(decision) or "The reason above, in English."

    def _resolve(self, request, queryset, action=None):
        done = 0
        for decision in queryset.filter(status=Decision.Status.PENDING):
            decision_resolve(
                decision=decision, action=action or decision.action, by=request.user, today=_today()
            )
            done += 1
        self.message_user(request, f"{done} decision(s) resolved; the plans changed at once.")

    @admin.action(description="Approve the selected decisions")
    def approve(self, request, queryset):
        self._resolve(request, queryset)

    @admin.action(description="Override: stay at this stage")
    def override_repeat(self, request, queryset):
        self._resolve(request, queryset, Decision.Action.REPEAT)

    @admin.action(description="Override: step back one stage")
    def override_step_back(self, request, queryset):
        self._resolve(request, queryset, Decision.Action.STEP_BACK)
