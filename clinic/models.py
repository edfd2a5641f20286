import hashlib
import zoneinfo
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def portal_host() -> str:
    """The portal's own host name, from PORTAL_BASE_URL: the right side of every Message-ID
    and calendar UID it makes. An IPv6 address (colons) is no valid id-right: localhost."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or ""
    return host if host and ":" not in host else "localhost"


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known timezone, e.g. America/New_York")


# How people name the zones a US clinic is likely to be in; any other zone shows its name.
_ZONE_WORDS = {
    "America/New_York": _("Eastern time"),
    "America/Detroit": _("Eastern time"),
    "America/Indiana/Indianapolis": _("Eastern time"),
    "America/Chicago": _("Central time"),
    "America/Denver": _("Mountain time"),
    "America/Phoenix": _("Mountain time"),
    "America/Los_Angeles": _("Pacific time"),
    "America/Anchorage": _("Alaska time"),
    "Pacific/Honolulu": _("Hawaii time"),
}


def timezone_label(zone: str) -> str:
    """In the language of the page or e-mail: "Eastern time", "hora del Este"."""
    named = _ZONE_WORDS.get(zone)
    if named:
        return str(named)
    return gettext("%(place)s time") % {"place": zone.rsplit("/", 1)[-1].replace("_", " ")}


SPANISH_HELP = "What a runner reading Spanish sees; blank shows them the English."


class ClinicProfile(models.Model):
    """The practice's own facts: one row, edited in the admin, never hard-coded in templates."""

    name = models.CharField(max_length=120, default="Endurance Unleashed Physical Therapy")
    tagline = models.CharField(
        max_length=200, default="Physical therapy for runners across North Carolina"
    )
    # Each runner-facing text has its Spanish beside it (`*_es`): blank shows the English to a
    # Spanish reader (clinic.i18n.in_language; templates: `clinic|in_language:"tagline"`).
    tagline_es = models.CharField(
        "tagline (Spanish)",
        max_length=200,
        blank=True,
        default="Fisioterapia para corredores en todo Carolina del Norte",
        help_text=SPANISH_HELP,
    )
    phone = models.CharField(max_length=30, default="919-516-9050")
    timezone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_timezone]
    )
    discovery_visit_blurb = models.TextField(
        default=(
            "A free 30-minute Discovery Visit with a physical therapist who treats runners: "
            "we listen to your story, look at how you move and tell you honestly whether we "
            "can help - without medications, injections or unnecessary rest."
        )
    )
    discovery_visit_blurb_es = models.TextField(
        "Discovery Visit blurb (Spanish)",
        blank=True,
        default=(
            "Una Visita de Evaluación gratuita de 30 minutos con un fisioterapeuta que trata a "
            "corredores: escuchamos su historia, observamos cómo se mueve y le decimos con "
            "sinceridad si podemos ayudarle, sin medicamentos, inyecciones ni reposo innecesario."
        ),
        help_text=SPANISH_HELP,
    )
    staff_alert_emails = models.TextField(
        default="frontdesk@endurance-unleashed.example",
        help_text="Addresses alerted at once about emergency and urgent intakes, one per line.",
    )
    # Clinic policy from its own material, not a medical fact (CLINICAL.md section 6).
    pain_after_rest_hours = models.CharField(
        max_length=20,
        default="48-72",
        help_text="Clinic policy: how long pain after rest counts as a warning sign, in hours.",
    )
    shoe_replacement_miles = models.CharField(
        max_length=20,
        default="300-500",
        help_text="Clinic policy: mileage range at which the clinic suggests new running shoes.",
    )
    consent_text = models.TextField(
        default=(
            "I agree that Endurance Unleashed Physical Therapy may store the answers I give "
            "here to assess my hip pain and contact me about my care. This form does not "
            "replace emergency care: if you think you have an emergency, call 911."
        )
    )
    consent_text_es = models.TextField(
        "consent text (Spanish)",
        blank=True,
        default=(
            "Acepto que Endurance Unleashed Physical Therapy guarde las respuestas que doy "
            "aquí para evaluar el dolor de mi cadera y comunicarse conmigo sobre mi atención. "
            "Este formulario no reemplaza la atención de emergencia: si cree que tiene una "
            "emergencia, llame al 911."
        ),
        help_text=SPANISH_HELP + " It must say exactly what the English says.",
    )
    consent_version = models.CharField(
        max_length=20,
        default="2026-11",
        help_text=(
            "Stored with each case beside the language it was shown in: change it whenever "
            "the consent text changes, in either language."
        ),
    )
    booking_min_notice_minutes = models.PositiveIntegerField(
        default=120,
        help_text="How soon before a visit it can still be booked, changed or cancelled online.",
    )
    booking_horizon_days = models.PositiveIntegerField(
        default=60, help_text="How far ahead visits can be booked online."
    )
    checkin_hour = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(6), MaxValueValidator(21)],
        help_text="Local hour (6-21) at which check-in e-mails go out: never at night.",
    )
    area_served = models.CharField(
        max_length=200,
        default="North Carolina",
        help_text="Where the clinic's runners come from, as search engines show it (the guide).",
    )
    address = models.CharField(
        max_length=200,
        default="Endurance Unleashed Physical Therapy, Raleigh, NC",
        help_text="Where in-clinic visits happen (shown in confirmations and calendar files).",
    )

    class Meta:
        verbose_name = "clinic profile"

    def __str__(self) -> str:
        return self.name

    @property
    def timezone_label(self) -> str:
        """The clinic's timezone as runners say it ("Eastern time"), beside every time shown."""
        return timezone_label(self.timezone)

    @classmethod
    def load(cls) -> "ClinicProfile":
        profile, _created = cls.objects.get_or_create(pk=1)
        return profile

    def staff_alert_list(self) -> list[str]:
        return [line.strip() for line in self.staff_alert_emails.splitlines() if line.strip()]


class Therapist(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="therapist"
    )
    display_name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Free minutes kept after each visit."
    )

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WorkingHours(models.Model):
    """A weekly range in the clinic's local time; several per day are fine."""

    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["therapist", "weekday", "start"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="working_hours_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class TimeOff(models.Model):
    therapist = models.ForeignKey(Therapist, on_delete=models.CASCADE, related_name="time_off")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="time_off_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.therapist} off {self.start:%Y-%m-%d %H:%M}"


class CalendarVersion(models.Model):
    """One number that every write able to change a free visit time moves on (a visit
    booked, moved or cancelled; working hours, time off, a buffer or a visit type edited),
    in the same transaction. Cached availability is keyed on it, so a cache entry never
    outlives the calendar it was computed from."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"calendar version {self.version}"

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0

    @classmethod
    def bump(cls, using: str | None = None) -> None:
        rows = cls.objects.db_manager(using)
        if not rows.filter(pk=1).update(version=models.F("version") + 1):
            rows.get_or_create(pk=1, defaults={"version": 1})


class PrivateLink(models.Model):
    """A runner's way in: only the SHA-256 of the random token is stored."""

    class Purpose(models.TextChoices):
        INTAKE_RESUME = "intake-resume", "Resume an intake"
        INTAKE_INVITE = "intake-invite", "Complete the intake before a visit"
        VISIT_MANAGE = "visit-manage", "Change or cancel a visit"
        PLAN = "plan", "Open an exercise and return-to-run plan"
        # A calendar app fetches the feed without cookies, so this token stays in its URL;
        # the feed carries dates and a link, never what the sessions hold.
        PLAN_FEED = "plan-feed", "Calendar feed of a plan's sessions"
        CHECKIN = "checkin", "Answer a follow-up check-in"
        CARE = "care", "Open My care (the runner's home)"
        # List-Unsubscribe of a plan's check-in e-mails: opened by mail apps without cookies.
        CHECKINS_STOP = "checkins-stop", "Stop a plan's check-in e-mails"
        # A therapist's own visits as a calendar feed (their phone's calendar app fetches it
        # without cookies): runners by first name and initial, no health details.
        THERAPIST_FEED = "therapist-feed", "Calendar feed of a therapist's visits"

    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["purpose", "object_id"]),
            # Retention: links past their expiry, oldest first.
            models.Index(fields=["expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.object_id}"


class OutboundEmail(models.Model):
    """An e-mail that must go out: written in the transaction that caused it, sent by the
    beat tick. The body is rendered at send time by the renderer registered for `kind`, so
    tokens for private links are never stored in clear."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "No longer needed"

    idempotency_key = models.CharField(max_length=120)  # unique: see Meta.constraints
    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    to = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Which dispatch claimed the row: a batch is claimed with one UPDATE and read back by it.
    claim_token = models.CharField(max_length=32, blank=True)  # indexed: see Meta.indexes
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the e-mail announces, as it was when the e-mail was written (a visit's time and
    # calendar sequence): a visit moved and then cancelled a minute later still gets a
    # "new time" e-mail with the moved event, and a cancellation with its own. No tokens,
    # no health details.
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "due_at"]),
            # The e-mail of one check-in or visit, shown on its admin page.
            models.Index(fields=["kind", "object_id"]),
            # Retention: sent e-mails older than OUTBOX_RETENTION_DAYS, oldest first.
            models.Index(
                fields=["sent_at"], condition=models.Q(status="sent"), name="outbox_sent_idx"
            ),
            # A claimed batch read back by its token.
            models.Index(fields=["claim_token"], name="outbox_claim_token"),
        ]
        # The key and the claim token are only ever compared whole. Declared here rather
        # than with unique=True / db_index=True, which on PostgreSQL also build a second,
        # LIKE-ready index of each: two more index entries for every claim and every sent
        # mark (a quarter of a mark's WAL), for searches nothing makes.
        constraints = [
            models.UniqueConstraint(fields=["idempotency_key"], name="outbox_idempotency_key"),
        ]
        verbose_name = "outbound e-mail"

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"

    @property
    def message_id(self) -> str:
        """RFC 5322 `<id-left@id-right>`, the same on every attempt (mail apps fold a
        re-sent duplicate away) and never shared by two e-mails: the row's creation time
        and id, and a digest of its key (keys hold addresses and colons, which an id-left
        may not), at the portal's own host."""
        digest = hashlib.sha256(self.idempotency_key.encode()).hexdigest()[:16]
        return f"<{self.created_at:%Y%m%d%H%M%S}.{self.pk}.{digest}@{portal_host()}>"


class Heartbeat(models.Model):
    """When a periodic job last ran, shared by every process through the database (each
    process's cache is its own): /healthz reads the dispatch tick's."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"


class AuditQuerySet(models.QuerySet):
    """The audit trail only grows: no bulk update or delete path exists in the code (and on
    PostgreSQL a trigger refuses them too, migration 0009)."""

    def update(self, **kwargs):
        raise TypeError("audit events are append-only")

    def delete(self):
        raise TypeError("audit events are append-only")


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Written for every staff view and
    change of runners' records; never changed. `detail` names fields or actions, never the
    values, so the trail itself holds no health details."""

    class Action(models.TextChoices):
        LIST = "list", "Listed"
        VIEW = "view", "Viewed"
        ADD = "add", "Added"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        ACTION = "action", "Admin action"
        EXPORT = "export", "Exported"
        ERASE = "erase", "Erased"
        LOGIN = "login", "Logged in (password and code)"
        OTP_ENROL = "otp-enrol", "Set up an authenticator app"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No database constraint and no cascade: deleting a user must never touch the trail.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        # Only "view": nobody, clinic admins included, is ever given add, change or delete.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            # The admin list's filters and exact searches, each newest first.
            models.Index(fields=["action", "at"]),
            models.Index(fields=["object_type", "at"]),
            models.Index(fields=["object_id"]),
            models.Index(fields=["ip"]),
        ]
        verbose_name = "audit event"

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit events are append-only")


class RateLimitCounter(models.Model):
    """Attempts per (scope, key, fixed window), counted in the database so a limit holds
    across every web process and server. The key is a SHA-256 (of an address or an e-mail),
    so the table names nobody. clinic/ratelimit.py increments it in one atomic statement."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="one_counter_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.count} since {self.window_start:%Y-%m-%d %H:%M}"
