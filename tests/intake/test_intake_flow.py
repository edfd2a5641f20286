import pytest
from django.core import mail

from clinic.models import OutboundEmail
from clinic.outbox import outbox_dispatch
from intake.models import Case, IntakeDraft, Runner
from intake.triage.rules import RULESET_VERSION
from tests.intake.steps import STEPS, complete_intake

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_clinic_and_a_start_button(client):
    page = client.get("/").content.decode()
    assert "Endurance Unleashed Physical Therapy" in page
    assert "919-516-9050" in page
    assert "Discovery Visit" in page
    assert "Start your intake" in page


def test_a_runner_completes_the_intake_and_sees_routine_advice(client):
    response = complete_intake(client)
    assert response.url == "/intake/result/"
    page = client.get("/intake/result/").content.decode()
    assert "Book a free Discovery Visit" in page
    assert "glute bridges" in page  # routine self-care from the clinic's material
    case = Case.objects.get()
    assert case.triage_level == "routine"
    assert case.ruleset_version == RULESET_VERSION
    assert case.lefs_total == 60
    assert case.runner.email == "maya@example.com"
    assert case.answers["pain_locations"] == ["side"]
    assert case.answers["can_bear_weight"] is True


def test_an_emergency_answer_ends_on_emergency_instructions_without_booking(client):
    complete_intake(client, {4: {"saddle_numbness": "yes"}})
    page = client.get("/intake/result/").content.decode()
    assert "Go to an emergency department now" in page
    assert 'href="tel:911"' in page
    assert "book" not in page.lower().replace("facebook", "")
    assert "Numbness between your legs" in page  # the reason, in plain words
    assert "You have numbness between your legs" in page  # the answer that led there


def test_an_urgent_result_says_the_clinic_will_call_today(client):
    complete_intake(client, {3: {"pain_locations": ["groin"], "pain_walking": "yes"}})
    page = client.get("/intake/result/").content.decode()
    assert "see a physician within 24-48 hours" in page
    assert "call you today" in page
    assert "glute bridges" not in page  # no exercises for urgent


def test_submitting_twice_opens_one_case(client):
    complete_intake(client)
    again = client.post("/intake/review/")
    assert again.status_code == 302
    assert Case.objects.count() == 1
    assert Runner.objects.count() == 1


def test_a_score_of_11_is_refused_and_every_other_answer_is_kept(client):
    for number in (1, 2):
        client.post(f"/intake/step/{number}/", STEPS[number])
    response = client.post("/intake/step/3/", {**STEPS[3], "pain_worst": "11"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose your pain from 0 (no pain) to 10 (worst imaginable)." in page
    assert 'href="#id_pain_worst_0"' in page  # the error summary links to the scale
    assert 'value="21"' in page  # days since onset survives
    assert IntakeDraft.objects.get().steps["3"]["pain_worst"] == "11"  # kept server-side too


def test_a_missing_answer_is_named_and_nothing_moves_on(client):
    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    data = {key: value for key, value in STEPS[3].items() if key != "can_bear_weight"}
    response = client.post("/intake/step/3/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose yes or no." in page
    assert "This field is required" not in page  # Django's words, not the runner's
    assert client.get("/intake/step/4/").url == "/intake/step/3/"


def test_the_error_summary_names_each_question_once_punctuated_and_says_why_consent(client):
    data = {key: value for key, value in STEPS[1].items() if key != "consent"}
    page = client.post("/intake/step/1/", data).content.decode()
    assert "I agree to the statement above: Tick the box to agree." in page
    assert "We need your consent to keep your answers" in page
    assert ".:" not in page

    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    data = {key: value for key, value in STEPS[3].items() if key != "pain_walking"}
    page = client.post("/intake/step/3/", data).content.decode()
    assert "Does walking hurt now? Choose yes or no." in page
    assert "?:" not in page


def test_the_pains_none_of_these_answers_its_section_no_but_never_can_you_bear_weight(client):
    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    section = (
        "pain_walking pain_standing_on_leg pain_worse_with_more_running limping "
        "pain_persists_after_rest night_pain snapping_or_clicking reduced_range_of_motion"
    ).split()
    data = {key: value for key, value in STEPS[3].items() if key not in section}
    without_weight = {key: value for key, value in data.items() if key != "can_bear_weight"}

    page = client.post("/intake/step/3/", {**without_weight, "none_pain_signs": "on"})
    assert page.status_code == 200
    assert list(page.context["form"].errors) == ["can_bear_weight"]

    response = client.post("/intake/step/3/", {**data, "none_pain_signs": "on"})
    assert response.status_code == 302
    draft = IntakeDraft.objects.get()
    assert all(draft.steps["3"][key] == "no" for key in section)


def test_a_wrong_email_is_refused_with_a_clear_message(client):
    response = client.post("/intake/step/1/", {**STEPS[1], "email": "maya-at-example"})
    assert "Enter an e-mail address in the right form" in response.content.decode()
    assert 'value="Maya"' in response.content.decode()


def test_a_100_kb_text_field_is_refused_not_a_500(client):
    complete_steps = {number: STEPS[number] for number in (1, 2)}
    for number, data in complete_steps.items():
        client.post(f"/intake/step/{number}/", data)
    response = client.post("/intake/step/3/", {**STEPS[3], "pain_story": "x" * 100_000})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()


def test_an_answer_outside_the_choices_is_refused(client):
    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    response = client.post("/intake/step/3/", {**STEPS[3], "pain_locations": ["elbow"]})
    assert "Select a valid choice" in response.content.decode()


def test_going_back_keeps_what_was_typed_even_if_incomplete(client):
    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", {"weekly_miles": "30", "back": "1"})
    page = client.get("/intake/step/2/").content.decode()
    assert 'value="30"' in page


def test_steps_ahead_of_the_runner_redirect_back(client):
    assert client.get("/intake/step/4/").url == "/intake/step/1/"
    assert client.get("/intake/review/").url == "/intake/step/1/"
    assert client.get("/intake/step/99/").status_code == 404


def test_questions_appear_only_when_they_apply(client):
    client.post("/intake/step/1/", {**STEPS[1], "sex": "male", "age": "15"})
    client.post("/intake/step/2/", STEPS[2])
    client.post("/intake/step/3/", STEPS[3])
    page = client.get("/intake/step/4/").content.decode()
    assert 'name="testicular_pain"' in page
    assert 'name="recent_growth_spurt"' in page
    assert 'name="missed_periods_12_months"' not in page


def test_menstrual_history_is_asked_of_women_only(client):
    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    client.post("/intake/step/3/", STEPS[3])
    page = client.get("/intake/step/4/").content.decode()
    assert 'name="missed_periods_12_months"' in page
    assert 'name="testicular_pain"' not in page
    assert 'name="recent_growth_spurt"' not in page


def test_night_pain_asks_whether_it_is_constant(client):
    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    response = client.post("/intake/step/3/", {**STEPS[3], "night_pain": "yes"})
    assert (
        "You said you have night pain: choose whether it is constant." in response.content.decode()
    )


def test_a_resume_link_is_emailed_once_with_no_health_details(client):
    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    assert OutboundEmail.objects.filter(kind="intake_resume").count() == 1
    outbox_dispatch()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/intake/resume/" in body
    for private in ("pain", "hip", "miles", "Maya", "Lopez"):
        assert private.lower() not in body.lower()


def _resume_url():
    outbox_dispatch()
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/intake/resume/" in line)
    return line.strip().removeprefix("http://testserver")


def test_the_resume_link_reopens_the_draft_in_a_new_browser(client, django_user_model):
    from django.test import Client

    client.post("/intake/step/1/", STEPS[1])
    client.post("/intake/step/2/", STEPS[2])
    url = _resume_url()
    other_device = Client()
    response = other_device.get(url)
    assert response.status_code == 302
    assert response.url == "/intake/step/3/"  # the token is traded for a session
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    page = other_device.get("/intake/step/2/").content.decode()
    assert 'value="25"' in page


def test_a_tampered_resume_link_gets_a_clear_404(client):
    client.post("/intake/step/1/", STEPS[1])
    url = _resume_url()
    response = client.get(url[:-3] + "abc/")
    assert response.status_code == 404
    assert "We don't recognise this link" in response.content.decode()


def test_an_expired_resume_link_gets_a_clear_410(client, settings):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    client.post("/intake/step/1/", STEPS[1])
    url = _resume_url()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_resume_link_for_another_purpose_opens_nothing(client):
    from datetime import timedelta

    from clinic.links import link_issue

    client.post("/intake/step/1/", STEPS[1])
    token = link_issue(
        purpose="another-purpose", object_id=IntakeDraft.objects.get().pk, ttl=timedelta(days=1)
    )
    assert client.get(f"/intake/resume/{token}/").status_code == 404


def test_a_new_intake_can_be_started_after_a_finished_one(client):
    complete_intake(client)
    assert client.get("/intake/step/1/").url == "/intake/result/"
    assert client.get("/intake/start/").url == "/intake/step/1/"
    assert client.get("/intake/step/1/").status_code == 200


def test_a_refused_form_gets_a_plain_page_not_a_django_error():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/intake/step/1/", STEPS[1])
    assert response.status_code == 403
    assert "Please send that page again" in response.content.decode()


def test_an_unknown_page_is_a_friendly_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_the_review_shows_a_follow_up_only_after_its_yes(client):
    for number, data in STEPS.items():
        client.post(f"/intake/step/{number}/", data)
    assert "If you have night pain" not in client.get("/intake/review/").content.decode()

    client.post("/intake/step/3/", {**STEPS[3], "night_pain": "yes", "night_pain_constant": "no"})
    page = client.get("/intake/review/").content.decode()
    assert "If you have night pain: is it constant" in page
