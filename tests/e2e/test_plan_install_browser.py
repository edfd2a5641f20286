"""The plan as an installable app, by Chromium's own check: opened from its link and once its
service worker controls the page, Chromium finds nothing that stops it offering "Install"
(the manifest parses, its 192 px and 512 px PNG icons load, the worker is there)."""

import pytest

from bench.offline import PHONE, installability_errors, plan_for_today, plan_link
from programs.services import library_seed
from tests.programs.conftest import open_case

pytestmark = pytest.mark.browser


@pytest.fixture
def profile(browser_type, browser_type_launch_args, tmp_path):
    """A browser with a profile on disk, as on a phone: Chromium never offers to install
    from a private (incognito) window, which is what Playwright's usual contexts are."""
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args, viewport=PHONE
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_chromium_would_install_the_plan_as_an_app(profile, portal):
    library_seed()  # transactional tests start from an empty database
    plan = plan_for_today(open_case())
    page = profile.new_page()
    page.goto(portal + plan_link(plan))
    page.wait_for_url("**/plan/")
    assert installability_errors(page) == []
    # The touch icon iOS uses when the runner adds the plan to the home screen.
    touch_icon = page.locator("link[rel=apple-touch-icon]").get_attribute("href")
    response = page.request.get(portal + touch_icon)
    assert (response.status, response.headers["content-type"]) == (200, "image/png")
