from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intake.triage.levels import LABELS, LEVELS, RANK


class Runner(models.Model):
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    phone = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a clinic admin erased the runner: personal fields are anonymised, the
    # de-identified rows stay for counts.
    erased_at = models.DateTimeField(null=True, blank=True)
    # The language the runner reads the portal in: their e-mails and links open in it.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")

    class Meta:
        indexes = [models.Index(fields=["email"])]
        permissions = [
            ("export_runner", "Can export everything about a runner"),
            ("erase_runner", "Can erase a runner (anonymise)"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class IntakeDraft(models.Model):
    """The server-side copy of a runner's unfinished intake: what they typed per step, valid
    or not, so nothing is lost to a validation error, a back button or a closed tab."""

    steps = models.JSONField(default=dict)  # step number (str) -> raw form data
    furthest_step = models.PositiveSmallIntegerField(default=1)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The language the intake was filled in: its resume e-mail is written in it.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    # Set when the draft completes the intake of a case opened by booking without one.
    for_case = models.ForeignKey(
        "Case", null=True, blank=True, on_delete=models.CASCADE, related_name="invited_drafts"
    )

    class Meta:
        indexes = [
            models.Index(fields=["updated_at"]),
            # The nightly purge of abandoned drafts reads only these.
            models.Index(
                fields=["updated_at"],
                condition=models.Q(submitted_at__isnull=True),
                name="draft_abandoned_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft #{self.pk}"


class CaseQuerySet(models.QuerySet):
    def by_urgency(self):
        """Most serious first, then longest waiting."""
        return self.order_by("triage_rank", "submitted_at", "pk")


class Case(models.Model):
    class Level(models.TextChoices):
        EMERGENCY = LEVELS[0], LABELS[LEVELS[0]]
        URGENT = LEVELS[1], LABELS[LEVELS[1]]
        SOON = LEVELS[2], LABELS[LEVELS[2]]
        ROUTINE = LEVELS[3], LABELS[LEVELS[3]]
        # Booked without an intake (/book/): not triaged until the invited intake arrives.
        PENDING = "pending", "Intake not done"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        VISIT_BOOKED = "visit_booked", "Visit booked"
        IN_PROGRAM = "in_program", "In program"
        DISCHARGED = "discharged", "Discharged"
        REFERRED_OUT = "referred_out", "Referred out"

    runner = models.ForeignKey(Runner, on_delete=models.PROTECT, related_name="cases")
    # No database constraint: the nightly purge clears this link for every draft it removes in
    # one UPDATE first (intake.services.drafts_purge_abandoned); the constraint's trigger cost
    # a check per deleted draft, 9 of the 12 seconds of a 500,000-draft purge.
    draft = models.OneToOneField(
        IntakeDraft,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case",
        db_constraint=False,
    )
    answers = models.JSONField(default=dict)
    lefs_total = models.PositiveSmallIntegerField(null=True, blank=True)
    # Denormalised from answers for the urgency queue: listed, ordered and filtered without
    # reading JSON.
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    main_location = models.CharField(max_length=20, blank=True)
    days_since_onset = models.PositiveIntegerField(null=True, blank=True)

    triage_level = models.CharField(max_length=12, choices=Level.choices)
    # Derived by the database from the level, so the queue's index can never disagree with it.
    triage_rank = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(triage_level=level, then=models.Value(rank))
                for level, rank in RANK.items()
            ),
            default=models.Value(len(RANK)),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    ruleset_version = models.CharField(max_length=20)
    reasons = models.JSONField(default=list)  # snapshot of the fired rules, texts included
    # The language the runner read the result in: `reasons` hold their messages in it, with
    # the English beside them for staff (intake/triage/engine.py).
    language = models.CharField(
        max_length=8,
        choices=[("en", "English"), ("es", "Spanish (español)")],
        default="en",
        help_text="The language the runner was shown the triage result in.",
    )

    consent_version = models.CharField(max_length=20, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.BooleanField(
        default=False, help_text="Booked from a 'soon' result: offer the earliest times."
    )
    call_today = models.BooleanField(
        default=False, help_text="The clinic calls the same day; cleared by 'mark contacted'."
    )
    assigned_therapist = models.ForeignKey(
        "clinic.Therapist", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    notes = models.TextField("internal notes", blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    contacted_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()
    # Every save keeps the previous version, with who made it (staff edits in the admin).
    history = HistoricalRecords(excluded_fields=["triage_rank", "draft"])

    class Meta:
        indexes = [
            models.Index(fields=["triage_rank", "submitted_at", "id"], name="case_queue_idx"),
            models.Index(fields=["status", "triage_rank", "submitted_at"]),
            # The one-minute check-in tick reads the last few days' intakes.
            models.Index(fields=["submitted_at"]),
        ]
        permissions = [
            ("view_clinical", "Can see clinical answers, triage reasons, notes and plans"),
        ]

    def __str__(self) -> str:
        # Names the runner only when already loaded (select_related): a list of past
        # versions or of autocomplete choices must not fetch a runner per row.
        if Case.runner.is_cached(self):
            return f"Case #{self.pk} ({self.runner})"
        return f"Case #{self.pk}"

    @property
    def intake_done(self) -> bool:
        return self.triage_level != self.Level.PENDING


class VisitType(models.Model):
    name = models.CharField(max_length=80, default="Discovery Visit")
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    is_free = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    video_available = models.BooleanField(
        default=False, help_text="Runners may choose a video visit instead of the clinic."
    )
    is_default = models.BooleanField(default=False, help_text="The type runners book online.")
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_visit_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"


ACTIVE_VISIT = ~models.Q(status="cancelled")


class Visit(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        IN_CLINIC = "in_clinic", _("In the clinic")
        VIDEO = "video", _("Video call")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="visits")
    therapist = models.ForeignKey(
        "clinic.Therapist", on_delete=models.PROTECT, related_name="visits"
    )
    visit_type = models.ForeignKey(VisitType, on_delete=models.PROTECT)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_CLINIC)
    start = models.DateTimeField()
    end = models.DateTimeField()
    # end + the therapist's buffer at booking time: what the no-overlap constraint guards.
    blocked_until = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    sequence = models.PositiveIntegerField(default=0, help_text="Bumped on each reschedule.")
    booked_by_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["therapist", "start"]), models.Index(fields=["start"])]
        constraints = [
            # The database refuses a second active visit for the same therapist and start;
            # on PostgreSQL an exclusion constraint (migration 0003) also refuses overlaps.
            models.UniqueConstraint(
                fields=["therapist", "start"],
                condition=ACTIVE_VISIT,
                name="one_active_visit_per_start",
            ),
            # One free visit a runner booked themselves per case at a time (a second booking
            # from a double tap, a second tab or a race refused in words by visit_book);
            # staff may book further visits for a case from the admin.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="booked", booked_by_staff=False),
                name="one_self_booked_visit_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start"), blocked_until__gte=models.F("end")),
                name="visit_times_in_order",
            ),
        ]

    def __str__(self) -> str:
        # Reads no relation: lists and inlines print it for every row.
        return f"Visit #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED
