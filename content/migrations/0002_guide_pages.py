"""The clinic's guide as first written (content/seed.py), so a new portal has it."""

from django.db import migrations


def pages_write(apps, schema_editor):
    from content.seed import english_write

    english_write(apps.get_model("content", "Page"))


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(pages_write, migrations.RunPython.noop)]
