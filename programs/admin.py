"""The exercise library, the templates, and plans: built from a case in a few clicks."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from clinic.admin_lists import ScaledListAdmin
from clinic.audit import AuditedAdmin, audit_record
from clinic.layout import StaffQuestion, staff_helper
from clinic.models import ClinicProfile
from intake.models import Case
from intake.search import runner_search
from programs import (
    media,
    outcomes_admin,  # noqa: F401, I001 - registers the Outcomes page
)
from programs.builder import ArrangeStep, runner_preview
from programs.dosage import describe
from programs.models import (
    Exercise,
    PainMode,
    Plan,
    PlanItem,
    PlanPhase,
    PlanStage,
    ProgramTemplate,
    RunStage,
    TemplateItem,
    TemplatePhase,
)
from programs.services import (
    PlanDraft,
    PlanError,
    exercise_save,
    plan_build,
    plan_issue,
    plan_set_status,
)
from programs.suggest import suggest


class ExerciseForm(forms.ModelForm):
    """The library's page: a photo and a video are checked by their content here; the
    service resizes and stores them (programs/media.py)."""

    video_kind = ""

    class Meta:
        model = Exercise
        # The admin adds the fieldsets' other fields.
        fields = ["image", "image_alt", "image_caption", "video", "video_caption"]
        widgets = {
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            "video": forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
        }

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            # Django's ImageField has opened it with Pillow already: a file that is not an
            # image never gets here. Only formats every phone browser shows are taken.
            media.image_check(image)
            if getattr(image, "image", None) and image.image.format not in media.IMAGE_FORMATS:
                raise forms.ValidationError(
                    f"This photo is a {image.image.format} file: please upload a JPEG, PNG or WebP."
                )
        return image

    def clean_video(self):
        video = self.cleaned_data.get("video")
        if video and "video" in self.changed_data:
            self.video_kind = media.video_check(video)
        return video

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error(
                "image_alt", "Describe what the photo shows, for runners who cannot see it."
            )
        if data.get("video") and not data.get("video_caption", "").strip():
            self.add_error("video_caption", "Say what the video shows: it is its caption.")
        return data


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = ExerciseForm
    list_display = ["name", "category", "default_dosage", "equipment", "has_media"]
    list_filter = ["category"]
    search_fields = ["name", "steps", "cues", "equipment"]
    readonly_fields = ["thumbnail"]
    fieldsets = [
        (None, {"fields": ["name", "category", "steps", "cues", "mistakes", "equipment"]}),
        (
            "In Spanish (shown to runners who read Spanish; a blank text shows the English)",
            {"fields": ["name_es", "steps_es", "cues_es", "mistakes_es", "equipment_es"]},
        ),
        ("Default dosage", {"fields": [*Exercise.DOSAGE_FIELDS, "source"]}),
        (
            "Media (public: shown on every plan with this exercise, never a runner's photo)",
            {
                "fields": [
                    "image",
                    "thumbnail",
                    "image_alt",
                    "image_caption",
                    "video",
                    "video_caption",
                ]
            },
        ),
    ]

    @admin.display(description="default dosage")
    def default_dosage(self, exercise):
        return describe(exercise.dosage())

    @admin.display(description="media")
    def has_media(self, exercise):
        return ", ".join(
            word for word, there in (("photo", exercise.image), ("video", exercise.video)) if there
        )

    @admin.display(description="thumbnail")
    def thumbnail(self, exercise):
        if not exercise.image_thumbnail:
            return "-"
        return format_html(
            '<img src="{}" alt="{}" width="{}">',
            exercise.image_thumbnail.url,
            exercise.image_alt,
            media.THUMBNAIL_MAX_SIDE // 2,
        )

    def save_model(self, request, obj, form, change):
        exercise_save(
            exercise=obj,
            new_image="image" in form.changed_data,
            video_kind=form.video_kind if "video" in form.changed_data else "",
        )


class TemplatePhaseInline(admin.StackedInline):
    model = TemplatePhase
    extra = 0
    show_change_link = True  # the phase's page lists its exercises
    # The runner reads name and goal (Spanish beside the English; blank shows the English);
    # the criteria are the therapist's.
    fields = [
        "order",
        ("name", "name_es"),
        ("goal", "goal_es"),
        "typical_weeks",
        "entry_criteria",
        "exit_criteria",
    ]


class RunStageInline(admin.TabularInline):
    model = RunStage
    extra = 0
    fields = list(RunStage.STAGE_FIELDS)  # order, name, name (Spanish), ...
    # Stage names are short ("Level 3"): narrow boxes, so the Spanish beside them does not
    # widen the table.
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 12})}}


@admin.register(ProgramTemplate)
class ProgramTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    inlines = [TemplatePhaseInline, RunStageInline]
    fields = [
        ("name", "name_es"),
        "kind",
        ("description", "description_es"),
        "source",
        "is_active",
    ]


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 0
    autocomplete_fields = ["exercise"]
    fields = [
        "order",
        "exercise",
        "days_per_week",
        *TemplateItem.DOSAGE_FIELDS,
        *TemplateItem.PROGRESSION_FIELDS,
    ]


@admin.register(TemplatePhase)
class TemplatePhaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "typical_weeks"]
    fields = ["template", *TemplatePhaseInline.fields]
    list_filter = ["template"]
    inlines = [TemplateItemInline]


# --- plans -----------------------------------------------------------------------------------


class PlanItemInline(admin.TabularInline):
    """A plan's own copy of each exercise: editing it changes this plan only."""

    model = PlanItem
    extra = 0
    can_delete = False
    fields = ["phase", "name", "days_per_week", *PlanItem.DOSAGE_FIELDS]
    readonly_fields = ["phase", "name", "days_per_week"]

    def has_add_permission(self, request, obj=None):
        return False


class PlanStageInline(admin.TabularInline):
    model = PlanStage
    extra = 0
    can_delete = False
    fields = [
        "order",
        "name",
        "name_es",
        "run_seconds",
        "walk_seconds",
        "repeats",
        "distance_miles",
        "min_sessions",
        "pain_mode",
        "pain_threshold",
    ]
    readonly_fields = ["order", "name", "name_es", "pain_mode"]

    def has_add_permission(self, request, obj=None):
        return False


class BuildForm(forms.Form):
    templates = forms.ModelMultipleChoiceField(
        queryset=ProgramTemplate.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    auto_progress = forms.BooleanField(
        required=False,
        label="Progress the runner automatically",
        help_text="Otherwise each step up waits for your approval.",
    )
    bone_clearance_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Clearance for a bone-mode return to run",
        help_text="Required with a bone-mode template: imaging, examination, who cleared.",
    )
    note_to_runner = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    helper = staff_helper(
        StaffQuestion("templates", template="admin/programs/plan/_template_choices.html"),
        "start_date",
        "auto_progress",
        "bone_clearance_note",
        "note_to_runner",
    )

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("templates") or []
        bone = RunStage.objects.filter(template__in=chosen, pain_mode=PainMode.BONE).exists()
        if bone and not (cleaned.get("bone_clearance_note") or "").strip():
            self.add_error(
                "bone_clearance_note",
                "A bone-mode return to run needs your recorded clearance first.",
            )
        return cleaned


@admin.register(Plan)
class PlanAdmin(AuditedAdmin, ScaledListAdmin, SimpleHistoryAdmin):
    list_display = ["title", "runner", "status", "start_date", "end_date", "created_by"]
    list_filter = ["status"]
    # By runner (titles are the templates' names, the same on many plans: no index for them).
    search_fields = runner_search("case__runner__")
    exact_search_fields = ("pk", "case__pk")
    list_select_related = ["case__runner", "created_by"]
    readonly_fields = [
        "case",
        "title",
        "title_es",
        "start_date",
        "end_date",
        "templates_used",
        "bone_clearance_note",
        "created_by",
        "created_at",
    ]
    # What the plan is, then what staff may change, then who made it and when.
    fields = [
        *readonly_fields[:6],
        *("status", "auto_progress", "note_to_runner", "checkins_paused_at"),
        *readonly_fields[6:],
    ]
    inlines = [PlanItemInline, PlanStageInline]
    actions = ["pause", "resume", "end", "email_link_again"]

    def has_add_permission(self, request):
        return False  # plans are built from a case: its page has "Create plan"

    @staticmethod
    def may_build(request) -> bool:
        user = request.user
        return user.has_perm("programs.add_plan") and user.has_perm("intake.view_clinical")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.touch()  # the runner's page shows the edit at once

    def save_formset(self, request, form, formset, change):
        # Each edited exercise's history names who changed it (SimpleHistoryAdmin does this
        # for the plan itself; no history middleware runs on every request for it).
        for inline_form in formset.forms:
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description="runner", ordering="case__runner__last_name")
    def runner(self, plan):
        return str(plan.case.runner)

    def _set_status(self, request, queryset, status, said):
        for plan in queryset:
            plan_set_status(plan=plan, status=status)
        self.message_user(request, f"{queryset.count()} plan(s) {said}.")

    @admin.action(description="Pause the selected plans")
    def pause(self, request, queryset):
        self._set_status(request, queryset, Plan.Status.PAUSED, "paused")

    @admin.action(description="Resume the selected plans")
    def resume(self, request, queryset):
        self._set_status(request, queryset, Plan.Status.ACTIVE, "resumed")

    @admin.action(description="End the selected plans")
    def end(self, request, queryset):
        self._set_status(request, queryset, Plan.Status.ENDED, "ended")

    @admin.action(description="E-mail the plan link to the runner again")
    def email_link_again(self, request, queryset):
        for plan in queryset.select_related("case__runner"):
            plan_issue(plan=plan, again=True)
        self.message_user(request, f"The link goes out within a minute ({queryset.count()}).")

    def get_urls(self):
        build = self.admin_site.admin_view(self.build_view)
        return [
            path("build/<int:case_id>/", build, name="programs_plan_build"),
            *super().get_urls(),
        ]

    def build_view(self, request, case_id: int):
        """Choose templates (suggested from the intake) and a start date; then arrange the
        exercises (add from the library, remove, swap, reorder, dosage) beside a preview of
        the runner's phone; issuing lays out every dated session and e-mails the runner."""
        if not self.may_build(request):
            raise PermissionDenied
        case = get_object_or_404(Case.objects.select_related("runner"), pk=case_id)
        if request.method == "GET":
            audit_record(request, "view", obj=case, detail="plan builder")
        suggestion = suggest(
            answers=case.answers,
            fired_rule_ids={reason["rule"] for reason in case.reasons},
            level=case.triage_level,
        )
        tz = ZoneInfo(ClinicProfile.load().timezone)
        tomorrow = timezone.now().astimezone(tz).date() + timedelta(days=1)
        initial = {
            "templates": ProgramTemplate.objects.filter(name__in=suggestion.templates),
            "start_date": tomorrow,
        }
        form = BuildForm(request.POST or None, initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Create a plan for {case.runner}",
            "case": case,
            "form": form,
            "suggestion": suggestion,
            "stage": "choose",
            "opts": self.model._meta,
        }
        if request.method == "POST" and "_back" not in request.POST and form.is_valid():
            chosen = list(form.cleaned_data["templates"])
            step = ArrangeStep(request.POST, chosen, fresh=request.POST.get("stage") == "choose")
            if step.issue_ready:
                return self._issue(request, case, _draft(form, chosen, step.draft_items()))
            draft = _draft(form, chosen, step.draft_items(loose=True))
            context.update(
                stage="arrange", step=step, preview=runner_preview(request, case=case, draft=draft)
            )
        return TemplateResponse(request, "admin/programs/plan/build.html", context)

    def _issue(self, request, case, draft):
        try:
            plan = plan_build(case=case, draft=draft, by=request.user)
        except PlanError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            return redirect("admin:programs_plan_build", case.pk)
        audit_record(request, "add", obj=plan, detail=f"built for case {case.pk}")
        self.message_user(
            request,
            f"Plan issued: {plan.sessions.count()} dated sessions from "
            f"{plan.start_date:%b %d} to {plan.end_date:%b %d}. The runner is e-mailed the link "
            "within a minute.",
        )
        return redirect("admin:programs_plan_change", plan.pk)


def _draft(form, chosen, items) -> PlanDraft:
    data = form.cleaned_data
    return PlanDraft(
        templates=chosen,
        start_date=data["start_date"],
        items=items,
        auto_progress=data["auto_progress"],
        bone_clearance_note=data["bone_clearance_note"],
        note_to_runner=data["note_to_runner"],
    )


@admin.register(PlanPhase)
class PlanPhaseAdmin(AuditedAdmin):
    """Read-only view of a plan's phases with their criteria, for the therapist."""

    list_display = ["__str__", "plan", "weeks"]
    readonly_fields = [
        "plan",
        "order",
        "program",
        "program_es",
        "name",
        "name_es",
        "goal",
        "goal_es",
        "weeks",
        "entry_criteria",
        "exit_criteria",
    ]

    def has_add_permission(self, request):
        return False

    def has_module_permission(self, request):
        return False  # reached from a plan, not listed on the admin home


from programs.checkins import admin as checkins_admin  # noqa: E402, F401 - registers it
