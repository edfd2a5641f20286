"""The front desk's day: visits by day, outcomes, and booking for a caller with the same
rules as the public page."""

from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from clinic.admin import ChangesCalendarAdmin
from clinic.admin_lists import ScaledListAdmin
from clinic.audit import AuditedAdmin, audit_record
from clinic.models import PrivateLink, Therapist
from clinic.roles import home_is_calendar
from intake.booking.calendar import day_columns, week_rows
from intake.booking.calendar_html import Links, day_html, week_html
from intake.booking.feed import therapist_feed_issue, therapist_feed_revoke
from intake.booking.selectors import BookingRules, calendar_read, default_visit_type
from intake.booking.services import BookingError, visit_book, visit_cancel, visits_mark
from intake.booking.words import visit_when_long
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

    def get_urls(self):
        calendar = self.admin_site.admin_view(self.calendar_view)
        feed = self.admin_site.admin_view(self.feed_view)
        return [
            path("calendar/", calendar, name="intake_visit_calendar"),
            path("feed/", feed, name="intake_visit_feed"),
            *super().get_urls(),
        ]

    def feed_view(self, request):
        """The signed-in therapist's own calendar feed: a new address (shown once) or off."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        therapist = Therapist.objects.filter(user=request.user).first()
        address = None
        if therapist is None:
            pass  # the page says a feed needs a therapist's profile
        elif request.method == "POST" and "_new" in request.POST:
            address = therapist_feed_issue(therapist=therapist)
            self.message_user(request, "A new calendar address: the old one no longer works.")
        elif request.method == "POST" and "_off" in request.POST:
            therapist_feed_revoke(therapist=therapist)
            self.message_user(request, "Your calendar feed is off.")
            return redirect("admin:intake_visit_feed")
        live = therapist and (
            PrivateLink.objects.filter(
                purpose=PrivateLink.Purpose.THERAPIST_FEED,
                object_id=therapist.pk,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            ).first()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "My calendar feed",
            "therapist": therapist,
            "live": live,
            "address": address,
            "webcal": address and "webcal://" + address.split("://", 1)[1],
        }
        return TemplateResponse(request, "admin/intake/visit/feed.html", context)

    def calendar_view(self, request):
        """The front desk's day (a column per therapist) or week (a row per therapist), from
        the booking engine's free times; a free time opens the add form prefilled."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        clinic = request.clinic
        rules = BookingRules.for_clinic(clinic)
        view = "week" if request.GET.get("view") == "week" else "day"
        day = _day_asked(request, rules.today)
        first = day - timedelta(days=day.weekday()) if view == "week" else day
        days = [first + timedelta(days=n) for n in range(7 if view == "week" else 1)]
        read = calendar_read(days=days, rules=rules)
        audit_record(request, "list", model=Visit, detail=f"calendar {view} {first:%Y-%m-%d}")
        step = timedelta(days=7 if view == "week" else 1)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Calendar",
            "heading": (
                f"Week of {first:%A}, {first:%B} {first.day}, {first:%Y}"
                if view == "week"
                else f"{day:%A}, {day:%B} {day.day}, {day:%Y}"
            ),
            "view": view,
            "day": day,
            "days": days,
            "previous": day - step,
            "next": day + step,
            "zone": clinic.timezone,
            "zone_label": clinic.timezone_label,
            "notice": _minutes_words(clinic.booking_min_notice_minutes),
            "therapists": read.therapists,
            "visit_count": len(read.visits),
            "free_count": sum(len(starts) for starts in read.free.values()),
            "can_add": self.has_add_permission(request),
            "home_is_calendar": home_is_calendar(request.user),
        }
        links = Links(
            change_base=reverse("admin:intake_visit_changelist"),
            add_url=reverse("admin:intake_visit_add") if context["can_add"] else None,
        )
        if view == "week":
            context["rows"] = week_rows(read)
            context["calendar"] = week_html(context["rows"], days, rules.today, links)
        else:
            context["labels"], context["columns"] = day_columns(read, day)
            context["calendar"] = day_html(context["labels"], context["columns"], links)
        return TemplateResponse(request, "admin/intake/visit/calendar.html", context)

    def get_changeform_initial_data(self, request):
        """From a free time on the calendar: its therapist and start (an ISO time with its
        offset); anything unreadable is left for the form to ask."""
        initial = super().get_changeform_initial_data(request)
        initial.pop("from", None)
        try:
            start = datetime.fromisoformat(initial.pop("start", ""))
        except ValueError:
            return initial
        # Aware and within reason: year 9999 would overflow turning into the clinic's time.
        if start.tzinfo is not None and 2000 <= start.year <= 2100:
            initial["start"] = start
        return initial

    def response_add(self, request, obj, post_url_continue=None):
        if request.GET.get("from") != "calendar":
            return super().response_add(request, obj, post_url_continue)
        when = visit_when_long(obj.start, request.clinic.timezone)
        self.message_user(
            request,
            f"Booked {obj.case.runner} with {obj.therapist} on {when} "
            f"({request.clinic.timezone_label}).",
            messages.SUCCESS,
        )
        day = timezone.localtime(obj.start).date()
        return redirect(f"{reverse('admin:intake_visit_calendar')}?day={day:%Y-%m-%d}")

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


def _day_asked(request, today: date) -> date:
    """The ?day= asked for, or today with a message when it cannot be read."""
    asked = request.GET.get("day", "")
    if not asked:
        return today
    try:
        day = date.fromisoformat(asked)
    except ValueError:
        day = None
    if day is None or not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        messages.warning(request, f"{asked[:20]!r} is not a date like 2026-12-02: showing today.")
        return today
    return day


def _minutes_words(minutes: int) -> str:
    if minutes and minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"
