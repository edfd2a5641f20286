"""The Spanish of the clinic's four exercises and its templates' descriptions, for portals
seeded before Spanish existed; only empty Spanish columns are written (the clinic's own
edits are kept), so running it on any database is safe."""

from django.db import migrations

from programs.library_es import fill_spanish


def forwards(apps, schema_editor):
    Exercise = apps.get_model("programs", "Exercise")
    ProgramTemplate = apps.get_model("programs", "ProgramTemplate")
    fill_spanish(Exercise.objects.all(), ProgramTemplate.objects.all())


class Migration(migrations.Migration):
    dependencies = [("programs", "0010_exercise_words_in_spanish")]

    # Backwards: nothing to undo that the schema migration's removal does not drop.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
