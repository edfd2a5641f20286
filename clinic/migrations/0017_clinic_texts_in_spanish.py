"""The clinic's runner-facing texts in Spanish: the new columns start with the Spanish of the
stock English; where the clinic has already rewritten its English, the Spanish is left blank
(the runner reads the clinic's own English) rather than translating a text it no longer uses."""

from django.db import migrations, models


TEXTS = ("tagline", "discovery_visit_blurb", "consent_text")


def spanish_only_for_stock_english(apps, schema_editor):
    profile_model = apps.get_model("clinic", "ClinicProfile")
    stock = {name: profile_model._meta.get_field(name).default for name in TEXTS}
    for profile in profile_model.objects.all():
        edited = [f"{name}_es" for name in TEXTS if getattr(profile, name) != stock[name]]
        for field in edited:
            setattr(profile, field, "")
        if edited:
            profile.save(update_fields=edited)


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0016_clinicprofile_area_served'),
    ]

    operations = [
        migrations.AddField(
            model_name='clinicprofile',
            name='consent_text_es',
            field=models.TextField(blank=True, default='Acepto que Endurance Unleashed Physical Therapy guarde las respuestas que doy aquí para evaluar el dolor de mi cadera y comunicarse conmigo sobre mi atención. Este formulario no reemplaza la atención de emergencia: si cree que tiene una emergencia, llame al 911.', help_text='What a runner reading Spanish sees; blank shows them the English. It must say exactly what the English says.', verbose_name='consent text (Spanish)'),
        ),
        migrations.AddField(
            model_name='clinicprofile',
            name='discovery_visit_blurb_es',
            field=models.TextField(blank=True, default='Una Visita de Evaluación gratuita de 30 minutos con un fisioterapeuta que trata a corredores: escuchamos su historia, observamos cómo se mueve y le decimos con sinceridad si podemos ayudarle, sin medicamentos, inyecciones ni reposo innecesario.', help_text='What a runner reading Spanish sees; blank shows them the English.', verbose_name='Discovery Visit blurb (Spanish)'),
        ),
        migrations.AddField(
            model_name='clinicprofile',
            name='tagline_es',
            field=models.CharField(blank=True, default='Fisioterapia para corredores en todo Carolina del Norte', help_text='What a runner reading Spanish sees; blank shows them the English.', max_length=200, verbose_name='tagline (Spanish)'),
        ),
        migrations.AlterField(
            model_name='clinicprofile',
            name='consent_version',
            field=models.CharField(default='2026-11', help_text='Stored with each case beside the language it was shown in: change it whenever the consent text changes, in either language.', max_length=20),
        ),
        migrations.RunPython(spanish_only_for_stock_english, migrations.RunPython.noop),
    ]
