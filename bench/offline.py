"""`plan_offline`: the plan as an app with no signal, in Debian's Chromium.

The runner opens the plan link once online; then the network is cut (Playwright's
`context.set_offline(True)`) and the plan page, its exercise's photo and the interval timer
must still work; a session logged offline waits on the phone, and once the connection is
back it must arrive exactly once. value 1 = all of that works. The same round trip is the
browser test tests/e2e/test_plan_offline_browser.py (it calls `round_trip`).
"""

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from io import BytesIO

from bench.harness import CHROMIUM

PHONE = {"width": 390, "height": 844}
PHOTO_ALT = "Lying on the back, knees bent, hips lifted in a line from knees to shoulders"
SAVED = "Saved on this phone, sends when you are online."


@dataclass
class Trip:
    page_offline: bool = False
    photo_offline: bool = False
    timer_offline: bool = False
    saved_on_phone: bool = False
    logs_while_offline: int = -1
    logs_after_reconnect: int = -1
    seconds: float = 0.0

    @property
    def works(self) -> bool:
        return (
            self.page_offline
            and self.photo_offline
            and self.timer_offline
            and self.saved_on_phone
            and self.logs_while_offline == 0
            and self.logs_after_reconnect == 1
        )


def drawing_of_a_bridge():
    """A 1600x1200 line drawing of a glute bridge: a picture that reads as one on screen."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), (232, 242, 243))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 960, 1600, 1200), fill=(120, 160, 165))  # the mat
    body = [(330, 900), (760, 620), (1080, 620), (1230, 960)]  # shoulders, hips, knees, feet
    draw.line(body, fill=(11, 85, 99), width=70, joint="curve")
    draw.ellipse((170, 800, 360, 990), fill=(11, 85, 99))  # the head
    draw.line([(330, 900), (560, 960)], fill=(11, 85, 99), width=50)  # an arm on the mat
    return image


def photo_for_glute_bridge() -> None:
    """The library's glute bridge gets a photo, as the clinic would upload it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from programs.models import Exercise
    from programs.services import exercise_save

    out = BytesIO()
    drawing_of_a_bridge().save(out, "JPEG")
    exercise = Exercise.objects.get(name="Glute bridge")
    exercise.image = SimpleUploadedFile("bridge.jpg", out.getvalue())
    exercise.image_alt = PHOTO_ALT
    exercise_save(exercise=exercise, new_image=True)


def plan_for_today(case):
    """A plan starting today with an exercise session and a run/walk session on it."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from clinic.models import ClinicProfile
    from programs.models import ProgramTemplate
    from programs.services import PlanDraft, plan_build
    from programs.suggest import HIP_STRENGTH, WALK_RUN

    today = timezone.now().astimezone(ZoneInfo(ClinicProfile.load().timezone)).date()
    chosen = {t.name: t for t in ProgramTemplate.objects.filter(name__in=(HIP_STRENGTH, WALK_RUN))}
    draft = PlanDraft(templates=[chosen[HIP_STRENGTH], chosen[WALK_RUN]], start_date=today)
    return plan_build(case=case, draft=draft)


def plan_link(plan) -> str:
    from datetime import timedelta

    from clinic.links import link_issue
    from clinic.models import PrivateLink

    token = link_issue(purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=timedelta(days=1))
    return f"/plan/open/{token}/"


def open_every_card(page) -> None:
    """Opens every "how to" fold of the page, wherever a card puts its photo."""
    page.eval_on_selector_all("details", "folds => folds.forEach(fold => { fold.open = true; })")


def photo_shown(page, photo) -> None:
    """Waits until the photo has loaded: a broken image never gets a natural width."""
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )


def round_trip(
    context, base: str, link: str, count_logs: Callable[[], int], shots: str = ""
) -> Trip:
    """The runner's round trip in `context` (a Playwright browser context); `count_logs`
    reads the server's session logs. `shots`: a folder for screenshots, or none."""
    from playwright.sync_api import expect

    trip, started = Trip(), time.perf_counter()
    page = context.new_page()
    page.goto(base + link)
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)

    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your plan")
    trip.page_offline = True
    open_every_card(page)
    photo = page.get_by_role("img", name=PHOTO_ALT).first
    photo_shown(page, photo)
    trip.photo_offline = True
    if shots:
        page.screenshot(path=os.path.join(shots, "card-with-photo-offline.png"))
    timer = page.locator(".interval-timer").first
    timer.get_by_role("button", name="Start").click()
    expect(timer.locator(".timer-label")).not_to_have_text("Ready")
    timer.get_by_role("button", name="Pause").click()
    trip.timer_offline = True

    session = page.locator("article.session", has=page.locator(".log-form")).first
    session.locator("label[for$='-2']").first.click()
    session.get_by_role("button", name="Done").click()
    expect(session.get_by_role("status").filter(has_text=SAVED)).to_be_visible()
    trip.saved_on_phone = True
    if shots:
        session.get_by_role("status").filter(has_text=SAVED).scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(shots, "saved-on-this-phone.png"))
    trip.logs_while_offline = count_logs()

    context.set_offline(False)
    expect(page.get_by_text("Logged: Done, pain 2/10")).to_be_visible(timeout=15_000)
    page.reload()  # a second page, another online event: nothing is sent twice
    page.wait_for_selector("html[data-offline-ready]", timeout=20_000)
    trip.logs_after_reconnect = count_logs()
    trip.seconds = round(time.perf_counter() - started, 1)
    return trip


def metric_plan_offline(results: dict, root, var, progress) -> None:
    from django.contrib.auth import get_user_model  # noqa: F401 - Django is set up
    from playwright.sync_api import sync_playwright

    from bench import race
    from bench.harness import entry
    from intake.demo import demo_answers
    from intake.services import case_open
    from programs.models import SessionLog
    from programs.services import library_seed

    # Playwright's sync API runs an event loop in this thread; the ORM calls are plain
    # blocking calls between its steps.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    library_seed()
    photo_for_glute_bridge()
    contact = {
        "first_name": "Offline",
        "last_name": "Runner",
        "email": "offline.runner@example.com",
        "phone": "919-555-0199",
    }
    plan = plan_for_today(case_open(contact=contact, answers=demo_answers({})))

    def count_logs() -> int:
        return SessionLog.objects.filter(session__plan=plan).count()

    with race.portal_server(root, var / "runserver-offline.log") as address:
        # localhost: a secure context for the service worker and the Secure cookies.
        base = "http://localhost:" + address.split(":")[1]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**CHROMIUM)
            context = browser.new_context(viewport=PHONE, locale="en-US")
            context.set_default_timeout(15_000)
            try:
                trip = round_trip(context, base, plan_link(plan), count_logs)
            except Exception as problem:  # a step that failed: the figure says 0, and why
                trip = Trip()
                progress(f"plan_offline failed: {type(problem).__name__}: {problem}")
            browser.close()
    results["plan_offline"] = entry(int(trip.works), "works", "online", 1, 1, **asdict(trip))
    progress(f"plan_offline {int(trip.works)}: {asdict(trip)}")


# web.dev's install criteria ask for a 192 px and a 512 px icon. Chromium 156 on the desktop
# takes the SVG alone, but iOS and older Androids do not, so the PNGs are checked too.
PNG_SIZES = (192, 512)


def installability_errors(page) -> list[str]:
    """What stops the open page from being installed as an app ([] when nothing does):
    Chromium's own check (manifest, icons, service worker), asked over CDP because
    Lighthouse 12 has no PWA category any more, and the PNG icons of PNG_SIZES."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
    cdp = page.context.new_cdp_session(page)
    try:
        manifest = cdp.send("Page.getAppManifest")
        answer = cdp.send("Page.getInstallabilityErrors")
    finally:
        cdp.detach()
    errors = [f"manifest: {error['message']}" for error in manifest.get("errors", [])]
    errors += [error["errorId"] for error in answer["installabilityErrors"]]
    if not manifest.get("url"):
        return errors + ["manifest: the page links none"]
    return errors + _png_icon_errors(page, manifest["url"], json.loads(manifest["data"]))


def _png_icon_errors(page, manifest_url: str, manifest: dict) -> list[str]:
    from urllib.parse import urljoin

    from PIL import Image

    errors = []
    for size in PNG_SIZES:
        wanted = f"{size}x{size}"
        icon = next(
            (
                icon
                for icon in manifest.get("icons", [])
                if icon.get("type") == "image/png" and wanted in icon.get("sizes", "").split()
            ),
            None,
        )
        if icon is None:
            errors.append(f"no {wanted} PNG icon")
            continue
        response = page.request.get(urljoin(manifest_url, icon["src"]))
        try:
            drawn = Image.open(BytesIO(response.body()))
            found = f"{drawn.width}x{drawn.height}" if drawn.format == "PNG" else drawn.format
        except OSError:
            found = f"HTTP {response.status}, not an image"
        if found != wanted:
            errors.append(f"{icon['src']}: {found}, not a {wanted} PNG")
    return errors
