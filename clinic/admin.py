from django.contrib import admin
from django.utils import timezone

from clinic.admin_lists import ScaledListAdmin, static_choices_filter
from clinic.admin_lookups import DeclaredLookupsOnly
from clinic.models import (
    AuditEvent,
    CalendarVersion,
    ClinicProfile,
    OutboundEmail,
    PrivateLink,
    Therapist,
    TimeOff,
    WorkingHours,
)
from clinic.outbox import renderer_kinds


class ChangesCalendarAdmin(admin.ModelAdmin):
    """For models whose edits change free visit times: each save or delete, inlines
    included, moves the calendar version on in the admin's own transaction."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        CalendarVersion.bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        CalendarVersion.bump()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        CalendarVersion.bump()


@admin.register(ClinicProfile)
class ClinicProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "timezone"]

    def has_add_permission(self, request):
        return not ClinicProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 1
    verbose_name_plural = (
        "weekly working hours (clinic's local time; several ranges a day are fine)"
    )


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 1


@admin.register(Therapist)
class TherapistAdmin(ChangesCalendarAdmin):
    list_display = ["display_name", "user", "is_active", "buffer_minutes"]
    list_filter = ["is_active"]
    search_fields = ["display_name", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    inlines = [WorkingHoursInline, TimeOffInline]


CLINICAL_ALERT_KINDS = ("staff_case_alert", "staff_checkin_alert")


def _email_kinds(request):
    hidden = () if request.user.has_perm("intake.view_clinical") else CLINICAL_ALERT_KINDS
    return [(kind, kind.replace("_", " ")) for kind in renderer_kinds() if kind not in hidden]


@admin.register(OutboundEmail)
class OutboundEmailAdmin(DeclaredLookupsOnly, ScaledListAdmin):
    list_display = ["kind", "to", "status", "attempts", "due_at", "sent_at", "short_error"]
    list_filter = ["status", static_choices_filter("kind", "kind", _email_kinds)]
    search_fields = ["^to"]
    exact_search_fields = ("idempotency_key", "pk")
    # Newest first by the primary key (created in that order): no index of its own to keep.
    ordering = ["-pk"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]
    actions = ["retry_now"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.has_perm("intake.view_clinical"):
            return queryset
        # A staff alert about a case or a check-in says "this runner needs a call": a
        # clinical hint the front desk does not see (README, Roles).
        return queryset.exclude(kind__in=CLINICAL_ALERT_KINDS)

    @admin.display(description="last error")
    def short_error(self, email):
        return email.last_error[:80]

    @admin.action(description="Retry the selected e-mails now")
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=OutboundEmail.Status.SENT).update(
            status=OutboundEmail.Status.PENDING, due_at=timezone.now(), attempts=0
        )
        self.message_user(request, f"{count} e-mail(s) will be retried within a minute.")

    def has_add_permission(self, request):
        return False


@admin.register(PrivateLink)
class PrivateLinkAdmin(DeclaredLookupsOnly, ScaledListAdmin):
    list_display = [
        "purpose",
        "object_id",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["purpose"]
    exact_search_fields = ("object_id",)
    ordering = ["-pk"]
    readonly_fields = [field.name for field in PrivateLink._meta.fields]
    exclude = ["token_hash"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected links")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} link(s) revoked.")

    def has_add_permission(self, request):
        return False


def _audited_types(request):
    """Every model the admin shows: the object types events are written about."""
    labels = {model._meta.label_lower for model in admin.site._registry}
    return [(label, label) for label in sorted(labels | {"auth.user"})]


@admin.register(AuditEvent)
class AuditEventAdmin(DeclaredLookupsOnly, ScaledListAdmin):
    """Browsable by clinic admins (the only role with clinic.view_auditevent); nobody can add,
    change or delete an event here. A date filter instead of date_hierarchy: its links are
    computed, where date_hierarchy runs a DISTINCT over every event's date."""

    list_display = ["at", "username", "action", "object_type", "object_id", "detail", "ip"]
    list_filter = [
        "at",
        "action",
        static_choices_filter("object_type", "object type", _audited_types),
    ]
    search_fields = ["^username"]
    exact_search_fields = ("object_id", "ip")
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}  # not even "delete selected"
