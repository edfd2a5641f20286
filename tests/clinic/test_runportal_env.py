"""`make run` on another address e-mails links to that address, unless PORTAL_BASE_URL says."""

import pytest

from clinic.management.commands.runportal import portal_env


@pytest.mark.parametrize(
    ("addr", "base"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("192.168.1.20:8080", "http://192.168.1.20:8080"),
        ("8001", "http://127.0.0.1:8001"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000"),
    ],
)
def test_the_links_point_at_the_address_served(addr, base):
    assert portal_env(addr, {"PATH": "/bin"}) == {"PATH": "/bin", "PORTAL_BASE_URL": base}


def test_portal_base_url_when_set_wins():
    env = portal_env("10.0.0.5:8000", {"PORTAL_BASE_URL": "https://care.example"})
    assert env["PORTAL_BASE_URL"] == "https://care.example"
