"""The clinic's public guide: pages written in the admin as Markdown, rendered safe, drafts
kept from the public, every edit in the history, the clinic's own phone and policies in the
text, the library's exercises as how-to cards, and what search engines read (sitemap,
canonical address, Open Graph, the clinic as schema.org data)."""

import json
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clinic.models import ClinicProfile
from content.markdown import render
from content.models import Page
from content.seed import pages_write
from programs.models import Exercise
from programs.services import exercise_save, library_seed
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

FOUR = ["Glute bridge", "Monster walk", "Hip flexor stretch", "Single-leg deadlift"]
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(autouse=True)
def guide():
    """The guide as the migration writes it (a transactional test elsewhere may have flushed
    it) and the exercise library its exercises page shows."""
    library_seed()
    pages_write(Page)


def draft(**fields) -> Page:
    return Page.objects.create(
        slug=fields.pop("slug", "draft-page"),
        title=fields.pop("title", "Coming soon: stretching"),
        summary="A page still being written.",
        meta_description="A draft.",
        body=fields.pop("body", "Not ready."),
        is_published=False,
        **fields,
    )


def text(response) -> str:
    return response.content.decode()


# --- Markdown in, safe HTML out ----------------------------------------------------------


def test_markdown_becomes_headings_lists_and_links():
    html = render("## Warm up\n\n- leg swings\n- **high knees**\n\n[Book](/book/)")
    assert "<h2>Warm up</h2>" in html
    assert "<li><strong>high knees</strong></li>" in html
    assert 'href="/book/"' in html


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert('hi')</script>",
        "[Win a prize](javascript:alert('hi'))",
        '<a href="javascript:alert(1)">Win</a>',
        '<p onclick="alert(1)">Click</p>',
        '<img src="x" onerror="alert(1)">',
        "<iframe src='https://example.com'></iframe>",
    ],
)
def test_markdown_never_lets_script_through(typed):
    html = render(f"Before.\n\n{typed}\n\nAfter.")
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html and "onerror" not in html
    assert "<iframe" not in html and "<img" not in html
    assert "Before." in html and "After." in html


def test_a_script_saved_in_a_page_never_reaches_a_runner(client):
    page = Page.objects.get(slug="causes")
    page.body += "\n\n<script>steal()</script>\n\n[Free shoes](javascript:steal())"
    page.save()
    body = text(client.get("/guide/causes/"))
    article = body[body.index('<div class="guide-body">') : body.index("</article>")]
    assert "<script" not in article
    assert "javascript:" not in body
    assert "Free shoes" in article  # the words are kept, the link is not


# --- published, drafts, staff preview ----------------------------------------------------


def test_every_published_page_is_listed_and_opens(client):
    index = text(client.get("/guide/"))
    for page in Page.objects.published():
        assert page.get_absolute_url() in index
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200
        assert f"<h1>{page.title}</h1>".replace("'", "&#x27;") in text(response)


def test_a_draft_is_a_404_to_the_public_and_in_no_list(client):
    page = draft()
    response = client.get(page.get_absolute_url())
    assert response.status_code == 404
    assert "Coming soon" not in text(client.get("/guide/"))
    assert page.get_absolute_url() not in text(client.get("/sitemap.xml"))


def test_an_unpublished_page_is_gone_at_once(client):
    Page.objects.filter(slug="prevention").update(is_published=False)
    assert client.get("/guide/prevention/").status_code == 404
    assert "/guide/prevention/" not in text(client.get("/guide/"))


def test_signed_in_staff_preview_a_draft_marked_as_such(role_client):
    page = draft()
    response = role_client("Clinic admin").get(page.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only staff can see this page" in text(response)
    assert '<meta name="robots" content="noindex, nofollow">' in text(response)


def test_a_staff_member_without_the_second_step_sees_no_draft(client):
    from tests.staff import staff_user

    client.force_login(staff_user("halfway", "Clinic admin"))  # password only, no code
    assert client.get(draft().get_absolute_url()).status_code == 404


# --- the clinic's own values -------------------------------------------------------------


def test_every_page_ends_with_the_discovery_visit_and_the_clinic_phone(client):
    clinic = ClinicProfile.load()
    clinic.phone = "919-555-0123"
    clinic.save()
    for url in ["/guide/", *(page.get_absolute_url() for page in Page.objects.published())]:
        body = text(client.get(url))
        cta = body[body.index('class="guide-cta"') :]
        assert 'href="/book/"' in cta, url
        assert 'href="tel:919-555-0123"' in cta, url
        assert "Book your free Discovery Visit" in cta, url


def test_each_warning_sign_links_to_the_symptom_check(client):
    body = text(client.get("/guide/warning-signs/"))
    article = body[body.index('<div class="guide-body">') : body.index("</article>")]
    signs = article.count("<h2>")
    assert signs == 4
    links = re.findall(r'<a href="([^"]+)"[^>]*>Check your symptoms in 10 minutes</a>', article)
    assert links == ["/intake/start/"] * signs


def test_the_clinic_policies_come_from_its_profile_as_its_advice(client):
    clinic = ClinicProfile.load()
    clinic.pain_after_rest_hours = "72"
    clinic.shoe_replacement_miles = "400-450"
    clinic.save()
    signs = text(client.get("/guide/warning-signs/"))
    assert "Our clinic's advice: if the pain is still there 72 hours" in signs.replace(
        "&#x27;", "'"
    ).replace("\n", " ")
    prevention = text(client.get("/guide/prevention/")).replace("&#x27;", "'")
    assert "Our clinic's advice is to replace running shoes every 400-450 miles" in (
        prevention.replace("\n", " ")
    )


def test_an_unknown_placeholder_is_shown_as_typed(client):
    page = Page.objects.get(slug="causes")
    page.body = "Ask about {something_else} or call {phone}."
    page.save()
    body = text(client.get("/guide/causes/"))
    assert f"Ask about {{something_else}} or call {ClinicProfile.load().phone}." in body


# --- the exercises, from the library -----------------------------------------------------


def cards(body: str) -> list[str]:
    start = body.index('class="exercise-cards guide-exercises"')
    return body[start : body.index("</article>")].split('<li class="exercise-card">')[1:]


def test_the_exercises_page_shows_the_clinics_four_from_the_library(client):
    bridge = Exercise.objects.get(name="Glute bridge")
    bridge.steps = "Lie on your back.\nLift your hips, slowly."
    bridge.save()
    found = cards(text(client.get("/guide/exercises/")))
    assert [re.search(r'<h2 class="exercise-name">(.*?)</h2>', card)[1] for card in found] == FOUR
    assert "<li>Lift your hips, slowly.</li>" in found[0]  # the library's row, as plans use it
    assert "3 sets of 12 reps" in found[0]
    assert "Resistance band" in found[1]


def test_an_exercise_with_a_photo_shows_it_and_the_others_stay_clean(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 130)).save(out, "JPEG")
    bridge = Exercise.objects.get(name="Glute bridge")
    bridge.image_alt = "Lying on the back, hips lifted"
    bridge.image = SimpleUploadedFile("bridge.jpg", out.getvalue(), content_type="image/jpeg")
    exercise_save(exercise=bridge, new_image=True)  # as the library's admin stores it
    found = cards(text(client.get("/guide/exercises/")))
    assert 'alt="Lying on the back, hips lifted"' in found[0]
    assert all("exercise-media" not in card for card in found[1:])


def test_the_admin_refuses_an_exercise_the_library_does_not_have(admin_client):
    page = Page.objects.get(slug="exercises")
    url = f"/admin/content/page/{page.pk}/change/"
    data = change_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "exercises": "Glute bridge\nMoon walk"})
    assert response.status_code == 200
    assert "Not in the exercise library: Moon walk." in text(response)


def test_a_guide_page_reads_its_pages_and_exercises_once_a_minute_not_per_request(
    client, django_assert_num_queries
):
    ClinicProfile.load()  # made once, on a portal's first request
    with django_assert_num_queries(3):  # the profile, the pages, the exercises
        client.get("/guide/exercises/")
    with django_assert_num_queries(1):  # then only the profile, as any page reads it
        client.get("/guide/exercises/")


# --- editing: history and roles ----------------------------------------------------------


def test_an_edit_in_the_admin_is_kept_in_the_history_with_who_made_it(admin_client, admin_user):
    page = Page.objects.get(slug="causes")
    url = f"/admin/content/page/{page.pk}/change/"
    data = change_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "title": "Why hips hurt"})
    assert response.status_code == 302
    latest = page.history.first()
    assert latest.title == "Why hips hurt"
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    history = admin_client.get(f"/admin/content/page/{page.pk}/history/")
    assert "Why hips hurt" in text(history)


def test_a_clinic_admin_edits_the_guide(role_client):
    client = role_client("Clinic admin")
    page = Page.objects.get(slug="causes")
    url = f"/admin/content/page/{page.pk}/change/"
    data = change_form_data(client.get(url))
    assert client.post(url, {**data, "summary": "New summary."}).status_code == 302
    page.refresh_from_db()
    assert page.summary == "New summary."
    assert client.get("/admin/content/page/add/").status_code == 200


@pytest.mark.parametrize("role", ["Front desk", "Therapist"])
def test_front_desk_and_therapists_read_the_guide_in_the_admin_but_do_not_edit_it(
    role_client, role
):
    client = role_client(role)
    page = Page.objects.get(slug="causes")
    url = f"/admin/content/page/{page.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Save" not in [b for b in re.findall(r'value="(Save[^"]*)"', text(response))]
    assert client.post(url, {"title": "Changed"}).status_code == 403
    assert client.get("/admin/content/page/add/").status_code == 403
    page.refresh_from_db()
    assert page.title != "Changed"


# --- what search engines read ------------------------------------------------------------


def test_the_sitemap_lists_the_public_pages_only(client, settings):
    settings.PORTAL_BASE_URL = "https://portal.clinic.example"
    draft()
    body = text(client.get("/sitemap.xml"))
    locations = re.findall(r"<loc>(.*?)</loc>", body)
    published = [page.get_absolute_url() for page in Page.objects.published()]
    assert locations == [
        "https://portal.clinic.example" + path for path in ["/", "/guide/", "/book/", *published]
    ]


def test_robots_txt_names_the_sitemap(client, settings):
    settings.PORTAL_BASE_URL = "https://portal.clinic.example"
    assert "Sitemap: https://portal.clinic.example/sitemap.xml" in text(client.get("/robots.txt"))


@pytest.mark.parametrize("url", ["/", "/guide/", "/guide/warning-signs/"])
def test_public_pages_carry_canonical_open_graph_and_the_clinic_as_schema_org(
    client, settings, url
):
    settings.PORTAL_BASE_URL = "https://portal.clinic.example"
    clinic = ClinicProfile.load()
    clinic.name = "Run </script> Clinic"  # must not end the data block early
    clinic.area_served = "Raleigh, Durham and Chapel Hill"
    clinic.save()
    body = text(client.get(url + "?utm_source=x"))
    canonical = "https://portal.clinic.example" + url
    assert f'<link rel="canonical" href="{canonical}">' in body
    assert f'<meta property="og:url" content="{canonical}">' in body
    assert '<meta property="og:title"' in body and '<meta property="og:description"' in body
    assert '<meta name="robots" content="noindex' not in body
    [data] = LD_JSON.findall(body)
    clinic_data = json.loads(data)
    assert clinic_data["@type"] == "MedicalClinic"
    assert clinic_data["name"] == "Run </script> Clinic"
    assert clinic_data["telephone"] == clinic.phone
    assert clinic_data["areaServed"] == "Raleigh, Durham and Chapel Hill"


def test_the_home_page_links_to_the_guide(client):
    assert 'href="/guide/"' in text(client.get("/"))


def test_an_unknown_guide_page_is_the_portals_404(client):
    response = client.get("/guide/no-such-page/")
    assert response.status_code == 404


def test_an_edit_saved_in_the_admin_shows_at_once(admin_client, client):
    client.get("/guide/causes/")  # cached
    page = Page.objects.get(slug="causes")
    url = f"/admin/content/page/{page.pk}/change/"
    data = change_form_data(admin_client.get(url))
    admin_client.post(url, {**data, "summary": "A summary just saved."})
    assert "A summary just saved." in text(client.get("/guide/causes/"))
