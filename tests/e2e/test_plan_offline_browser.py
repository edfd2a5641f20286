"""The plan as an app, in a real Chromium: a photo the clinic uploads in the admin shows on the
runner's plan, and with the network cut the plan, its photo and the timer still work and a
session logged offline arrives exactly once when the phone is back online (the same round
trip as `make bench`'s plan_offline)."""

import os
import re
import time
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from bench.offline import (
    PHOTO_ALT,
    drawing_of_a_bridge,
    open_every_card,
    photo_for_glute_bridge,
    photo_shown,
    plan_for_today,
    plan_link,
    round_trip,
)
from intake.models import Runner
from programs.models import Exercise, PlanSession, SessionLog
from programs.services import library_seed
from tests.e2e.staff_login import log_in_in_the_browser
from tests.programs.conftest import open_case
from tests.staff import PASSWORD, device_for

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 800}
# An exercise's card: the plan page's list item, or its fold in the older list layout.
CARD = ".exercise-card, details.exercise"
SHOTS = os.environ.get("PLAN_SHOTS", "")  # a folder to save screenshots in, when set


@pytest.fixture
def plan(portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    library_seed()  # transactional tests start from an empty database
    return plan_for_today(open_case())


def test_a_photo_uploaded_in_the_admin_shows_on_the_runners_plan(
    page, portal, plan, new_context, tmp_path, assert_accessible
):
    user = get_user_model().objects.create_superuser("pt", "pt@clinic.example", PASSWORD)
    device_for(user)
    out = BytesIO()
    drawing_of_a_bridge().resize((2000, 1500)).save(out, "JPEG")
    upload = tmp_path / "bridge-photo.jpg"
    upload.write_bytes(out.getvalue())
    staff = new_context()
    staff.set_default_timeout(10_000)
    admin = staff.new_page()
    admin.set_viewport_size(LAPTOP)
    log_in_in_the_browser(admin, portal, "pt")
    bridge = Exercise.objects.get(name="Glute bridge")
    admin.goto(f"{portal}/admin/programs/exercise/{bridge.pk}/change/")
    admin.locator("input#id_image").set_input_files(str(upload))
    admin.get_by_label("Photo description (alt text)").fill(PHOTO_ALT)
    admin.get_by_label("Photo caption").fill("Feet flat, press through the heels.")
    admin.get_by_role("button", name="Save and continue editing").click()
    expect(admin.get_by_text("was changed successfully")).to_be_visible()
    expect(admin.get_by_role("img", name=PHOTO_ALT)).to_be_visible()  # the thumbnail
    if SHOTS:
        admin.screenshot(path=os.path.join(SHOTS, "admin-exercise-media.png"), full_page=True)
    staff.close()

    page.goto(portal + plan_link(plan))
    open_every_card(page)
    card = page.locator(CARD, has_text="Glute bridge").first
    photo = card.get_by_role("img", name=PHOTO_ALT)
    photo_shown(page, photo)
    assert (photo.get_attribute("width"), photo.get_attribute("height")) == ("1200", "900")
    expect(card.locator("figcaption")).to_have_text("Feet flat, press through the heels.")
    # Another exercise has no media: its card shows no image at all, never a broken one.
    plain = page.locator(CARD, has_text="Clamshells").first
    assert plain.locator("img, video").count() == 0
    if SHOTS:
        card.screenshot(path=os.path.join(SHOTS, "card-with-photo.png"))
        plain.screenshot(path=os.path.join(SHOTS, "card-without-media.png"))
    assert_accessible(page)


def test_with_no_signal_the_plan_and_timer_work_and_an_offline_log_arrives_once(
    context, portal, plan
):
    photo_for_glute_bridge()
    trip = round_trip(
        context,
        portal,
        plan_link(plan),
        lambda: SessionLog.objects.filter(session__plan=plan).count(),
        shots=SHOTS,
    )
    assert trip.works, trip
    log = SessionLog.objects.get(session__plan=plan)
    assert (log.outcome, log.pain_during) == ("done", 2) and log.client_key is not None


def test_signing_out_drops_what_the_service_worker_kept(context, portal, plan):
    page = context.new_page()
    page.goto(portal + plan_link(plan))
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)
    kept = "async () => (await caches.keys()).filter(n => n.startsWith('plan-copy-')).length"
    assert page.evaluate(kept) == 1
    page.goto(portal + "/care/")
    page.get_by_role("button", name="Sign out on this device").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate(kept) == 0
    context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(portal + "/plan/")  # no copy of the plan is left to show


# A second of a moving square, recorded by Chromium itself as WebM (no video tool needed).
RECORD_WEBM = """async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 160; canvas.height = 120;
  const paint = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: "video/webm" });
  const parts = [];
  recorder.ondataavailable = (event) => parts.push(event.data);
  const done = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.start();
  for (let frame = 0; frame < 25; frame++) {
    paint.fillStyle = "#e8f2f3"; paint.fillRect(0, 0, 160, 120);
    paint.fillStyle = "#0b5563"; paint.fillRect(frame * 5, 40, 40, 40);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  recorder.stop();
  await done;
  return Array.from(new Uint8Array(await new Blob(parts).arrayBuffer()));
}"""


def test_an_exercise_video_plays_from_the_phone_with_no_signal(context, portal, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programs.services import exercise_save

    page = context.new_page()
    page.goto(portal + "/")
    clip = bytes(page.evaluate(RECORD_WEBM))
    bridge = Exercise.objects.get(name="Glute bridge")
    bridge.video = SimpleUploadedFile("bridge.webm", clip)
    bridge.video_caption = "Glute bridge, side view"
    exercise_save(exercise=bridge, video_kind="webm")

    page.goto(portal + plan_link(plan))
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)
    context.set_offline(True)
    page.reload()
    open_every_card(page)
    video = page.get_by_label("Glute bridge, side view").first
    video.scroll_into_view_if_needed()
    # The video asks for byte ranges; the service worker answers them from its copy.
    page.evaluate("video => { video.preload = 'auto'; video.load(); }", video.element_handle())
    page.wait_for_function("video => video.readyState >= 2", arg=video.element_handle())
    if SHOTS:
        page.locator(CARD, has_text="Glute bridge").first.screenshot(
            path=os.path.join(SHOTS, "card-with-video-offline.png")
        )


def test_a_send_that_fails_on_a_weak_signal_stays_queued_and_arrives_once(context, portal, plan):
    """Back online, the first send gets the server's 503 (a weak signal, a busy server): the
    log stays on the phone, the card says it is trying again, the next try records it, and
    the clinic has it once."""
    posts = []

    def flaky(route):
        if route.request.method != "POST":
            return route.continue_()
        key = re.search(r'name="client_key"\r\n\r\n([0-9a-f-]+)', route.request.post_data or "")
        posts.append(key and key.group(1))
        if len(posts) == 1:
            return route.fulfill(status=503, body="Service unavailable")
        return route.continue_()

    context.route("**/plan/", flaky)  # the page's and the service worker's sends alike
    page = context.new_page()
    page.goto(portal + plan_link(plan))
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)
    assert page.evaluate("'SyncManager' in window")  # Chromium: Background Sync is used
    context.set_offline(True)
    page.reload()
    session = page.locator("article.session", has=page.locator(".log-form")).first
    session.locator("label[for$='-2']").first.click()
    session.get_by_role("button", name="Done").click()
    expect(session.get_by_role("status")).to_contain_text("Saved on this phone")
    assert SessionLog.objects.filter(session__plan=plan).count() == 0

    context.set_offline(False)
    expect(session.get_by_role("status")).to_contain_text("trying again", timeout=15_000)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "log-trying-again.png"))
    expect(page.get_by_text("Logged: Done, pain 2/10")).to_be_visible(timeout=30_000)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "log-sent-after-retry.png"))
    page.reload()  # another page, another chance to send: nothing is left to send
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)
    assert len(posts) >= 2
    assert len(set(posts)) == 1 and posts[0]  # every try the same log, with its one key
    log = SessionLog.objects.get(session__plan=plan)
    assert (log.outcome, log.pain_during) == ("done", 2)


def test_background_sync_sends_a_queued_log_with_the_plan_closed(context, portal, plan):
    """Logged with no signal, then the page closed: the service worker's Background Sync
    sends it when the connection is back, with no page open."""
    page = context.new_page()
    page.goto(portal + plan_link(plan))
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)
    context.set_offline(True)
    page.reload()
    session = page.locator("article.session", has=page.locator(".log-form")).first
    session.get_by_role("button", name="Skipped").click()
    expect(session.get_by_role("status")).to_contain_text("Saved on this phone")
    page.close()
    context.set_offline(False)
    for _ in range(120):  # the worker's next try comes within its backoff (seconds)
        if SessionLog.objects.filter(session__plan=plan).exists():
            break
        time.sleep(0.5)
    log = SessionLog.objects.get(session__plan=plan)
    assert log.outcome == "skipped" and log.client_key is not None


def _log_offline_in_spanish(context, portal, plan):
    """A Spanish runner's plan, a run/walk session logged with no signal: the page and its
    session card."""
    Runner.objects.filter(cases__plans=plan).update(language="es")  # their link opens in it
    page = context.new_page()
    page.goto(portal + plan_link(plan))
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)
    context.set_offline(True)
    page.reload()
    session = page.locator("article.session", has=page.locator(".log-form")).first
    session.locator("label[for$='-2']").first.click()
    session.get_by_role("button", name="Hecha").click()
    expect(session.get_by_role("status")).to_contain_text("Guardado en este teléfono")
    return page, session


def test_in_spanish_a_queued_log_refused_with_no_words_says_so_in_spanish(context, portal, plan):
    """The server turns the queued log down with no words of its own (an answer with no
    #log-error): the card says so in the runner's language, not in English."""

    def refuse(route):
        if route.request.method != "POST":
            return route.continue_()
        return route.fulfill(status=400, content_type="text/html", body="<p>Bad request</p>")

    context.route("**/plan/", refuse)  # the page's and the service worker's sends alike
    page, session = _log_offline_in_spanish(context, portal, plan)
    context.set_offline(False)
    status = session.get_by_role("status")
    expect(status).to_contain_text("No se envió: por favor regístrela de nuevo.", timeout=15_000)
    assert "please" not in status.inner_text().lower()
    assert session.locator(".log-form").is_visible()  # the form is there to log it again
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, "log-refused-spanish.png"))
    assert SessionLog.objects.filter(session__plan=plan).count() == 0


def test_in_spanish_a_queued_log_the_server_refuses_shows_its_words_in_spanish(
    context, portal, plan
):
    """The session went from the plan while the log waited on the phone (a check-in stepped
    the runner back): the server's own refusal, in Spanish, is what the card says."""
    page, session = _log_offline_in_spanish(context, portal, plan)
    key = session.get_attribute("id")
    PlanSession.objects.filter(pk=int(key.removeprefix("s"))).delete()
    context.set_offline(False)
    expect(session.get_by_role("status")).to_contain_text(
        "No se envió: Esa sesión no está en su plan. Por favor elíjala de nuevo.", timeout=15_000
    )
    assert SessionLog.objects.filter(session__plan=plan).count() == 0
