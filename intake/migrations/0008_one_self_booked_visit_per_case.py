from django.db import migrations, models


def cancel_extra_self_bookings(apps, schema_editor):
    """Before the constraint: where a runner booked the free visit more than once (the bug
    the constraint closes), the first booking stands and the later ones are cancelled."""
    Visit = apps.get_model("intake", "Visit")
    kept: set[int] = set()
    booked = Visit.objects.filter(status="booked", booked_by_staff=False).order_by("created_at")
    for visit in booked.only("pk", "case_id"):
        if visit.case_id in kept:
            Visit.objects.filter(pk=visit.pk).update(
                status="cancelled", cancelled_at=models.functions.Now()
            )
        kept.add(visit.case_id)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0013_privatelink_care_and_stop_outbox_payload"),
        ("intake", "0007_case_draft_link_without_constraint"),
    ]

    operations = [
        migrations.RunPython(cancel_extra_self_bookings, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("booked_by_staff", False), ("status", "booked")),
                fields=("case",),
                name="one_self_booked_visit_per_case",
            ),
        ),
    ]
