"""The Outcomes dashboard's summary table (imported by programs.models)."""

from django.db import models


class OutcomeFact(models.Model):
    """How many of something, for one clinic day, one therapist and one value: "12 intakes
    submitted on May 4 for Dana", "3 urgent cases contacted 45 minutes after their intake".
    Rewritten every night by programs.outcomes.outcomes_refresh; the dashboard sums these
    rows, so its cost follows the days and values shown, never the number of cases."""

    day = models.DateField()
    # Empty for what belongs to no therapist (intakes started) or to none yet.
    therapist = models.ForeignKey(
        "clinic.Therapist", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    measure = models.CharField(max_length=20)
    value = models.IntegerField(default=0)
    count = models.PositiveIntegerField()
    total = models.BigIntegerField(default=0)  # the sum of a mean's values (pain scores)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = "outcome"
        verbose_name_plural = "outcomes"
        # The dashboard sums a range of days: on PostgreSQL straight from the index.
        indexes = [
            models.Index(
                fields=["day"],
                include=["measure", "value", "therapist", "count", "total"],
                name="outcomefact_day_idx",
            ),
            # "Figures as of": the newest refresh, read from the index's end.
            models.Index(fields=["computed_at"], name="outcomefact_computed_idx"),
        ]
        permissions = [("view_outcomes", "Can see the clinic's outcomes (aggregates only)")]

    def __str__(self) -> str:
        return f"{self.measure} {self.value} on {self.day}: {self.count}"
