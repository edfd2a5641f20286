"""Every staff list costs the same with more rows: the same queries (none of them a DISTINCT
over the table or an uncapped COUNT), filtered, unfiltered and searched; and a search term no
field could hold finds nothing instead of failing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scale import runner_with

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/clinic/auditevent/",
    "/admin/clinic/auditevent/?action__exact=view&object_type=intake.case",
    "/admin/clinic/auditevent/?at__gte=2026-01-01+00%3A00%3A00%2B00%3A00",
    "/admin/clinic/auditevent/?q=42",
    "/admin/clinic/auditevent/?q=127.0.0.1",
    "/admin/clinic/outboundemail/",
    "/admin/clinic/outboundemail/?kind=checkin&status__exact=pending",
    "/admin/clinic/outboundemail/?q=maya%40example.com",
    "/admin/clinic/privatelink/",
    "/admin/clinic/privatelink/?purpose__exact=visit-manage",
    "/admin/intake/runner/",
    "/admin/intake/runner/?q=maya",
    "/admin/intake/runner/?q=919-555",
    "/admin/intake/case/",
    "/admin/intake/case/?q=Lopez",
    "/admin/intake/visit/",
    "/admin/intake/visit/?when=all&q=maya%40example.com",
    "/admin/intake/visit/?when=past",
    "/admin/intake/intakedraft/",
    "/admin/intake/intakedraft/?q=maya",
    "/admin/programs/plan/",
    "/admin/programs/plan/?status__exact=active&q=Lopez",
    "/admin/programs/checkin/",
    "/admin/programs/checkin/?review=all&kind__exact=weekly",
    "/admin/programs/decision/",
    "/admin/programs/decision/?status__exact=pending",
]


def queries_of(client, url: str) -> list[str]:
    client.get(url)  # the first request of a session may create the clinic profile
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured]


def test_every_staff_list_runs_the_same_queries_for_one_runners_rows_and_for_thirty(admin_client):
    runner_with(1, email="ellie@example.com")
    few = {url: queries_of(admin_client, url) for url in LISTS}
    runner_with(30)
    for url in LISTS:
        many = queries_of(admin_client, url)
        assert len(many) == len(few[url]), (url, many)
        for sql in many:
            assert "DISTINCT" not in sql.upper(), (url, sql)  # filter choices are static
            if "COUNT(" in sql.upper():
                assert "LIMIT" in sql.upper(), (url, sql)  # counts are capped


def test_the_lists_show_the_rows_they_find(admin_client):
    runner_with(2)
    page = admin_client.get("/admin/intake/runner/?q=maya%40").content.decode()
    assert "maya@example.com" in page
    page = admin_client.get("/admin/clinic/outboundemail/?kind=checkin").content.decode()
    assert "2 outbound e-mails" in page
    assert "kind=checkin" in page  # the filter's choices come from the renderers
    assert "0 runners" in admin_client.get("/admin/intake/runner/?q=nobody").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/clinic/auditevent/?q=not-an-ip%20or%20id",
        "/admin/clinic/auditevent/?q=99999999999999999999999",
        "/admin/intake/runner/?q=%27unclosed",
        "/admin/programs/checkin/?q=abc",
    ],
)
def test_a_search_term_no_field_can_hold_finds_nothing_rather_than_failing(admin_client, url):
    runner_with(1)
    response = admin_client.get(url)
    assert response.status_code == 200


def test_an_exact_id_search_finds_the_row(admin_client):
    case = runner_with(1)
    page = admin_client.get(f"/admin/intake/case/?q={case.pk}").content.decode()
    assert f"/admin/intake/case/{case.pk}/change/" in page


def test_past_the_cap_the_list_asks_to_narrow_it_down(admin_client, monkeypatch):
    from clinic.paginators import CappedCountPaginator

    runner_with(3)
    monkeypatch.setattr(CappedCountPaginator, "cap", 2)
    page = admin_client.get("/admin/intake/visit/?when=all").content.decode()
    assert "More than 2 visits: narrow the list with the filters or search." in page
