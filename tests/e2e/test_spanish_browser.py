"""The routine journey in Spanish, in a real Chromium at phone size: the runner taps Español
on the home page, fills the intake, reads the result and books the free Discovery Visit, all
in Spanish (axe-core clean on each page), and the confirmation e-mail is in Spanish with the
clinic's time zone named; a Spanish runner's check-in e-mail and page are in Spanish, and so
is their plan: its link opens it in Spanish, the timer speaks Spanish, a session is logged."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from clinic.links import link_issue
from clinic.models import PrivateLink
from clinic.outbox import outbox_dispatch
from intake.demo import demo_answers
from intake.models import Runner
from intake.services import case_open
from programs.models import ProgramTemplate
from programs.services import PlanDraft, library_seed, plan_build
from programs.suggest import HIP_STRENGTH, WALK_RUN
from tests.e2e.test_booking_browser import therapist  # noqa: F401 (a fixture)
from tests.e2e.test_checkin_browser import yesterdays_run  # noqa: F401 (a fixture)
from tests.e2e.test_intake_browser import (
    SMALL_PHONE,
    choose,
    heading,
    posting,
    posting_step,
    scroll_width,
)

pytestmark = pytest.mark.browser


def by_value(page, name, value):
    return page.locator(f'input[name="{name}"][value="{value}"]')


def continuar(page):
    posting_step(page, page.get_by_role("button", name="Continuar").click)


def fill_intake_by_field_names(page):
    for name, value in {
        "first_name": "Lucía",
        "last_name": "Hernández",
        "email": "lucia@example.com",
        "phone": "919-555-0177",
        "age": "31",
    }.items():
        page.locator(f'[name="{name}"]').fill(value)
    by_value(page, "sex", "female").check()
    page.locator('[name="consent"]').check()
    continuar(page)
    expect(heading(page)).to_have_text("Cómo corre")
    page.locator('[name="weekly_miles"]').fill("20")
    page.locator('[name="weekly_miles_4_weeks_ago"]').fill("18")
    continuar(page)
    expect(heading(page)).to_have_text("El dolor")
    by_value(page, "pain_locations", "side").check()
    choose(by_value(page, "pain_side", "right"))
    page.locator('[name="days_since_onset"]').fill("12")
    for name, value in (("pain_now", "2"), ("pain_worst", "4"), ("pain_running", "3")):
        choose(by_value(page, name, value))
    choose(by_value(page, "can_bear_weight", "yes"))
    page.get_by_label("Ninguna de estas").check()
    continuar(page)
    expect(heading(page)).to_have_text("Señales de alarma")
    for box in page.get_by_label("Ninguna de estas").all():
        box.check()
    page.locator('[name="missed_periods_12_months"]').fill("0")
    choose(by_value(page, "first_period_after_15", "no"))
    continuar(page)
    expect(heading(page)).to_have_text("Función y antecedentes")
    for item in range(1, 21):
        choose(by_value(page, f"lefs_{item}", "4"))
    continuar(page)


def test_a_runner_does_the_routine_journey_in_spanish(
    page,
    portal,
    therapist,  # noqa: F811
    assert_accessible,
):
    page.goto(portal)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(heading(page)).to_have_text("¿El dolor de cadera no le deja correr como quiere?")
    expect(page.get_by_role("button", name="Español")).to_have_attribute("aria-pressed", "true")
    assert_accessible(page, "home in Spanish")

    page.get_by_role("link", name="Empiece su cuestionario").click()
    expect(heading(page)).to_have_text("Contacto y consentimiento")
    expect(page.get_by_text("Paso 1 de 6")).to_be_visible()
    assert_accessible(page, "step 1 in Spanish")
    fill_intake_by_field_names(page)

    expect(heading(page)).to_have_text("Revisar y enviar")
    assert_accessible(page, "review in Spanish")
    posting_step(page, page.get_by_role("button", name="Enviar mis respuestas").click)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Su siguiente paso")).to_be_visible()
    assert_accessible(page, "result in Spanish")

    page.get_by_role("link", name="Reserve su Visita de Evaluación gratuita").click()
    expect(heading(page)).to_have_text("Elija un horario para su Visita de Evaluación gratuita")
    expect(page.get_by_text("hora del Este, la zona horaria de la clínica")).to_be_visible()
    assert_accessible(page, "times in Spanish")
    slot = page.locator("section.day").get_by_role("link").first
    expect(slot).to_have_text(re.compile(r"^\d{1,2}:\d{2} [ap]\. m\.$"))
    slot.click()
    expect(heading(page)).to_have_text("Confirme su Visita de Evaluación gratuita")
    assert_accessible(page, "confirm in Spanish")
    posting_step(page, page.get_by_role("button", name="Reservar este horario").click)
    expect(heading(page)).to_have_text("Su Visita de Evaluación gratuita está reservada")
    expect(page.locator(".visit-summary")).to_contain_text("hora del Este")
    assert_accessible(page, "booked in Spanish")

    assert Runner.objects.get(email="lucia@example.com").language == "es"
    outbox_dispatch()
    [confirmation] = [m for m in mail.outbox if "reservada" in m.subject]
    assert confirmation.subject == "Su Visita de Evaluación gratuita está reservada"
    assert confirmation.body.startswith("Hola, Lucía:")
    assert "hora del Este" in confirmation.body
    assert "Para cambiarla o cancelarla" in confirmation.body


def test_a_spanish_runners_check_in_e_mail_and_page_are_in_spanish(
    page,
    portal,
    yesterdays_run,  # noqa: F811
    assert_accessible,
):
    Runner.objects.filter(cases__plans=yesterdays_run).update(language="es")
    outbox_dispatch()
    [message] = [m for m in mail.outbox if "/checkin/" in m.body]
    assert message.subject == "¿Cómo amaneció hoy?"
    assert "Su terapeuta de" in message.body
    link = re.search(r"http://testserver(/checkin/\S+/)", message.body).group(1)

    page.goto(portal + link)  # a new device: the link alone opens it in Spanish
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(heading(page)).to_have_text("La mañana después de correr")
    assert_accessible(page, "check-in form in Spanish")
    page.get_by_label("Igual").check()
    page.get_by_role("group", name="Dolor esta mañana").get_by_text("3", exact=True).click()
    posting(page, lambda: page.get_by_role("button", name="Enviar").click())
    expect(page.get_by_role("heading", name="Su regreso a correr")).to_be_visible()
    # Why the runner steps back, in Spanish too (the decision keeps the English for staff).
    expect(page.get_by_text("por encima del límite de esta etapa (5/10)")).to_be_visible()
    expect(page.get_by_text("above this stage's limit")).to_have_count(0)
    assert_accessible(page, "check-in answered in Spanish")


@pytest.fixture
def spanish_plan(portal):
    """A Spanish runner's plan of hip strength and walk/run, starting today (clinic time)."""
    library_seed()
    case = case_open(
        contact={
            "first_name": "Lucía",
            "last_name": "Hernández",
            "email": "lucia@example.com",
            "phone": "919-555-0177",
        },
        answers=demo_answers({}),
    )
    Runner.objects.filter(pk=case.runner_id).update(language="es")
    today = timezone.now().astimezone(ZoneInfo("America/New_York")).date()
    return plan_build(
        case=case,
        draft=PlanDraft(
            templates=list(ProgramTemplate.objects.filter(name__in=(HIP_STRENGTH, WALK_RUN))),
            start_date=today,
        ),
    )


def test_a_spanish_runner_follows_their_plan_in_spanish(
    page, portal, spanish_plan, assert_accessible
):
    token = link_issue(
        purpose=PrivateLink.Purpose.PLAN, object_id=spanish_plan.pk, ttl=timedelta(days=1)
    )
    page.add_init_script(
        # What the timer says out loud, for the test (the browser's own voice stays silent).
        "window.spoken = []; window.speechSynthesis.speak = function (u) {"
        " window.spoken.push([u.text, u.lang]); };"
    )
    page.goto(f"{portal}/plan/open/{token}/")  # a new device: the link alone opens it in Spanish
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(heading(page)).to_have_text("Su plan")
    today = page.locator("section.chosen-day")
    expect(today.get_by_text("series de", exact=False).first).to_be_visible()
    assert_accessible(page, "plan page in Spanish")

    timer = today.locator(".interval-timer")
    expect(timer.locator(".timer-label")).to_have_text("Listo")
    timer.get_by_label("Decir cada cambio en voz alta").check()
    timer.get_by_role("button", name="Iniciar", exact=True).click()
    expect(timer.locator(".timer-label")).to_have_text("Camine")
    expect(timer.locator(".timer-progress")).to_contain_text("Intervalo 1 de 6")
    assert page.evaluate("window.spoken")[-1] == ["Camine 9 minutos", "es"]
    timer.get_by_role("button", name="Pausa").click()
    expect(timer.get_by_role("button", name="Continuar")).to_be_visible()

    session = today.locator("article.session").first
    session.locator(".pain-scale label", has_text=re.compile("^2$")).click()
    posting(page, lambda: session.get_by_role("button", name="Hecha", exact=True).click())
    expect(page.locator("section.chosen-day .logged").first).to_contain_text(
        "Registrada: Hecha, dolor 2/10"
    )
    assert_accessible(page, "plan page in Spanish after logging")

    page.set_viewport_size(SMALL_PHONE)
    assert scroll_width(page) <= 360
    page.get_by_role("link", name="Plan para imprimir").click()
    expect(page.get_by_role("heading", name="Fechas")).to_be_visible()
    assert_accessible(page, "printable plan in Spanish")
