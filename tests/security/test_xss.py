"""Script in every free-text field comes out escaped, on the admin pages and the runner's."""

import pytest
from django.utils import timezone

from clinic.models import ClinicProfile, Therapist
from clinic.outbox import outbox_dispatch
from intake.models import Case
from programs.models import PlanItem
from programs.services import library_seed, session_log
from tests.intake.steps import STEPS
from tests.programs.conftest import build, plan_link_from_mail
from tests.staff import staff_user

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html: str, where: str, *, shown: bool = True) -> None:
    assert "<script>alert(1)" not in html, where
    assert "<img src=x onerror" not in html, where
    if shown:
        assert ESCAPED in html, f"{where}: the payload was not rendered at all"


def intake_with_payload(client):
    """A runner types the payload into every free-text answer and both names."""
    steps = {number: dict(data) for number, data in STEPS.items()}
    steps[1].update(first_name=PAYLOAD[:80], last_name=PAYLOAD[:80])
    steps[2]["goal_race"] = PAYLOAD
    steps[3]["pain_story"] = PAYLOAD
    steps[5].update(previous_injuries=PAYLOAD, surgeries=PAYLOAD)
    for number, data in steps.items():
        assert client.post(f"/intake/step/{number}/", data).status_code == 302, number
    review = client.get("/intake/review/").content.decode()
    assert_escaped(review, "review page")
    client.post("/intake/review/")
    assert_escaped(client.get("/intake/result/").content.decode(), "result page", shown=False)
    return Case.objects.get()


def test_free_text_is_escaped_on_every_admin_page_that_shows_it(client, admin_client):
    library_seed()
    case = intake_with_payload(client)
    Case.objects.filter(pk=case.pk).update(notes=PAYLOAD)
    therapist = Therapist.objects.create(user=staff_user("alex"), display_name=PAYLOAD[:120])
    therapist.time_off.create(
        start=timezone.now(), end=timezone.now() + timezone.timedelta(hours=1), reason=PAYLOAD
    )
    Case.objects.filter(pk=case.pk).update(assigned_therapist=therapist)
    plan = build(
        case=case, start=timezone.localdate(), note_to_runner=PAYLOAD, bone_clearance_note=PAYLOAD
    )
    session = plan.sessions.order_by("date").first()
    session_log(
        session=session, outcome="done", pain_during=2, note=PAYLOAD, today=timezone.localdate()
    )
    for url in (
        "/admin/intake/case/",
        f"/admin/intake/case/{case.pk}/change/",
        "/admin/intake/runner/",
        f"/admin/intake/runner/{case.runner_id}/change/",
        f"/admin/intake/runner/{case.runner_id}/export/",
        f"/admin/intake/runner/{case.runner_id}/erase/",
        "/admin/programs/plan/",
        f"/admin/programs/plan/{plan.pk}/change/",
        f"/admin/programs/plan/build/{case.pk}/",
        f"/admin/clinic/therapist/{therapist.pk}/change/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)
    for url in ("/admin/intake/intakedraft/", "/admin/clinic/auditevent/", "/admin/"):
        assert_escaped(admin_client.get(url).content.decode(), url, shown=False)


def test_staff_text_is_escaped_on_the_runners_plan_pages(client):
    library_seed()
    profile = ClinicProfile.load()
    profile.name = "Clinic " + PAYLOAD
    profile.save()
    plan = build(start=timezone.localdate(), note_to_runner=PAYLOAD)
    PlanItem.objects.filter(plan=plan).update(name=PAYLOAD[:120], steps=PAYLOAD, cues=PAYLOAD)
    plan.touch()
    session = plan.sessions.order_by("date").first()
    session_log(
        session=session, outcome="done", pain_during=2, note=PAYLOAD, today=timezone.localdate()
    )
    client.get(plan_link_from_mail())
    for url in ("/plan/", "/plan/print/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)


def test_booking_without_an_intake_escapes_the_problem_and_names(client, admin_client):
    form = {
        "first_name": PAYLOAD[:80],
        "last_name": "Okafor",
        "email": "sam@example.com",
        "phone": "919 555 0102",
        "problem": PAYLOAD,
    }
    assert client.post("/book/", form).status_code == 302
    case = Case.objects.get()
    outbox_dispatch()
    for url in ("/admin/intake/case/", f"/admin/intake/case/{case.pk}/change/"):
        assert_escaped(admin_client.get(url).content.decode(), url)
