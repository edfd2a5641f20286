"""The site's icon, manifest and robots.txt, and what each page tells search engines."""

import pytest

from clinic.models import ClinicProfile
from clinic.site import initials

pytestmark = pytest.mark.django_db


def test_the_icon_is_a_mark_made_from_the_clinic_name(client):
    ClinicProfile.objects.update_or_create(pk=1, defaults={"name": "Blue Ridge Running Rehab"})
    response = client.get("/icon.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert ">BR</text>" in response.content.decode()
    assert "max-age=86400" in response["Cache-Control"]
    assert client.get("/favicon.ico").content == response.content


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Endurance Unleashed Physical Therapy", "EU"),
        ("The Physical Therapy Clinic", "TP"),
        ("Stride", "S"),
    ],
)
def test_initials_skip_the_words_every_clinic_shares(name, letters):
    assert initials(name) == letters


def test_the_manifest_names_the_clinic_and_its_icon(client):
    manifest = client.get("/site.webmanifest").json()
    assert manifest["name"] == ClinicProfile.load().name
    assert manifest["icons"][0]["src"] == "/icon.svg"


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/book/"])
def test_public_pages_describe_themselves_and_may_be_indexed(client, path):
    page = client.get(path).content.decode()
    assert '<meta name="description"' in page
    assert "noindex" not in page


@pytest.mark.parametrize("path", ["/intake/step/1/", "/intake/resume/not-a-token/"])
def test_private_pages_ask_not_to_be_indexed(client, path):
    assert '<meta name="robots" content="noindex, nofollow">' in client.get(path).content.decode()
