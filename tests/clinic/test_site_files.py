"""The site's icon, manifest and robots.txt, and what each page tells search engines."""

from io import BytesIO

import pytest
from PIL import Image

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


def test_the_manifest_lists_png_icons_an_installing_phone_can_use(client):
    icons = client.get("/site.webmanifest").json()["icons"]
    listed = {(icon["src"], icon["sizes"], icon["type"], icon["purpose"]) for icon in icons[1:]}
    assert listed == {
        ("/icon-192.png", "192x192", "image/png", "any"),
        ("/icon-512.png", "512x512", "image/png", "any"),
        ("/icon-maskable-512.png", "512x512", "image/png", "maskable"),
    }
    for src, sizes, *_ in listed:
        response = client.get(src)
        image = Image.open(BytesIO(response.content))
        assert (image.format, f"{image.width}x{image.height}") == ("PNG", sizes)
        assert "max-age=86400" in response["Cache-Control"]


def test_a_maskable_icon_fills_its_square_and_the_plain_one_has_round_corners(client):
    corner = (2, 2)
    plain = Image.open(BytesIO(client.get("/icon-512.png").content)).convert("RGBA")
    maskable = Image.open(BytesIO(client.get("/icon-maskable-512.png").content)).convert("RGBA")
    assert plain.getpixel(corner)[3] == 0  # see-through outside the rounded square
    assert maskable.getpixel(corner) == (0x0B, 0x55, 0x63, 255)  # a phone crops it to its shape


def test_every_page_names_a_touch_icon_for_the_iphone_home_screen(client):
    page = client.get("/").content.decode()
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in page
    touch = Image.open(BytesIO(client.get("/apple-touch-icon.png").content))
    assert (touch.width, touch.height) == (180, 180)


def test_an_icon_the_site_does_not_draw_is_not_found(client):
    assert client.get("/icon-64.png").status_code == 404


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
