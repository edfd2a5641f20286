"""The guide and the clinic's own texts for a runner who reads Spanish: the Spanish the clinic
wrote (seeded for the six first pages and the stock profile), the English where it is blank,
and a cache that never hands one language's page to the other's reader."""

import pytest
from django.core.cache import cache

from clinic.models import ClinicProfile
from content.models import Page
from content.seed import pages_write
from content.seed_es import spanish_write
from programs.services import library_seed
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def guide():
    library_seed()
    pages_write(Page)


def to_spanish(client):
    client.post("/language/", {"language": "es", "next": "/"})


def text(response) -> str:
    return response.content.decode()


def test_home_and_step_1_show_the_clinics_tagline_blurb_and_consent_in_spanish(client):
    to_spanish(client)
    home = text(client.get("/"))
    assert "Fisioterapia para corredores en todo Carolina del Norte" in home
    assert "Una Visita de Evaluación gratuita de 30 minutos" in home
    assert "Physical therapy for runners" not in home
    step = text(client.get("/intake/step/1/"))
    assert "Acepto que Endurance Unleashed Physical Therapy guarde las respuestas" in step
    assert "llame al 911" in step
    assert "I agree that Endurance" not in step


def test_english_readers_keep_the_english(client):
    assert "Physical therapy for runners across North Carolina" in text(client.get("/"))
    step = text(client.get("/intake/step/1/"))
    assert "I agree that Endurance Unleashed" in step and "Acepto" not in step


def test_a_blank_spanish_text_shows_the_english(client):
    profile = ClinicProfile.load()
    profile.tagline, profile.tagline_es = "Runners first", ""
    profile.consent_text, profile.consent_text_es = "We keep your answers.", " "
    profile.save()
    to_spanish(client)
    assert "Runners first" in text(client.get("/"))
    assert "We keep your answers." in text(client.get("/intake/step/1/"))


def test_the_six_pages_read_in_spanish_and_a_blank_spanish_page_reads_in_english(client):
    to_spanish(client)
    index = text(client.get("/guide/"))
    assert "Por qué empieza a doler la cadera de un corredor" in index
    page = text(client.get("/guide/warning-signs/"))
    assert "<h1>Señales de alarma: cuándo dejar de correr y hacerse revisar</h1>" in page
    assert "48-72 horas" in page  # the clinic's policy filled into the Spanish too
    assert "Revise sus síntomas en 10 minutos</a>" in page
    assert "Warning signs" not in page
    exercises = text(client.get("/guide/exercises/"))
    assert "Puente de glúteo" in exercises  # the library's Spanish on the cards

    Page.objects.filter(slug="causes").update(title_es="", body_es="")
    cache.clear()
    causes = text(client.get("/guide/causes/"))
    assert "<h1>Why a runner&#x27;s hip starts to hurt</h1>" in causes
    assert "Most of the runners who come to us" in causes
    assert "Las cuatro causas" in causes  # the summary still has its Spanish


def test_the_cache_keeps_each_language_apart(client):
    english = text(client.get("/guide/exercises/"))  # fills the cache in English
    assert "Glute bridge" in english
    to_spanish(client)
    spanish = text(client.get("/guide/exercises/"))
    assert "Puente de glúteo" in spanish and ">Glute bridge<" not in spanish
    assert "Nuestros cuatro ejercicios" in spanish
    client.post("/language/", {"language": "en", "next": "/"})
    again = text(client.get("/guide/exercises/"))
    assert ">Glute bridge<" in again and "Puente de glúteo" not in again


def test_the_seed_never_overwrites_the_clinics_spanish():
    Page.objects.filter(slug="causes").update(title_es="Nuestro título")
    spanish_write(Page)
    assert Page.objects.get(slug="causes").title_es == "Nuestro título"


def test_the_admin_edits_both_languages_and_history_keeps_the_spanish(admin_client):
    page = Page.objects.get(slug="causes")
    url = f"/admin/content/page/{page.pk}/change/"
    form = admin_client.get(url)
    assert 'name="body_es"' in text(form)
    data = change_form_data(form)
    edit = {**data, "title": "Why hips hurt", "title_es": "Por qué duelen las caderas"}
    assert admin_client.post(url, edit).status_code == 302
    latest = page.history.first()
    assert (latest.title, latest.title_es) == ("Why hips hurt", "Por qué duelen las caderas")

    profile = ClinicProfile.load()
    url = f"/admin/clinic/clinicprofile/{profile.pk}/change/"
    data = change_form_data(admin_client.get(url))
    edit = {**data, "tagline_es": "Corremos con usted", "consent_text_es": "Acepto."}
    assert admin_client.post(url, edit).status_code == 302
    profile.refresh_from_db()
    assert (profile.tagline_es, profile.consent_text_es) == ("Corremos con usted", "Acepto.")


def test_a_spanish_intake_stores_the_consent_version_with_the_language_it_was_read_in(
    client, admin_client
):
    from intake.models import Case
    from tests.intake.steps import complete_intake

    to_spanish(client)
    complete_intake(client)
    case = Case.objects.get()
    assert (case.consent_version, case.language) == (ClinicProfile.load().consent_version, "es")
    assert case.consent_at is not None
    staff = text(admin_client.get(f"/admin/intake/case/{case.pk}/change/"))
    assert f"Version {case.consent_version}, read in Spanish (español), given" in staff
