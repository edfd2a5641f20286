"""Check-ins and the progression decisions they produce (imported by programs.models)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.i18n import as_told
from intake.models import Case


class CheckIn(models.Model):
    class Kind(models.TextChoices):
        NUDGE_BOOKING = "nudge_booking", _("Booking nudge (no visit 48 h after the intake)")
        AFTER_REST = "after_rest", _("Pain still there after rest? (72 h)")
        MORNING_AFTER = "morning_after", _("Morning after a run")
        WEEKLY = "weekly", _("Weekly")
        LEFS = "lefs", _("LEFS (every 4 weeks)")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        ANSWERED = "answered", _("Answered")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("No longer needed")

    # One check-in per cause: writing the same one twice is a no-op.
    key = models.CharField(max_length=80, unique=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checkins")
    plan = models.ForeignKey(
        "programs.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="checkins"
    )
    session = models.ForeignKey(
        "programs.PlanSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkins",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    answers = models.JSONField(default=dict, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The language the runner answered in ("" before it was kept: read the case's), so a
    # Spanish LEFS is known for what it is even when the intake was in English.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, blank=True)
    triage_level = models.CharField(max_length=12, blank=True)
    # Staff review: why a human should look, most serious first (lower rank first).
    needs_review = models.BooleanField(default=False)
    review_rank = models.PositiveSmallIntegerField(default=9)
    review_reasons = models.JSONField(default=list, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_at"]
        indexes = [
            # The review queue in its full order, read in order with no sort. Partial: on
            # (needs_review, reviewed_at, ...) PostgreSQL sorts anyway, as "IS NULL" does not
            # count as an equality for the columns after it.
            models.Index(
                fields=["review_rank", "answered_at", "due_at", "id"],
                condition=models.Q(needs_review=True, reviewed_at__isnull=True),
                name="checkin_review_queue_idx",
            ),
            models.Index(fields=["status", "due_at"]),
            # The admin's "All" and "Reviewed" lists, in the queue's order.
            models.Index(fields=["review_rank", "answered_at", "due_at", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} check-in #{self.pk}"

    def answered_in(self) -> str:
        return self.language or self.case.language


class Decision(models.Model):
    """What an answered check-in means for the return to running, with everything it was
    decided from, and whether it has been applied."""

    class Action(models.TextChoices):
        ADVANCE = "advance", _("Move on to the next stage")
        REPEAT = "repeat", _("Stay at this stage")
        STEP_BACK = "step_back", _("Step back one stage")
        STOP = "stop", _("Stop running and contact the clinic")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        PENDING = "pending", _("Waiting for the therapist")
        APPROVED = "approved", _("Approved")
        OVERRIDDEN = "overridden", _("Overridden")

    plan = models.ForeignKey("programs.Plan", on_delete=models.CASCADE, related_name="decisions")
    checkin = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    stage = models.ForeignKey(
        "programs.PlanStage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField()  # in English, for staff
    # What the runner was told, in their language (as the intake's Case keeps its reasons).
    reason_shown = models.TextField(
        blank=True, help_text="The reason as the runner was shown it, in `language`."
    )
    language = models.CharField(
        max_length=8,
        choices=Case._meta.get_field("language").choices,  # "Spanish (español)" for staff
        default="en",
        help_text="The language the runner was shown the reason in.",
    )
    inputs = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices)
    final_action = models.CharField(max_length=10, choices=Action.choices, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at"]
        indexes = [
            models.Index(fields=["status", "decided_at"]),
            models.Index(fields=["decided_at"]),  # the admin's list, newest first
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.get_status_display()})"

    @property
    def reason_told(self) -> str:
        """The reason for the page being rendered: the runner's words on their pages."""
        return as_told(self.reason, self.reason_shown, self.language)
