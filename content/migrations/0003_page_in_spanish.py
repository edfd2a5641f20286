"""The guide in Spanish beside the English: four columns (history too), the seed's Spanish."""

from django.db import migrations, models


def spanish_write(apps, schema_editor):
    """The seeded pages' Spanish (content/seed_es.py), only where it is blank."""
    from content.seed_es import spanish_write

    spanish_write(apps.get_model("content", "Page"))


class Migration(migrations.Migration):

    dependencies = [
        ('content', '0002_guide_pages'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpage',
            name='body_es',
            field=models.TextField(blank=True, help_text='Markdown, with the same {placeholders} as the English.', verbose_name='body (Spanish)'),
        ),
        migrations.AddField(
            model_name='historicalpage',
            name='meta_description_es',
            field=models.CharField(blank=True, max_length=160, verbose_name='meta description (Spanish)'),
        ),
        migrations.AddField(
            model_name='historicalpage',
            name='summary_es',
            field=models.CharField(blank=True, max_length=300, verbose_name='summary (Spanish)'),
        ),
        migrations.AddField(
            model_name='historicalpage',
            name='title_es',
            field=models.CharField(blank=True, max_length=120, verbose_name='title (Spanish)'),
        ),
        migrations.AddField(
            model_name='page',
            name='body_es',
            field=models.TextField(blank=True, help_text='Markdown, with the same {placeholders} as the English.', verbose_name='body (Spanish)'),
        ),
        migrations.AddField(
            model_name='page',
            name='meta_description_es',
            field=models.CharField(blank=True, max_length=160, verbose_name='meta description (Spanish)'),
        ),
        migrations.AddField(
            model_name='page',
            name='summary_es',
            field=models.CharField(blank=True, max_length=300, verbose_name='summary (Spanish)'),
        ),
        migrations.AddField(
            model_name='page',
            name='title_es',
            field=models.CharField(blank=True, max_length=120, verbose_name='title (Spanish)'),
        ),
        migrations.RunPython(spanish_write, migrations.RunPython.noop),
    ]
