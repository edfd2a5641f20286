"""Exercise media: the clinic uploads a photo and a video in the library's admin; the photo is
stored resized with a thumbnail, a video is recognised by its content, never its name; the
runner's plan shows them with their alt text and captions, and a card without media stays
clean."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from PIL import Image

from programs.media import THUMBNAIL_MAX_SIDE, video_kind
from programs.models import Exercise, PlanItem
from tests.admin_forms import change_form_data
from tests.programs.conftest import build
from tests.programs.test_plans import open_plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan_clock", "library")]

BRIDGE_ALT = "Lying on the back, knees bent, hips lifted in a line from knees to shoulders"
# The first bytes of real files: an MP4's ftyp box (ffmpeg's isom brand) and a WebM's EBML
# header with its DocType.
MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00\x00\x00\x08free"
WEBM_HEAD = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d")
MKV_HEAD = bytes.fromhex("1a45dfa3a34286810142f7810142f2810442f381084282886d6174726f736b61")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(width=2400, height=1600, kind="JPEG", name="bridge.jpg") -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (width, height), (40, 120, 130)).save(out, kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def bridge() -> Exercise:
    return Exercise.objects.get(name="Glute bridge")


def post_media(admin_client, exercise, **fields):
    url = f"/admin/programs/exercise/{exercise.pk}/change/"
    # A browser posts no file back for a file input left alone.
    kept = change_form_data(admin_client.get(url))
    data = {**{k: v for k, v in kept.items() if not isinstance(v, FieldFile)}, **fields}
    return admin_client.post(url, data)


def errors(response) -> str:
    return " ".join(str(e) for e in response.context["adminform"].form.errors.values())


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (MP4_HEAD, "mp4"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", "mp4"),
        (WEBM_HEAD, "webm"),
        (MKV_HEAD, None),  # Matroska, not WebM: phones do not all play it
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", None),  # QuickTime .mov
        (b"This is not a video at all, only words typed into a file.", None),
        (b"%PDF-1.7\n", None),
        (b"", None),
    ],
)
def test_a_video_is_recognised_by_its_first_bytes(head, kind):
    assert video_kind(head) == kind


def test_an_uploaded_photo_is_stored_resized_with_a_thumbnail_and_shown_on_the_plan(
    admin_client, client, media_root
):
    plan = build()
    response = post_media(
        admin_client,
        bridge(),
        image=photo(),
        image_alt=BRIDGE_ALT,
        image_caption="Hold 2-3 seconds at the top.",
    )
    assert response.status_code == 302, errors(response)
    exercise = bridge()
    assert (exercise.image_width, exercise.image_height) == (1200, 800)
    assert exercise.image.name.endswith(".webp")
    with Image.open(exercise.image_thumbnail.path) as thumbnail:
        assert thumbnail.size == (THUMBNAIL_MAX_SIDE, 213)
        assert thumbnail.format == "WEBP"
    with Image.open(exercise.image.path) as stored:
        assert stored.size == (1200, 800)

    open_plan(client, plan)
    page = client.get("/plan/").content.decode()
    assert f'alt="{BRIDGE_ALT}"' in page
    assert 'width="1200" height="800" ' in page and 'loading="lazy"' in page
    assert f"{exercise.image_thumbnail.url} 320w, {exercise.image.url} 1200w" in page
    assert "<figcaption>Hold 2-3 seconds at the top.</figcaption>" in page
    served = client.get(exercise.image_thumbnail.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/webp"
    assert "immutable" in served["Cache-Control"]


def test_a_tall_photo_keeps_its_shape_in_a_thumbnail_of_the_right_size(admin_client):
    response = post_media(admin_client, bridge(), image=photo(900, 1800), image_alt=BRIDGE_ALT)
    assert response.status_code == 302, errors(response)
    exercise = bridge()
    assert (exercise.image_width, exercise.image_height) == (600, 1200)
    with Image.open(exercise.image_thumbnail.path) as thumbnail:
        assert thumbnail.size == (160, 320) == (exercise.thumbnail_width, THUMBNAIL_MAX_SIDE)


def test_a_20_mb_video_that_is_really_a_text_file_is_refused_with_a_clear_message(
    admin_client, media_root
):
    text = b"Glute bridge: lie on your back and lift your hips.\n" * (20 * 1024 * 1024 // 51)
    fake = SimpleUploadedFile("glute-bridge.mp4", text, content_type="video/mp4")
    response = post_media(admin_client, bridge(), video=fake, video_caption="Side view")
    assert response.status_code == 200
    assert "This file is not an MP4 or WebM video (its content, not its name, is checked)" in (
        response.content.decode()
    )
    assert not bridge().video
    assert not list(media_root.rglob("*.mp4"))


def test_an_oversized_video_is_refused_and_says_the_limit(admin_client, settings):
    settings.EXERCISE_VIDEO_MAX_MB = 1
    clip = SimpleUploadedFile("clip.mp4", MP4_HEAD + b"\x00" * (2 * 1024 * 1024))
    response = post_media(admin_client, bridge(), video=clip, video_caption="Side view")
    assert response.status_code == 200
    assert "This video is 2.0 MB; the limit is 1 MB (EXERCISE_VIDEO_MAX_MB)" in errors(response)
    assert not bridge().video


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("bridge.jpg", b"%PDF-1.7\n" + b"0" * 5000), "Upload a valid image"),
        (photo(40, 40, "GIF", "bridge.jpg"), "This photo is a GIF file: please upload a JPEG"),
    ],
)
def test_a_photo_of_the_wrong_type_is_refused_whatever_its_name(admin_client, upload, message):
    response = post_media(admin_client, bridge(), image=upload, image_alt=BRIDGE_ALT)
    assert response.status_code == 200
    assert message in errors(response)
    assert not bridge().image


def test_a_photo_needs_its_alt_text_and_a_video_its_caption(admin_client):
    clip = SimpleUploadedFile("clip.webm", WEBM_HEAD + b"\x00" * 1000)
    response = post_media(admin_client, bridge(), image=photo(), video=clip)
    assert "Describe what the photo shows, for runners who cannot see it." in errors(response)
    assert "Say what the video shows: it is its caption." in errors(response)
    assert not bridge().image and not bridge().video


def test_a_video_is_stored_under_the_extension_of_its_content_and_played_in_ranges(
    admin_client, client
):
    plan = build()
    clip = SimpleUploadedFile("from-the-phone.mov", WEBM_HEAD + bytes(range(256)) * 40)
    response = post_media(admin_client, bridge(), video=clip, video_caption="Glute bridge, side")
    assert response.status_code == 302, errors(response)
    video = bridge().video
    assert video.name.startswith("exercises/videos/glute-bridge-") and video.name.endswith(".webm")

    open_plan(client, plan)
    page = client.get("/plan/").content.decode()
    assert f'<source src="{video.url}" type="video/webm">' in page
    assert 'aria-label="Glute bridge, side"' in page and 'preload="none"' in page
    part = client.get(video.url, headers={"range": "bytes=10-19"})
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 10-19/{video.size}"
    assert b"".join(part.streaming_content) == (WEBM_HEAD + bytes(range(256)) * 40)[10:20]
    assert part["Content-Type"] == "video/webm"
    assert client.get(video.url, headers={"range": "bytes=99999-"}).status_code == 416


def test_an_exercise_without_media_shows_a_clean_card(client):
    open_plan(client, build())
    page = client.get("/plan/").content.decode()
    assert "Glute bridge" in page
    assert "<img" not in page and "<video" not in page and "exercise-media" not in page


def test_plans_issued_before_the_media_find_their_exercise_and_show_a_new_photo(
    admin_client, client
):
    plan = build()
    assert PlanItem.objects.filter(plan=plan, name="Glute bridge", exercise=bridge()).exists()
    post_media(admin_client, bridge(), image=photo(), image_alt=BRIDGE_ALT)
    open_plan(client, plan)
    assert f'alt="{BRIDGE_ALT}"' in client.get("/plan/").content.decode()


def test_a_missing_media_file_is_the_portals_404_and_no_path_escapes_media_root(client):
    assert client.get("/media/exercises/none.webp").status_code == 404
    assert client.get("/media/../clinic/settings.py").status_code == 404
