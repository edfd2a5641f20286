"""Defaults a hospital's security review asks for: a runner's session lasts a day's use,
images come from the portal or its one media host, and the front desk sees no staff alert
about a case in the outbox."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic.env import env_origin
from clinic.links import link_issue
from clinic.models import OutboundEmail, PrivateLink
from clinic.outbox import outbox_dispatch
from tests.intake.steps import complete_intake

pytestmark = pytest.mark.django_db


def test_a_runners_session_cookie_lasts_twelve_hours_not_fourteen_days(client, clinical):
    _, plan = clinical
    token = link_issue(purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=timedelta(days=1))
    response = client.get(f"/plan/open/{token}/")
    cookie = response.cookies["sessionid"]
    assert int(cookie["max-age"]) == 12 * 3600
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("https://media.example.org/", "https://media.example.org"),
        ("https://cdn.example.org:8443", "https://cdn.example.org:8443"),
    ],
)
def test_the_media_host_is_an_https_origin(monkeypatch, raw, expected):
    monkeypatch.setenv("MEDIA_HOST", raw)
    assert env_origin("MEDIA_HOST") == expected


@pytest.mark.parametrize(
    "raw", ["http://media.example.org", "https:", "*", "https://media.example.org/images", "data:"]
)
def test_a_media_host_that_is_no_https_origin_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("MEDIA_HOST", raw)
    with pytest.raises(ImproperlyConfigured, match="MEDIA_HOST"):
        env_origin("MEDIA_HOST")


def test_the_front_desk_sees_no_staff_case_alerts_in_the_outbox(client, role_client):
    complete_intake(client, {4: {"saddle_numbness": "yes"}})
    outbox_dispatch()
    alert = OutboundEmail.objects.get(kind="staff_case_alert")
    desk = role_client("Front desk")
    listed = desk.get("/admin/clinic/outboundemail/").content.decode()
    assert "intake_received" in listed or "Intake received" in listed  # the list works
    assert "staff_case_alert" not in listed and alert.to not in listed
    assert desk.get(f"/admin/clinic/outboundemail/{alert.pk}/change/").status_code == 302
    filtered = desk.get("/admin/clinic/outboundemail/?kind__exact=staff_case_alert")
    assert alert.to not in filtered.content.decode()
    admin = role_client("Clinic admin")
    page = admin.get("/admin/clinic/outboundemail/").content.decode()
    assert alert.to in page and "staff_case_alert" in page
