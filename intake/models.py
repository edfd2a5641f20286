from django.db import models
from django.utils import timezone

from intake.triage.levels import LABELS, LEVELS, RANK


class Runner(models.Model):
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    phone = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["email"])]

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

    class Meta:
        indexes = [models.Index(fields=["updated_at"])]

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

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        VISIT_BOOKED = "visit_booked", "Visit booked"
        IN_PROGRAM = "in_program", "In program"
        DISCHARGED = "discharged", "Discharged"
        REFERRED_OUT = "referred_out", "Referred out"

    runner = models.ForeignKey(Runner, on_delete=models.PROTECT, related_name="cases")
    draft = models.OneToOneField(
        IntakeDraft, null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
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

    consent_version = models.CharField(max_length=20)
    consent_at = models.DateTimeField()

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_therapist = models.ForeignKey(
        "clinic.Therapist", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    notes = models.TextField("internal notes", blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    contacted_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["triage_rank", "submitted_at", "id"], name="case_queue_idx"),
            models.Index(fields=["status", "triage_rank", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"Case #{self.pk}"
