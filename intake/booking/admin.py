"""The front desk's day: visits by day, outcomes, and booking for a caller with the same
rules as the public page."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.html import format_html

from clinic.admin import ChangesCalendarAdmin
from clinic.admin_lists import ScaledListAdmin
from clinic.audit import AuditedAdmin
from intake.booking.selectors import default_visit_type
from intake.booking.services import BookingError, visit_book, visit_cancel, visits_mark
from intake.models import Visit, VisitType
from intake.search import runner_search


@admin.register(VisitType)
class VisitTypeAdmin(ChangesCalendarAdmin):
    list_display = [
        "name",
        "duration_minutes",
        "is_free",
        "video_available",
        "is_default",
        "is_active",
    ]


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("today", "Today"), ("past", "Past"), ("all", "All")]

    def choices(self, changelist):
        # "Upcoming" is the default, so the bare list shows today first.
        for choice in super().choices(changelist):
            if choice["query_string"].endswith("?") or "when" not in choice["query_string"]:
                continue
            yield choice

    def value(self):
        return super().value() or "upcoming"

    def queryset(self, request, queryset):
        today = datetime.combine(timezone.localdate(), time.min, timezone.get_current_timezone())
        if self.value() == "today":
            return queryset.filter(start__gte=today, start__lt=today + timedelta(days=1))
        if self.value() == "past":
            return queryset.filter(start__lt=today).order_by("-start")
        if self.value() == "upcoming":
            return queryset.filter(start__gte=today)
        return queryset


NO_VISIT_TYPE = (
    "No visit type is offered yet: mark one visit type as the default (Visit types) and book again."
)


class BookForCallerForm(forms.ModelForm):
    """Books through visit_book: the same availability rules as the public page."""

    clinician = False  # set per request by VisitAdmin.get_form

    start = forms.SplitDateTimeField(label="Start (clinic time)", widget=AdminSplitDateTime)

    class Meta:
        model = Visit
        fields = ["case", "therapist", "start", "mode"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        visit_type = default_visit_type()
        if visit_type is None:
            raise forms.ValidationError(NO_VISIT_TYPE)
        try:
            self.instance = visit_book(
                case=cleaned["case"],
                therapist=cleaned["therapist"],
                start=cleaned["start"],
                visit_type=visit_type,
                mode=cleaned["mode"],
                by_staff=True,
                clinician=self.clinician,
            )
        except BookingError as error:
            raise forms.ValidationError(error.message) from None
        return cleaned


@admin.register(Visit)
class VisitAdmin(AuditedAdmin, ScaledListAdmin):
    """No date_hierarchy: it runs a DISTINCT over every visit's date; WhenFilter's days are
    computed."""

    list_display = ["when", "runner", "level", "therapist", "mode", "status"]
    list_filter = [WhenFilter, "status", "therapist"]
    list_select_related = ["case__runner", "therapist"]
    search_fields = runner_search("case__runner__")
    ordering = ["start"]
    actions = ["mark_attended", "mark_no_show", "cancel_visits"]
    autocomplete_fields = ["case"]
    readonly_fields = [
        "case",
        "therapist",
        "visit_type",
        "mode",
        "start",
        "end",
        "status",
        "sequence",
        "booked_by_staff",
        "created_at",
        "cancelled_at",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:  # a clinician may rebook an emergency case; the front desk may not
            clinician = request.user.has_perm("intake.view_clinical")
            kwargs["form"] = type(
                "BookForCallerForm", (BookForCallerForm,), {"clinician": clinician}
            )
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj else ["case", "therapist", "start", "mode"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # New visits were written by visit_book in the form's clean().

    @admin.display(description="when", ordering="start")
    def when(self, visit):
        return timezone.localtime(visit.start).strftime("%a %b %d, %I:%M %p")

    @admin.display(description="runner", ordering="case__runner__last_name")
    def runner(self, visit):
        return str(visit.case.runner)

    @admin.display(description="level")
    def level(self, visit):
        case = visit.case
        return format_html(
            '<span class="triage-badge triage-{}">{}</span>',
            case.triage_level,
            case.get_triage_level_display(),
        )

    def _mark(self, request, queryset, status: str, done: str) -> None:
        now = timezone.now()
        ids = list(queryset.values_list("pk", flat=True))
        future = Visit.objects.filter(pk__in=ids, status=Visit.Status.BOOKED, start__gt=now)
        if waiting := future.count():
            self.message_user(
                request,
                f"{waiting} visit(s) not marked {done}: they have not started yet.",
                level=messages.ERROR,
            )
        count = visits_mark(visit_ids=ids, status=status, now=now)
        self.message_user(request, f"{count} visit(s) marked {done}.")

    @admin.action(description="Mark attended")
    def mark_attended(self, request, queryset):
        self._mark(request, queryset, Visit.Status.ATTENDED, "attended")

    @admin.action(description="Mark no-show")
    def mark_no_show(self, request, queryset):
        self._mark(request, queryset, Visit.Status.NO_SHOW, "no-show")

    @admin.action(description="Cancel (the runner is e-mailed)")
    def cancel_visits(self, request, queryset):
        cancelled = 0
        for visit in queryset.filter(status=Visit.Status.BOOKED):
            try:
                visit_cancel(visit=visit, by_staff=True)
                cancelled += 1
            except BookingError as error:
                self.message_user(request, f"{visit}: {error.message}", level=messages.WARNING)
        self.message_user(request, f"{cancelled} visit(s) cancelled.")
