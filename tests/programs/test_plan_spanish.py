"""The plan in Spanish: a runner who chose Español reads the plan page, its timer, its log
form and answers, the printable plan and the calendar feed in Spanish, the clinical rules
(pain thresholds, "stop and call us") with them."""

import re

import icalendar
import pytest

from tests.programs.conftest import PLAN_START, build
from tests.programs.test_plans import log, open_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]


def spanish(client, path: str = "/plan/") -> str:
    # The runner chooses the language with the switch every runner page has.
    client.post("/language/", {"language": "es", "next": path})
    return client.get(path).content.decode()


def words(page: str) -> str:
    """What a reader sees and hears: the text and the attributes read aloud or shown."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_the_plan_page_reads_in_spanish(client):
    open_plan(client, build())
    client.get("/plan/")  # an English week cached first must not leak into the Spanish one

    page = spanish(client)
    text = words(page)

    for said in (
        "Su plan",
        "Hoy, lunes 1 de junio",  # the day, in Spanish words and order
        "semana 1 de",
        "Ejercicios",
        "Correr/caminar",
        "Cómo hacerlo",
        "series de",  # "3 sets of 12 reps"
        "repeticiones",
        "camine 9 min / corra 1 min, 3 veces",
        "es aceptable si se calmó para la mañana siguiente",  # the pain rule, its number kept
        "¿Cómo le fue?",
        "Dolor durante la sesión (0 nada, 10 el peor)",
        "Decir cada cambio en voz alta",
        "Su progreso",
        "Está en el paso 1 de 10.",
        "Usted está aquí",
        "deténgase y llámenos",
    ):
        assert said in text, said
    # The timer's words for its script, in data-t-* (no inline script under the CSP).
    assert 'data-t-run="Corra"' in page and 'data-t-walk="Camine"' in page
    assert 'data-intervals="Walk:540,Run:60' in page  # its data stays the same
    for english in (
        "Your plan",
        "Today,",
        "Monday",
        "June",
        "How to do it",
        "sets of",
        "reps",
        "How did it go?",
        "Your progress",
        "You are here",
        "Say each change out loud",
        "stop and call us",
        "Run/walk",
    ):
        assert english not in text, english


def test_a_session_is_logged_in_spanish(client):
    plan = build()
    open_plan(client, plan)
    spanish(client)
    today = plan.sessions.filter(date=PLAN_START, kind="exercise").first()

    refused = log(client, today, outcome="done").content.decode()
    assert "¿Cuánto le dolió durante la sesión? Elija un número del 0 al 10." in refused

    response = log(client, today, outcome="done", pain="2")
    page = words(client.get(response.url).content.decode())
    assert "Registrada: Hecha, dolor 2/10. ¡Gracias!" in page
    assert "Su nota" in page and "Logged" not in page


def test_the_printable_plan_reads_in_spanish(client):
    open_plan(client, build())

    text = words(spanish(client, "/plan/print/"))

    for said in ("Esta semana (semana 1)", "lunes 1 de junio", "Qué hacer", "Regreso a correr"):
        assert said in text, said
    for english in ("This week", "Monday", "Return to running", "days a week", "Rest day"):
        assert english not in text, english


def test_the_calendar_feed_is_in_the_runners_language(client):
    plan = build()
    plan.case.runner.language = "es"
    plan.case.runner.save(update_fields=["language"])
    open_plan(client, plan)
    page = client.post("/plan/calendar/").content.decode()
    feed = page.split('value="http://testserver')[1].split('"')[0]

    calendar = icalendar.Calendar.from_ical(client.get(feed).content)

    first = next(e for e in calendar.walk("VEVENT") if e.decoded("dtstart") == PLAN_START)
    assert str(first["summary"]).startswith("Sesión de ejercicios y Sesión de correr/caminar")
    assert "Abra su plan" in str(first["description"])
