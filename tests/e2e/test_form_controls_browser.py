"""The form controls look chosen when they are chosen, under the strict CSP, in a real
Chromium: a ticked box shows its tick, a chosen radio its dot, a select its arrow, drawn from
the portal's own static files (the policy blocks Bootstrap's inline data: images); the LEFS's
segmented choices keep every word of their wording whole on a small phone."""

import base64

import pytest
from playwright.sync_api import expect

from tests.e2e.test_booking_browser import therapist  # noqa: F401 (a fixture)
from tests.e2e.test_intake_browser import reach_step

pytestmark = pytest.mark.browser

WHITE = 235  # each channel at least this: the tick's or the dot's white strokes


def console_errors(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console", lambda m: seen.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda error: seen.append(f"{page.url}: {error}"))
    return seen


def white_share(locator) -> float:
    """The share of near-white pixels in the middle of a control, as the runner sees it: its
    screenshot decoded by a canvas on a blank page (no policy there to block the image)."""
    png = base64.b64encode(locator.screenshot()).decode()
    blank = locator.page.context.new_page()
    share = blank.evaluate(
        """async ([png, white]) => {
            const image = new Image();
            image.src = "data:image/png;base64," + png;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width;
            canvas.height = image.height;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            // The middle half only: a round control's corners show the white page.
            const [w, h] = [image.width, image.height];
            const data = context.getImageData(w / 4, h / 4, w / 2, h / 2).data;
            let whites = 0;
            for (let i = 0; i < data.length; i += 4) {
                if (data[i] >= white && data[i + 1] >= white && data[i + 2] >= white) whites++;
            }
            return whites / (data.length / 4);
        }""",
        [png, WHITE],
    )
    blank.close()
    return share


def background_loads(page, locator) -> bool:
    """The control's computed background image is a same-origin URL that answers 200."""
    url = locator.evaluate(
        "el => getComputedStyle(el).backgroundImage.replace(/^url\\(\"?|\"?\\)$/g, '')"
    )
    assert url.startswith(page.url.split("/intake")[0]), url
    return page.request.get(url).ok


def test_a_ticked_box_shows_its_tick_and_a_chosen_radio_its_dot(page, portal):
    errors = console_errors(page)
    page.goto(f"{portal}/intake/step/1/")
    consent = page.get_by_label("I agree to the statement above.")
    radio = page.locator('input[name="sex"][value="female"]')
    # Unticked: a white box with no teal fill at all would also be "mostly white"; the
    # ticked box is teal with white strokes, so a tick is white pixels on a teal box.
    consent.check()
    radio.check()
    for control in (consent, radio):
        assert control.evaluate("el => getComputedStyle(el).backgroundColor") == ("rgb(11, 85, 99)")
        assert white_share(control) > 0.04, "a chosen control renders without its mark"
        assert background_loads(page, control)
    assert not errors, errors


def test_the_therapist_picker_has_its_arrow_and_no_page_logs_an_error(
    page,
    portal,
    therapist,  # noqa: F811
):
    errors = console_errors(page)
    page.goto(f"{portal}/book/times/")
    picker = page.locator("select.form-select")
    if picker.count():
        assert background_loads(page, picker.first)
    for path in ("/", "/intake/step/1/", "/book/", "/robots.txt"):
        page.goto(portal + path)
    assert not errors, "\n".join(errors)


# Every word of every segment's label, as the runner sees it: a word broken across two lines
# ("Moderat|e") has two line boxes; a word wider than its segment overflows it.
SPLIT_OR_OVERFLOWING_WORDS = """segments => segments.flatMap(segment => {
    const text = segment.firstChild;
    const bad = [];
    if (segment.scrollWidth > segment.clientWidth) bad.push(`${text.data}: overflows`);
    for (const word of text.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(text, word.index);
        range.setEnd(text, word.index + word[0].length);
        const lines = [...range.getClientRects()].filter(rect => rect.width > 0).length;
        if (lines !== 1) bad.push(`${text.data}: "${word[0]}" on ${lines} lines`);
    }
    return bad;
})"""


def test_the_lefs_choices_break_only_between_words_and_stay_one_tap_each(page, portal):
    reach_step(page, portal, 5)
    segments = page.locator(".segmented-lefs .segment")
    expect(segments).to_have_count(20 * 5)
    expect(segments.first).to_have_text("Extreme difficulty or unable to perform activity")
    # Two small phones, then a width where the five fit in one row.
    for width in (360, 390, 600):
        page.set_viewport_size({"width": width, "height": 844})
        assert segments.evaluate_all(SPLIT_OR_OVERFLOWING_WORDS) == [], f"at {width} px"
        sizes = segments.evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => [r.width, r.height])"
        )
        assert min(min(size) for size in sizes) >= 44, f"a choice under 44 px at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Under a mouse a choice keeps its border (Bootstrap's hover drew it transparent).
    segments.nth(1).hover()
    expect(segments.nth(1)).to_have_css("border-color", "rgb(11, 85, 99)")
