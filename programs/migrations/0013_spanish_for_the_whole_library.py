"""The Spanish of every library exercise, and of the clinic's template names, phase names and
goals and return-to-run stage names, for portals seeded before it existed; only empty Spanish
columns are written (the clinic's own edits are kept), so running it on any database is safe.
Plans already issued gain the same Spanish where their English is the library's own word for
word, so a runner who reads Spanish sees it on the plan they have."""

from django.db import migrations

from programs.library_es import fill_issued_plans, fill_spanish


def forwards(apps, schema_editor):
    model = apps.get_model
    fill_spanish(
        model("programs", "Exercise").objects.all(),
        model("programs", "ProgramTemplate").objects.all(),
        model("programs", "TemplatePhase").objects.select_related("template"),
        model("programs", "RunStage").objects.select_related("template"),
    )
    fill_issued_plans(
        model("programs", "Plan").objects.all(),
        model("programs", "PlanPhase").objects.all(),
        model("programs", "PlanStage").objects.all(),
        model("programs", "PlanItem").objects.all(),
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0012_spanish_names_of_templates_phases_and_stages")]

    # Backwards: nothing to undo that the schema migration's removal does not drop.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
