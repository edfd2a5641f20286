"""The Outcomes dashboard: who may see it, every figure on a hand-built month (worked out by
hand in outcomes_data.py), a CSV of aggregates only, and queries that do not grow."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import OutcomeFact
from programs.outcomes import median, outcomes_figures, outcomes_refresh
from tests.programs.outcomes_data import NOW, SINCE, UNTIL, clinic_june, therapists

URL = "/admin/programs/outcomefact/"
JUNE = {"since": "2026-06-01", "until": "2026-06-30"}


@pytest.fixture
def june(db):
    with time_machine.travel(NOW, tick=False):
        alex, blake = therapists()
        clinic_june(alex, blake)
        outcomes_refresh()
        yield alex, blake


def test_the_median_of_counted_values_is_percentile_cont_s():
    assert median({}) is None
    assert median({3: 1}) == 3
    assert median({0: 1, 3: 1, 4: 1}) == 3
    assert median({5: 1, 12: 1}) == 8.5
    assert median({1: 2, 10: 2}) == 5.5
    assert median({1: 3, 10: 1}) == 1


def test_every_figure_of_the_hand_built_month(june):
    f = outcomes_figures(since=SINCE, until=UNTIL)
    assert [(s.label, s.count) for s in f.funnel] == [
        ("Intakes started", 9),
        ("Intakes submitted", 6),
        ("Visit booked", 4),
        ("Visit attended", 2),
        ("Plan issued", 2),
        ("Returned to running", 1),
        ("Discharged", 1),
    ]
    assert [None if s.conversion is None else round(s.conversion, 3) for s in f.funnel] == [
        None,
        0.667,
        0.667,
        0.5,
        1.0,
        0.5,
        1.0,
    ]
    assert [(str(week), counts) for week, counts in f.weeks] == [
        ("2026-06-01", {"emergency": 0, "urgent": 2, "soon": 0, "routine": 2}),
        ("2026-06-08", {"emergency": 1, "urgent": 0, "soon": 1, "routine": 0}),
    ]
    assert (f.contact_minutes, f.contact_n) == (90, 2)
    assert (f.visit_days, f.visit_n) == (3, 3)
    assert (round(f.no_show_rate, 3), f.visits_n) == (0.333, 3)
    assert (f.response_rate, f.checkins_n) == (0.6, 5)
    assert f.decisions == [
        ("Advance", 2, 0.4),
        ("Hold", 1, 0.2),
        ("Step back", 1, 0.2),
        ("Stop", 1, 0.2),
    ]
    assert (f.lefs_change, f.lefs_mcid_share, f.lefs_n) == (8.5, 0.5, 2)
    assert (f.return_weeks, f.return_n) == (4, 1)
    assert f.pain == [(1, 3.0, 2), (2, 1.0, 1)]


def test_one_therapist_s_figures_are_theirs_only(june):
    alex, blake = june
    f = outcomes_figures(since=SINCE, until=UNTIL, therapist_id=alex.pk)
    assert [s.count for s in f.funnel] == [None, 3, 2, 1, 1, 1, 1]
    assert (f.contact_minutes, f.visits_n, f.no_show_rate) == (90, 1, 0)
    b = outcomes_figures(since=SINCE, until=UNTIL, therapist_id=blake.pk)
    assert [s.count for s in b.funnel] == [None, 2, 2, 1, 1, 0, 0]
    assert (b.no_show_rate, b.visit_days, b.lefs_change) == (0.5, 2, 5)


def test_a_range_counts_the_intakes_submitted_in_it(june):
    f = outcomes_figures(since=SINCE + timedelta(days=7), until=UNTIL)
    assert [s.count for s in f.funnel][1:] == [2, 1, 1, 1, 0, 0]


def test_refreshing_again_counts_the_same(june):
    before = sorted(OutcomeFact.objects.values_list("day", "measure", "value", "count"))
    with time_machine.travel(NOW, tick=False):
        outcomes_refresh()
    assert sorted(OutcomeFact.objects.values_list("day", "measure", "value", "count")) == before


def test_intakes_started_stay_counted_after_their_drafts_are_purged(june):
    from intake.models import IntakeDraft

    IntakeDraft.objects.all().delete()
    with time_machine.travel("2026-08-15T12:00:00Z", tick=False):
        outcomes_refresh()
    assert outcomes_figures(since=SINCE, until=UNTIL).funnel[0].count == 9


def test_therapists_and_clinic_admins_see_the_dashboard(june, role_client):
    for role in ("Therapist", "Clinic admin"):
        response = role_client(role).get(URL, JUNE)
        page = response.content.decode()
        assert response.status_code == 200
        assert "The funnel" in page and "Intakes submitted" in page
        assert "smallest change a runner notices" in page  # definitions on the page
        assert "Ann" not in page and "private answer" not in page


def test_the_front_desk_is_refused_in_words(june, role_client):
    client = role_client("Front desk")
    for url in (URL, URL + "outcomes.csv"):
        response = client.get(url)
        assert response.status_code == 403
        assert "The Outcomes page is for therapists and clinic admins" in response.content.decode()
    assert client.post(URL + "refresh/").status_code == 403
    assert "Outcomes" not in client.get("/admin/").content.decode()


def test_the_csv_holds_the_figures_and_no_runner(june, role_client):
    response = role_client("Therapist").get(URL + "outcomes.csv", JUNE)
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["section", "figure", "value", "definition"]
    values = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert values["Funnel", "Intakes submitted"] == "6"
    assert values["Funnel", "Visit booked: conversion"] == "67%"
    assert values["Triage mix", "Urgent intake to contacted: median"] == "1 h 30 min"
    assert values["Outcomes", "Runners with at least the 9-point MCID"] == "50%"
    for secret in ("Ann", "Ben", "Secret", "example.com", "919-555", "private answer", "52"):
        assert secret not in body


def test_a_date_range_the_wrong_way_round_is_explained_not_a_500(june, role_client):
    response = role_client("Therapist").get(URL, {"since": "2026-06-30", "until": "2026-06-01"})
    assert response.status_code == 200
    assert "The From date is after the To date" in response.content.decode()
    response = role_client("Therapist").get(URL, {"since": "June", "until": "x"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_refresh_now_counts_again(june, role_client):
    OutcomeFact.objects.all().delete()
    client = role_client("Clinic admin")
    response = client.post(URL + "refresh/?since=2026-06-01&until=2026-06-30", follow=True)
    assert "Intakes submitted</th><td>6" in response.content.decode()


def test_the_page_reads_as_many_queries_for_a_bigger_clinic(june, role_client):
    alex, blake = june
    client = role_client("Therapist")
    client.get(URL, JUNE)  # warm: the clinic profile, content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, JUNE).status_code == 200
    with time_machine.travel(NOW, tick=False):
        for copy in range(1, 4):
            clinic_june(alex, blake, shift=timedelta(minutes=40 * copy))
        outcomes_refresh()
    with CaptureQueriesContext(connection) as big:
        response = client.get(URL, JUNE)
    assert "Intakes submitted</th><td>24" in response.content.decode()
    assert len(big) == len(small)


def test_the_refresh_runs_as_many_queries_for_a_bigger_clinic(june):
    alex, blake = june
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as small:
        outcomes_refresh()
    with time_machine.travel(NOW, tick=False):
        clinic_june(alex, blake, shift=timedelta(minutes=40))
        with CaptureQueriesContext(connection) as big:
            outcomes_refresh()
    assert len(big) == len(small)


def test_beat_counts_the_figures_every_night(settings, june):
    from programs.tasks import outcomes_refresh as nightly

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "programs.tasks.outcomes_refresh" in tasks
    OutcomeFact.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        assert nightly() == OutcomeFact.objects.count() > 0
    assert outcomes_figures(since=SINCE, until=UNTIL).funnel[1].count == 6


def test_before_the_first_count_the_page_says_so_and_offers_refresh_now(role_client):
    page = role_client("Therapist").get(URL).content.decode()
    assert "Not counted yet" in page and "Refresh now" in page
    assert "No intakes in these weeks." in page
