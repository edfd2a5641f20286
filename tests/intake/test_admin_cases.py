from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clinic.models import OutboundEmail, Therapist
from clinic.outbox import outbox_dispatch
from intake.demo import demo_answers
from intake.models import Case
from intake.services import case_open
from intake.triage.rules import RULESET_VERSION

pytestmark = pytest.mark.django_db

CASES_URL = "/admin/intake/case/"


def open_case(first_name, overrides=None, *, hours_ago=0, email=None):
    case = case_open(
        contact={
            "first_name": first_name,
            "last_name": "Runner",
            "email": email or f"{first_name.lower()}@example.com",
            "phone": "919-555-0100",
        },
        answers=demo_answers(overrides or {}),
    )
    Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(hours=hours_ago))
    return case


@pytest.fixture
def therapist(admin_user):
    return Therapist.objects.create(user=admin_user, display_name="Alex Rivera, PT")


def listed_names(response):
    return [str(case.runner.first_name) for case in response.context["cl"].result_list]


def test_the_queue_lists_the_most_urgent_first_then_the_longest_waiting(admin_client):
    open_case("RoutineOld", hours_ago=50)
    open_case("SoonNew", {"night_pain": True, "night_pain_constant": False}, hours_ago=1)
    open_case("SoonOld", {"night_pain": True, "night_pain_constant": False}, hours_ago=9)
    open_case("Emergency", {"saddle_numbness": True}, hours_ago=0)
    open_case("Urgent", {"fever_or_unwell": True}, hours_ago=2)
    response = admin_client.get(CASES_URL)
    assert listed_names(response) == ["Emergency", "Urgent", "SoonOld", "SoonNew", "RoutineOld"]
    page = response.content.decode()
    assert 'class="triage-badge triage-emergency"' in page


def test_the_queue_shows_what_a_therapist_needs_at_a_glance(admin_client, therapist):
    case = open_case("Ellie", {"pain_locations": ["groin", "side"], "days_since_onset": 12})
    case.assigned_therapist = therapist
    case.save()
    page = admin_client.get(CASES_URL).content.decode()
    for shown in (
        "Ellie Runner",
        '<a class="tel" href="tel:9195550100">919-555-0100</a>',
        '<td class="field-complaint">groin pain for 12 days, age 34',
        "New",
        "Alex Rivera, PT",
    ):
        assert shown in page


def test_the_queue_says_how_long_each_runner_has_waited_in_words(admin_client):
    open_case("Waited", hours_ago=3)
    open_case("Longer", hours_ago=50)
    page = admin_client.get(CASES_URL).content.decode()
    assert ">3 h</span>" in page
    assert ">2 days</span>" in page
    assert "Submitted at" not in page  # the clipped column is gone; waiting replaces it


def test_call_today_is_a_word_where_a_call_is_due_and_called_once_done(admin_client):
    due = open_case("Dana", {"fever_or_unwell": True})
    Case.objects.filter(pk=due.pk).update(call_today=True)
    done = open_case("Chris", {"fever_or_unwell": True})
    Case.objects.filter(pk=done.pk).update(call_today=True)
    admin_client.post(CASES_URL, {"action": "mark_contacted", "_selected_action": [done.pk]})
    open_case("Maya")
    page = admin_client.get(CASES_URL).content.decode()
    assert page.count('<span class="call-due">Call today</span>') == 1
    assert page.count('<span class="call-done">Called</span>') == 1
    assert "icon-no.svg" not in page  # no red cross that reads "don't call"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("triage_level__exact=emergency", ["Emergency"]),
        ("status__exact=contacted", ["Routine"]),
        ("q=emergency%40example.com", ["Emergency"]),
        ("q=Routine", ["Routine"]),
    ],
)
def test_the_queue_filters_and_searches(admin_client, query, expected):
    open_case("Emergency", {"saddle_numbness": True})
    routine = open_case("Routine")
    Case.objects.filter(pk=routine.pk).update(status="contacted")
    assert listed_names(admin_client.get(f"{CASES_URL}?{query}")) == expected


def test_the_queue_filters_by_therapist(admin_client, therapist):
    mine = open_case("Mine")
    open_case("Theirs")
    Case.objects.filter(pk=mine.pk).update(assigned_therapist=therapist)
    response = admin_client.get(f"{CASES_URL}?assigned_therapist__id__exact={therapist.pk}")
    assert listed_names(response) == ["Mine"]


def test_the_queue_costs_the_same_queries_for_5_or_40_cases(
    admin_client, django_assert_max_num_queries
):
    for number in range(5):
        open_case(f"Few{number}")
    with django_assert_max_num_queries(13) as few:  # 13th: the failing-e-mail banner
        admin_client.get(CASES_URL)
    for number in range(35):
        open_case(f"Many{number}", {"night_pain": True, "night_pain_constant": False})
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(CASES_URL)


def test_the_case_page_explains_every_fired_rule(admin_client):
    case = open_case(
        "Ellie",
        {"pain_locations": ["groin"], "pain_walking": True, "previous_stress_fracture": True},
    )
    page = admin_client.get(f"{CASES_URL}{case.pk}/change/").content.decode()
    assert "possible-femoral-neck-stress-fracture" in page
    assert "bone-health-reds-risk" in page
    assert "Rationale:" in page
    assert "R8, R9, R51" in page
    assert "Runner was told:" in page
    assert "60 / 80" in page  # LEFS
    assert "now 2" in page  # pain scores
    assert "The pain" in page and "Warning signs" in page  # answers grouped like the form
    assert "Does walking hurt now?" in page


def test_an_unverified_rule_is_marked_for_clinician_review(admin_client):
    case = open_case("Chris", {"fever_or_unwell": True})
    page = admin_client.get(f"{CASES_URL}{case.pk}/change/").content.decode()
    assert "needs clinician review" in page


def test_mark_contacted_and_assign_to_me_from_the_list(admin_client, therapist):
    case = open_case("Maya")
    admin_client.post(CASES_URL, {"action": "mark_contacted", "_selected_action": [case.pk]})
    admin_client.post(CASES_URL, {"action": "assign_to_me", "_selected_action": [case.pk]})
    case.refresh_from_db()
    assert case.status == "contacted"
    assert case.contacted_at is not None
    assert case.assigned_therapist == therapist


def test_mark_contacted_and_assign_to_me_from_the_case_page(admin_client, therapist):
    case = open_case("Maya")
    url = f"{CASES_URL}{case.pk}/change/"
    form = {
        "status": "new",
        "assigned_therapist": "",
        "notes": "Left a voicemail",
        "visits-TOTAL_FORMS": "0",
        "visits-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, {**form, "_mark_contacted": "Mark contacted"})
    assert response.url == url
    admin_client.post(url, {**form, "status": "contacted", "_assign_to_me": "Assign to me"})
    case.refresh_from_db()
    assert (case.status, case.assigned_therapist, case.notes) == (
        "contacted",
        therapist,
        "Left a voicemail",
    )


def test_assign_to_me_without_a_therapist_profile_says_what_to_do(admin_client):
    case = open_case("Maya")
    response = admin_client.post(
        CASES_URL, {"action": "assign_to_me", "_selected_action": [case.pk]}, follow=True
    )
    assert "You have no active therapist profile" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_therapist is None


def test_a_later_rule_change_never_rewrites_a_stored_result(admin_client, monkeypatch):
    case = open_case("Chris", {"fever_or_unwell": True})
    monkeypatch.setattr("intake.triage.rules.RULESET_VERSION", "2099.9")
    case.refresh_from_db()
    assert case.ruleset_version == RULESET_VERSION
    assert case.reasons[0]["rule"] == "fever-or-unwell"
    assert "rationale" in case.reasons[0]


@pytest.mark.parametrize(
    ("overrides", "alerts"),
    [
        ({"saddle_numbness": True}, 1),
        ({"fever_or_unwell": True}, 1),
        ({}, 0),
        ({"night_pain": True, "night_pain_constant": False}, 0),
    ],
    ids=["emergency", "urgent", "routine", "soon"],
)
def test_staff_are_emailed_a_link_for_emergency_and_urgent_intakes(overrides, alerts):
    case = open_case("Dana", {**overrides, "pain_locations": ["buttock"]})
    assert OutboundEmail.objects.filter(kind="staff_case_alert").count() == alerts
    assert outbox_dispatch() == alerts + 1  # and the runner's acknowledgement
    staff = [message for message in mail.outbox if message.to != ["dana@example.com"]]
    assert len(staff) == alerts
    for message in staff:
        assert message.to == ["frontdesk@endurance-unleashed.example"]
        assert f"/admin/intake/case/{case.pk}/change/" in message.body
    for message in mail.outbox:
        text = (message.subject + message.body).lower()
        for private in ("dana", "numb", "fever", "buttock", "emergency department now", "urgent"):
            assert private not in text


def test_the_runner_is_told_their_intake_arrived_without_health_details():
    open_case("Dana", {"saddle_numbness": True})
    outbox_dispatch()
    [received] = [message for message in mail.outbox if message.to == ["dana@example.com"]]
    assert received.subject == "We have received your intake form"
    assert "call 911" in received.body
    assert "book" not in received.body.lower()  # safe to send whatever the level


def test_times_show_in_the_clinics_timezone(admin_client):
    case = open_case("Maya")
    Case.objects.filter(pk=case.pk).update(consent_at=datetime(2026, 7, 1, 16, 0, tzinfo=UTC))
    page = admin_client.get(f"{CASES_URL}{case.pk}/change/").content.decode()
    assert "2026-07-01 12:00 EDT" in page  # America/New_York in summer


def test_the_admin_home_says_whom_to_call_first(admin_client):
    open_case("Dana", {"saddle_numbness": True})
    open_case("Chris", {"fever_or_unwell": True})
    open_case("Chloe", {"fever_or_unwell": True})
    contacted = open_case("Maya")
    Case.objects.filter(pk=contacted.pk).update(status="contacted")
    page = admin_client.get("/admin/").content.decode()
    assert "1 emergency" in page
    assert "2 urgent" in page
    assert "0 routine" in page  # the contacted one is no longer waiting
    assert "Open the queue, most urgent first" in page


def test_every_staff_date_time_names_its_timezone(admin_client):
    """Django's own readonly date-times too (Submitted at), not only the portal's."""
    case = open_case("Maya")
    Case.objects.filter(pk=case.pk).update(submitted_at=datetime(2026, 12, 3, 8, 35, tzinfo=UTC))
    page = admin_client.get(f"{CASES_URL}{case.pk}/change/").content.decode()
    assert "Dec. 3, 2026, 3:35 a.m. EST" in page  # America/New_York in winter
