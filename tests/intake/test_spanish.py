"""A runner who reads Spanish: the switch on every page, kept in the session and on the
runner, so the e-mails and the private links later open in Spanish; staff pages stay English."""

import re

import pytest
from django.core import mail

from clinic.outbox import outbox_dispatch
from intake.models import Runner
from tests.intake.steps import complete_intake
from tests.intake.test_booking import at, book, new_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("booking_clock")]


def h1(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def to_spanish(client, back="/"):
    return client.post("/language/", {"language": "es", "next": back})


def test_the_switch_turns_every_runner_page_to_spanish_and_back(client):
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert 'name="language" value="es" lang="es"' in page  # the switch, named in Spanish

    answer = to_spanish(client, "/intake/step/1/")
    assert answer.status_code == 302 and answer["Location"] == "/intake/step/1/"

    step = client.get("/intake/step/1/")
    assert '<html lang="es">' in step.content.decode()
    assert step["Content-Language"] == "es"
    assert h1(step) == "Contacto y consentimiento"
    assert "Nombre" in step.content.decode()

    client.post("/language/", {"language": "en", "next": "/"})
    assert h1(client.get("/intake/step/1/")) == "Contact and consent"


def test_errors_are_in_spanish_and_keep_what_was_typed(client):
    to_spanish(client)
    page = client.post("/intake/step/1/", {"first_name": "Maya", "email": "maya"}).content.decode()
    assert "Hay un problema" in page
    assert "Escriba su apellido." in page
    assert 'value="Maya"' in page


def test_the_switch_refuses_to_send_the_runner_to_another_site(client):
    answer = client.post("/language/", {"language": "es", "next": "https://evil.example/"})
    assert answer["Location"] == "/"
    assert client.get("/language/").status_code == 405


def test_an_unknown_language_falls_back_to_english(client):
    client.post("/language/", {"language": "xx", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_a_browser_asking_for_spanish_gets_it_until_the_runner_chooses(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9").content.decode()
    assert '<html lang="es">' in page
    client.post("/language/", {"language": "en", "next": "/"})
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9").content.decode()
    assert '<html lang="en">' in page


def test_an_intake_in_spanish_stores_spanish_on_the_runner_and_mails_in_spanish(client):
    to_spanish(client)
    result = complete_intake(client)
    assert result.status_code == 302
    assert Runner.objects.get().language == "es"
    outbox_dispatch()
    subjects = sorted(m.subject for m in mail.outbox if m.to == ["maya@example.com"])
    assert subjects == [
        "Hemos recibido su cuestionario",
        "Su cuestionario: continúe donde lo dejó",
    ]
    body = next(m.body for m in mail.outbox if m.subject.startswith("Hemos"))
    assert body.startswith("Hola:")


def test_a_booking_confirmation_is_in_the_runners_language_with_the_zone_named(therapist):
    case = new_case()
    Runner.objects.filter(pk=case.runner_id).update(language="es")
    book(case, therapist, at(10))
    outbox_dispatch()
    [confirmation] = [m for m in mail.outbox if "reservada" in m.subject]
    assert confirmation.subject == "Su Visita de Evaluación gratuita está reservada"
    # Tuesday 2 June 2026, 10:00 in New York, written as a Spanish reader writes it.
    assert "martes 2 de junio de 2026 a las 10:00 a. m., hora del Este" in confirmation.body
    staff = [m for m in mail.outbox if "Discovery Visit" in m.subject]
    assert staff and all("was booked" in m.subject for m in staff)  # staff: English


def test_a_private_link_opens_in_the_runners_language_on_a_new_device(client, therapist):
    case = new_case()
    Runner.objects.filter(pk=case.runner_id).update(language="es")
    book(case, therapist, at(10))
    outbox_dispatch()
    [confirmation] = [m for m in mail.outbox if "reservada" in m.subject]
    link = re.search(r"http://testserver(/visit/[^/\s]+/)", confirmation.body).group(1)
    page = client.get(link, follow=True)
    assert '<html lang="es">' in page.content.decode()
    assert "Cambiar o cancelar" in page.content.decode() or "Agregar al calendario" in (
        page.content.decode()
    )


def test_switching_with_a_case_in_the_session_stores_it_on_the_runner(client):
    complete_intake(client)
    runner = Runner.objects.get()
    assert runner.language == "en"
    to_spanish(client, "/care/")
    runner.refresh_from_db()
    assert runner.language == "es"
    assert h1(client.get("/care/")) == "Mi atención"


def test_staff_pages_stay_english_whatever_the_session_says(admin_client):
    admin_client.post("/language/", {"language": "es", "next": "/admin/"})
    page = admin_client.get("/admin/")
    assert page.status_code == 200
    assert '<html lang="en"' in page.content.decode()
