"""The exercise library, program and return-to-run templates, and the plans built from them.

Templates are the clinic's stored recipes; a plan is a snapshot. Building a plan copies every
name, instruction, dosage and stage it needs, so editing or deleting a template or an
exercise later never changes a plan a runner already has.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from clinic.i18n import as_told
from intake.models import Case
from programs.media import THUMBNAIL_MAX_SIDE


class Category(models.TextChoices):
    WARM_UP = "warm_up", "Warm-up"
    MOBILITY = "mobility", "Mobility"
    STRENGTH = "strength", "Strength"
    STRETCH = "stretch", "Stretch"
    PLYOMETRIC = "plyometric", "Plyometric"
    CROSS_TRAINING = "cross_training", "Cross-training"
    RUNNING = "running", "Running"


class Each(models.TextChoices):
    NONE = "", "-"
    SIDE = "side", "each side"
    DIRECTION = "direction", "each direction"


class Dosage(models.Model):
    """How much of an exercise: every field optional, shown in words by dosage.describe()."""

    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a range such as 8-10 reps."
    )
    reps_unit = models.CharField(
        max_length=20, default="reps", blank=True, help_text='"reps", "steps", ...'
    )
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds_max = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    each = models.CharField(max_length=10, choices=Each.choices, blank=True, default="")
    rest_seconds = models.PositiveSmallIntegerField(null=True, blank=True)

    DOSAGE_FIELDS = (
        "sets",
        "reps",
        "reps_max",
        "reps_unit",
        "hold_seconds",
        "hold_seconds_max",
        "duration_minutes",
        "each",
        "rest_seconds",
    )

    class Meta:
        abstract = True

    def dosage(self) -> dict:
        return {name: getattr(self, name) for name in self.DOSAGE_FIELDS}


# An exercise's words in Spanish beside the English (per-language fields, README says why):
# the runner reads the Spanish when they read Spanish and it is filled in, else the English.
SPANISH_WORDS = ("name", "steps", "cues", "mistakes", "equipment")


class ExerciseWordsInSpanish(models.Model):
    name_es = models.CharField("name (Spanish)", max_length=120, blank=True)
    steps_es = models.TextField("steps (Spanish)", blank=True, help_text="One per line.")
    cues_es = models.TextField("coaching cues (Spanish)", blank=True, help_text="One per line.")
    mistakes_es = models.TextField(
        "common mistakes (Spanish)", blank=True, help_text="One per line."
    )
    equipment_es = models.CharField("equipment (Spanish)", max_length=120, blank=True)

    class Meta:
        abstract = True


class Exercise(ExerciseWordsInSpanish, Dosage):
    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    steps = models.TextField(help_text="One instruction per line, in order.")
    cues = models.TextField("coaching cues", blank=True, help_text="One per line.")
    mistakes = models.TextField("common mistakes", blank=True, help_text="One per line.")
    equipment = models.CharField(max_length=120, blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the default dosage comes from."
    )
    # Media (programs/media.py): stored through STORAGES["default"], public clinic content.
    # The photo is stored resized, with its size kept for the page's width and height.
    image = models.ImageField(
        "photo",
        upload_to="exercises/",
        width_field="image_width",
        height_field="image_height",
        blank=True,
        help_text="JPEG, PNG or WebP; resized to at most 1200 px, with a thumbnail.",
    )
    image_thumbnail = models.ImageField(upload_to="exercises/thumbs/", blank=True, editable=False)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "photo description (alt text)",
        max_length=200,
        blank=True,
        help_text='What the photo shows, for runners who cannot see it: "Lying on the back, '
        'knees bent, hips lifted in a straight line from knees to shoulders".',
    )
    image_caption = models.CharField("photo caption", max_length=200, blank=True)
    video = models.FileField(
        upload_to="exercises/videos/",
        blank=True,
        help_text="A short MP4 or WebM clip (checked by its content).",
    )
    video_caption = models.CharField(
        max_length=200,
        blank=True,
        help_text='What the video shows, named for every runner: "Glute bridge, side view".',
    )

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def thumbnail_width(self) -> int:
        """The thumbnail's width, from the photo's shape (programs/media.py made it)."""
        width, height = self.image_width or 0, self.image_height or 1
        if width >= height:
            return min(width, THUMBNAIL_MAX_SIDE)
        return round(width * min(1, THUMBNAIL_MAX_SIDE / height))

    @property
    def video_type(self) -> str:
        return "video/webm" if (self.video.name or "").endswith(".webm") else "video/mp4"


class ProgramTemplate(models.Model):
    class Kind(models.TextChoices):
        EXERCISE = "exercise", "Exercise program (phases)"
        RETURN_TO_RUN = "return_to_run", "Return to run (stages)"

    name = models.CharField(max_length=120, unique=True)
    name_es = models.CharField("name (Spanish)", max_length=120, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    description_es = models.TextField("description (Spanish)", blank=True)
    source = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class TemplatePhase(models.Model):
    template = models.ForeignKey(ProgramTemplate, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)
    name_es = models.CharField("name (Spanish)", max_length=120, blank=True)
    goal = models.TextField(blank=True)
    goal_es = models.TextField("goal (Spanish)", blank=True)
    typical_weeks = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1)])
    entry_criteria = models.TextField(blank=True, help_text="Shown to the therapist.")
    exit_criteria = models.TextField(blank=True, help_text="Shown to the therapist.")

    class Meta:
        ordering = ["template", "order"]

    def __str__(self) -> str:
        return f"{self.template}: {self.name}"


class ProgressionRule(models.Model):
    """ "3x12 -> 3x15 after two sessions with pain <= 3/10": the dosage an item moves on to,
    and when. Empty when the item does not progress on its own."""

    progress_sets = models.PositiveSmallIntegerField(null=True, blank=True)
    progress_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    progress_hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    progress_after_sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    progress_max_pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )

    PROGRESSION_FIELDS = (
        "progress_sets",
        "progress_reps",
        "progress_hold_seconds",
        "progress_after_sessions",
        "progress_max_pain",
    )

    class Meta:
        abstract = True

    def progression(self) -> dict:
        return {name: getattr(self, name) for name in self.PROGRESSION_FIELDS}


class TemplateItem(Dosage, ProgressionRule):
    phase = models.ForeignKey(TemplatePhase, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=1)
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT)
    days_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )

    class Meta:
        ordering = ["phase", "order"]

    def __str__(self) -> str:
        return f"{self.exercise} in {self.phase.name}"


class PainMode(models.TextChoices):
    TENDON = "tendon", "Tendon: pain-monitoring model"
    BONE = "bone", "Bone: no pain at all"


class Stage(models.Model):
    """One stage of a graded return to running: intervals, frequency, and its pain rule."""

    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)
    name_es = models.CharField("name (Spanish)", max_length=120, blank=True)
    run_seconds = models.PositiveIntegerField(null=True, blank=True)
    walk_seconds = models.PositiveIntegerField(null=True, blank=True)
    repeats = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Run/walk repeats; empty with a distance."
    )
    distance_miles = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    rpe = models.PositiveSmallIntegerField(
        "effort (RPE 0-10)", null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    sessions_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    rest_days_after = models.PositiveSmallIntegerField(
        default=1, help_text="Days without running after each session."
    )
    min_sessions = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1)], help_text="Before moving on."
    )
    pain_mode = models.CharField(max_length=10, choices=PainMode.choices)
    pain_threshold = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(10)],
        help_text="Tendon mode: the most pain during a run that still counts as fine. "
        "Bone mode: 0.",
    )

    STAGE_FIELDS = (
        "order",
        "name",
        "name_es",
        "run_seconds",
        "walk_seconds",
        "repeats",
        "distance_miles",
        "rpe",
        "sessions_per_week",
        "rest_days_after",
        "min_sessions",
        "pain_mode",
        "pain_threshold",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class RunStage(Stage):
    template = models.ForeignKey(ProgramTemplate, on_delete=models.CASCADE, related_name="stages")

    class Meta:
        ordering = ["template", "order"]


# --- plans: snapshots ------------------------------------------------------------------------


class Plan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    # The templates' names in Spanish (English where a template has none), for the runner.
    title_es = models.CharField("title (Spanish)", max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField()
    end_date = models.DateField()
    templates_used = models.CharField(max_length=400, blank=True)
    auto_progress = models.BooleanField(
        default=False,
        help_text="Move the runner on without waiting for a therapist's approval.",
    )
    bone_clearance_note = models.TextField(
        blank=True, help_text="Recorded before a bone-mode return to run was chosen."
    )
    note_to_runner = models.TextField(blank=True)
    # The return-to-run stage the runner is at; check-in decisions move it (programs.checkins).
    current_stage = models.ForeignKey(
        "PlanStage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    running_stopped_reason = models.TextField(
        blank=True, help_text="Set when a check-in stopped running; the clinic follows up."
    )
    # The same reason as the runner was told it, in their language (the decision's).
    running_stopped_reason_shown = models.TextField(blank=True)
    running_stopped_language = models.CharField(
        max_length=8, choices=Case._meta.get_field("language").choices, default="en"
    )
    checkins_paused_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "Set when the runner stopped the check-in e-mails (the link in each one); "
            "empty it to send them again."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Moves on with every change the runner would see on the plan page, logs included: the
    # page caches what it reads under it (programs.selectors.plan_week_cached). A counter,
    # not a time: two changes in one clock tick must still differ.
    version = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["-created_at"]
        # The admin's list, newest first, and by status.
        indexes = [
            models.Index(fields=["created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        # Reads no relation: lists, history pages and decisions print it for every row.
        return f"{self.title} (plan #{self.pk})"

    @property
    def running_stopped_told(self) -> str:
        """Why running stopped, for the page being rendered: the runner's words on theirs."""
        return as_told(
            self.running_stopped_reason,
            self.running_stopped_reason_shown,
            self.running_stopped_language,
        )

    def touch(self) -> None:
        Plan.objects.filter(pk=self.pk).update(
            version=models.F("version") + 1, updated_at=timezone.now()
        )


class PlanPhase(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField()
    program = models.CharField(max_length=120)
    program_es = models.CharField("program (Spanish)", max_length=120, blank=True)
    name = models.CharField(max_length=120)
    name_es = models.CharField("name (Spanish)", max_length=120, blank=True)
    goal = models.TextField(blank=True)
    goal_es = models.TextField("goal (Spanish)", blank=True)
    weeks = models.PositiveSmallIntegerField()
    entry_criteria = models.TextField(blank=True)
    exit_criteria = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.program}: {self.name}"


class PlanItem(ExerciseWordsInSpanish, Dosage, ProgressionRule):
    # The plan too, not only the phase: the admin edits a plan's items on the plan's page.
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    phase = models.ForeignKey(PlanPhase, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=20, choices=Category.choices)
    steps = models.TextField()
    cues = models.TextField(blank=True)
    mistakes = models.TextField(blank=True)
    equipment = models.CharField(max_length=120, blank=True)
    # The library's exercise, for its photo and video: media are the clinic's teaching
    # material, so a better photo reaches every plan at once, while the words and dosage
    # above stay the plan's own snapshot. A deleted exercise leaves a plan without media.
    exercise = models.ForeignKey(
        Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    days_per_week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase", "order"]

    def __str__(self) -> str:
        return self.name


class PlanStage(Stage):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stages")
    program = models.CharField(max_length=120)
    program_es = models.CharField("program (Spanish)", max_length=120, blank=True)

    class Meta:
        ordering = ["plan", "order"]


class PlanSession(models.Model):
    class Kind(models.TextChoices):
        EXERCISE = "exercise", "Exercise"
        RUN = "run", "Run/walk"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    phase = models.ForeignKey(PlanPhase, null=True, blank=True, on_delete=models.CASCADE)
    stage = models.ForeignKey(PlanStage, null=True, blank=True, on_delete=models.CASCADE)
    # Which of the week's sessions this is (0 first): an item with fewer days a week than
    # the phase's busiest item is in the week's first sessions only.
    slot_in_week = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["date", "kind", "pk"]
        indexes = [models.Index(fields=["plan", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="exercise", phase__isnull=False, stage__isnull=True)
                | models.Q(kind="run", stage__isnull=False, phase__isnull=True),
                name="session_has_its_phase_or_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%a %b %d}"


class SessionLog(models.Model):
    class Outcome(models.TextChoices):
        # The runner reads these on the plan page, in their language.
        DONE = "done", pgettext_lazy("session outcome", "Done")
        PARTLY = "partly", pgettext_lazy("session outcome", "Partly")
        SKIPPED = "skipped", pgettext_lazy("session outcome", "Skipped")

    session = models.OneToOneField(PlanSession, on_delete=models.CASCADE, related_name="log")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    pain_during = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    note = models.TextField(blank=True)
    logged_at = models.DateTimeField(auto_now=True)
    # The phone's own key for a log made offline (static/js/offline.js): sending it again,
    # after a lost answer or a flaky signal, finds this row instead of writing again.
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pain_during__lte=10), name="pain_during_0_to_10"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="skipped") | models.Q(pain_during__isnull=False),
                name="pain_during_unless_skipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.get_outcome_display()}"


from programs.checkins.models import CheckIn, Decision  # noqa: E402, F401 - one models module
from programs.outcome_models import OutcomeFact  # noqa: E402, F401 - one models module
