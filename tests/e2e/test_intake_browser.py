"""The runner's intake, driven in a real Chromium at phone size against the live portal."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from clinic.outbox import outbox_dispatch
from intake.forms import WarningSignsForm

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 740}

RUNNER = {
    "First name": "Maya",
    "Last name": "Okafor",
    "E-mail": "maya.okafor@example.com",
    "Phone": "919-555-0142",
    "Age (years)": "34",
}
RUNNING = {
    "Miles per week now (average)": "22",
    "Miles per week four weeks ago": "20",
    "Goal race, if any": "Raleigh half marathon",
    "Miles on your current running shoes": "180",
}


def heading(page):
    return page.get_by_role("heading", level=1)


def question(page, text):
    """A yes/no or multiple-choice question: a fieldset whose legend is the question."""
    return page.get_by_role("group", name=text)


def choose(radio):
    """Tap a choice as a runner does: on its label (tap scales and segmented choices draw
    the label as the button and hide the radio itself)."""
    radio.locator("xpath=following-sibling::label[1]").click()


def answer(page, text, choice):
    choose(question(page, text).get_by_role("radio", name=choice, exact=True))


def score(page, text, value):
    """A pain score: one tap on the 0-10 scale of the question `text`."""
    choose(question(page, text).get_by_role("radio", name=value, exact=True))


def expect_score(page, text, value):
    expect(question(page, text).get_by_role("radio", name=value, exact=True)).to_be_checked()


def posting(page, act):
    """Do `act` (a click or a key press that sends a form) and check the portal accepted the
    POST: a redirect to the next page, or the same step again with its errors."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        act()
    response = posted.value
    assert response.status in (200, 302), (
        f"POST {response.url} answered {response.status}; the browser sent "
        f"Origin: {response.request.header_value('origin')!r}"
    )


def posting_step(page, act):
    """`posting` for an intake page, returning once the page it leads to has loaded and run
    its script: counting a step's questions earlier counted follow-ups it was about to hide."""
    with page.expect_navigation():
        posting(page, act)


def continue_(page):
    posting_step(page, page.get_by_role("button", name="Continue").click)


def back(page):
    posting_step(page, page.get_by_role("button", name="Back").click)


def submit_answers(page):
    posting_step(page, page.get_by_role("button", name="Submit my answers").click)


def fill_contact(page, *, email=RUNNER["E-mail"], consent=True):
    for label, value in RUNNER.items():
        page.get_by_label(label).fill(email if label == "E-mail" else value)
    answer(page, "Sex", "Prefer not to say")
    if consent:
        page.get_by_label("I agree to the statement above.").check()


def fill_running(page):
    for label, value in RUNNING.items():
        page.get_by_label(label).fill(value)
    page.get_by_label("Race date").fill("2027-04-10")
    page.get_by_role("checkbox", name="Road").check()
    page.get_by_role("checkbox", name="Trail").check()


BENIGN_PAIN = {
    "Which side?": "Right",
    "Does walking hurt now?": "No",
    "Does standing on the painful leg alone hurt?": "No",
    "Can you take your full weight on the leg and walk?": "Yes",
    "Did the pain start, or get worse, as you increased your running?": "No",
    "Does the pain make you limp": "No",
    "Does the pain last for days after rest?": "No",
    "Is the pain worse lying down": "No",
    "Does your hip snap or click?": "No",
    "Does your hip feel stuck or blocked?": "No",
}


def fill_pain(page, *, pain_now="2"):
    page.get_by_role("checkbox", name="Side of the hip").check()
    page.get_by_label("How many days ago did it start?").fill("12")
    if pain_now is not None:
        score(page, "Pain right now", pain_now)
    score(page, "Worst pain in the last week", "4")
    score(page, "Pain while running", "3")
    for text, choice in BENIGN_PAIN.items():
        answer(page, text, choice)
    page.get_by_label("Anything else about the pain?").fill("Sore after long runs on camber.")


def answer_every_question(page, choice):
    for group in page.locator("form").get_by_role("group").all():
        choose(group.get_by_role("radio", name=choice, exact=True))


def fill_function(page):
    answer_every_question(page, "No difficulty")


def reach_step(page, portal, number):
    """Complete steps before `number` with benign answers."""
    page.goto(f"{portal}/intake/start/")
    fillers = [fill_contact, fill_running, fill_pain, lambda p: answer_every_question(p, "No")]
    for fill in fillers[: number - 1]:
        fill(page)
        continue_(page)
    expect(page.get_by_text(f"Step {number} of 6")).to_be_visible()


def test_a_runner_completes_the_intake_on_a_phone_and_is_invited_to_a_discovery_visit(
    page, portal, assert_accessible
):
    page.goto(portal)
    assert_accessible(page, "home")
    page.get_by_role("link", name="Start your intake").click()

    # Step 1: typed key by key, as a runner on a phone would.
    expect(heading(page)).to_have_text("Contact and consent")
    assert_accessible(page, "step 1")
    for label, value in RUNNER.items():
        page.get_by_label(label).click()
        page.get_by_label(label).press_sequentially(value)
    question(page, "Sex").get_by_text("Prefer not to say").click()
    page.get_by_text("I agree to the statement above.").click()
    continue_(page)

    expect(heading(page)).to_have_text("Your running")
    assert_accessible(page, "step 2")
    for label, value in RUNNING.items():
        page.get_by_label(label).click()
        page.get_by_label(label).press_sequentially(value)
    page.get_by_label("Race date").fill("2027-04-10")
    page.get_by_text("Road", exact=True).click()
    continue_(page)

    expect(heading(page)).to_have_text("The pain")
    assert_accessible(page, "step 3")
    page.get_by_text("Side of the hip", exact=True).click()
    page.get_by_label("How many days ago did it start?").press_sequentially("12")
    score(page, "Pain right now", "2")
    score(page, "Worst pain in the last week", "4")
    score(page, "Pain while running", "3")
    for text, choice in BENIGN_PAIN.items():
        question(page, text).get_by_text(choice, exact=True).click()
    continue_(page)

    expect(heading(page)).to_have_text("Warning signs")
    assert_accessible(page, "step 4")
    questions = page.locator("form").get_by_role("group")
    # Every warning-sign question is asked, and no conditional one applies to this runner;
    # the follow-ups wait for a Yes.
    shown = len(WarningSignsForm.base_fields) - len(WarningSignsForm.FOLLOW_UPS)
    expect(questions).to_have_count(shown)
    sections = page.locator("form section")
    expect(sections).to_have_count(5)
    for section in sections.all():
        section.get_by_text("None of these", exact=True).click()
    continue_(page)

    expect(heading(page)).to_have_text("Function and history")
    assert_accessible(page, "step 5")
    items = page.locator("form").get_by_role("group")
    expect(items).to_have_count(20)
    expect(items.nth(6)).to_contain_text("Item 7 of 20")
    for item in items.all():
        item.get_by_text("No difficulty", exact=True).click()
    continue_(page)

    expect(heading(page)).to_have_text("Review and submit")
    assert_accessible(page, "review")
    expect(page.get_by_text("maya.okafor@example.com")).to_be_visible()
    expect(page.get_by_text("80 of 80 (higher is better)")).to_be_visible()
    expect(page.get_by_text("Side of the hip", exact=True)).to_be_visible()
    submit_answers(page)

    expect(heading(page)).to_contain_text("Book a free Discovery Visit")
    expect(page.get_by_role("link", name="919-516-9050").first).to_be_visible()
    assert_accessible(page, "result")


def finish_intake_with_an_emergency_answer(page, portal):
    """Benign answers but saddle numbness: the result is an emergency."""
    reach_step(page, portal, 4)
    answer_every_question(page, "No")
    answer(page, "Any numbness or changed feeling between your legs", "Yes")
    continue_(page)
    fill_function(page)
    continue_(page)
    submit_answers(page)


def test_a_saddle_numbness_answer_ends_on_emergency_instructions_with_nothing_to_book(
    page, portal, assert_accessible
):
    finish_intake_with_an_emergency_answer(page, portal)

    expect(heading(page)).to_contain_text("Go to an emergency department now")
    expect(page.locator('a[href="tel:911"]')).to_be_visible()
    controls = page.locator(
        "a, button, input[type=submit], input[type=button], [role=link], [role=button]"
    )
    offending = [
        text
        for text in controls.evaluate_all(
            "els => els.map(e => [e.textContent, e.value || '', e.getAttribute('href') || '',"
            " e.getAttribute('aria-label') || ''].join(' '))"
        )
        if "book" in text.lower()
    ]
    assert offending == [], f"emergency page offers booking: {offending}"
    assert_accessible(page, "emergency result")


def test_a_validation_error_keeps_every_typed_answer(page, portal):
    page.goto(f"{portal}/intake/start/")
    fill_contact(page, email="maya.okafor.example.com")
    continue_(page)

    summary = page.locator("#form-errors")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    fix = "Enter an e-mail address in the right form, like name@example.com."
    summary.get_by_role("link", name=f"E-mail: {fix}").click()
    expect(page.get_by_label("E-mail")).to_be_focused()
    expect(page.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
    for label, value in RUNNER.items():
        if label != "E-mail":
            expect(page.get_by_label(label)).to_have_value(value)
    expect(page.get_by_label("E-mail")).to_have_value("maya.okafor.example.com")
    expect(question(page, "Sex").get_by_label("Prefer not to say")).to_be_checked()
    expect(page.get_by_label("I agree to the statement above.")).to_be_checked()

    page.get_by_label("E-mail").fill(RUNNER["E-mail"])
    continue_(page)
    fill_running(page)
    continue_(page)

    fill_pain(page, pain_now=None)
    continue_(page)
    expect(heading(page)).to_have_text("The pain")
    pain_error = "Pain right now: Choose your pain from 0 (no pain) to 10 (worst imaginable)."
    expect(page.locator("#form-errors").get_by_role("link", name=pain_error)).to_be_visible()
    expect(page.get_by_role("checkbox", name="Side of the hip")).to_be_checked()
    expect(page.get_by_label("How many days ago did it start?")).to_have_value("12")
    expect_score(page, "Worst pain in the last week", "4")
    expect_score(page, "Pain while running", "3")
    for text, choice in BENIGN_PAIN.items():
        expect(question(page, text).get_by_label(choice, exact=True)).to_be_checked()
    expect(page.get_by_label("Anything else about the pain?")).to_have_value(
        "Sore after long runs on camber."
    )


def expect_contact_kept(page):
    expect(heading(page)).to_have_text("Contact and consent")
    for label, value in RUNNER.items():
        expect(page.get_by_label(label)).to_have_value(value)
    expect(question(page, "Sex").get_by_label("Prefer not to say")).to_be_checked()
    expect(page.get_by_label("I agree to the statement above.")).to_be_checked()


def expect_running_kept(page):
    expect(heading(page)).to_have_text("Your running")
    for label, value in RUNNING.items():
        expect(page.get_by_label(label)).to_have_value(value)
    expect(page.get_by_label("Race date")).to_have_value("2027-04-10")
    expect(page.get_by_role("checkbox", name="Road")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Trail")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Track")).not_to_be_checked()


def test_going_back_with_the_back_button_and_forward_again_keeps_answers(page, portal):
    reach_step(page, portal, 3)
    # Half an answer on step 3 survives the trip back too.
    page.get_by_role("checkbox", name="Buttock").check()
    answer(page, "Which side?", "Left")
    score(page, "Pain right now", "3")

    back(page)
    expect_running_kept(page)
    back(page)
    expect_contact_kept(page)

    continue_(page)
    expect_running_kept(page)
    continue_(page)
    expect(heading(page)).to_have_text("The pain")
    expect(page.get_by_role("checkbox", name="Buttock")).to_be_checked()
    expect(question(page, "Which side?").get_by_label("Left")).to_be_checked()
    expect_score(page, "Pain right now", "3")


def test_the_resume_link_from_the_email_reopens_the_draft_on_another_device(
    page, portal, new_context, settings
):
    reach_step(page, portal, 3)

    settings.PORTAL_BASE_URL = portal
    assert outbox_dispatch() == 1
    (message,) = mail.outbox
    assert message.to == [RUNNER["E-mail"]]
    links = re.findall(rf"{re.escape(portal)}/intake/resume/[^/\s]+/", message.body)
    assert len(links) == 1, message.body
    link = links[0]
    token = link.rstrip("/").rsplit("/", 1)[1]

    other_device = new_context().new_page()
    other_device.goto(link)
    expect(other_device).to_have_url(f"{portal}/intake/step/3/")
    assert token not in other_device.url
    expect(other_device.get_by_role("status")).to_contain_text("Welcome back")
    expect(heading(other_device)).to_have_text("The pain")

    back(other_device)
    expect_running_kept(other_device)
    back(other_device)
    expect_contact_kept(other_device)


def test_the_first_step_can_be_completed_with_the_keyboard_alone(page, portal):
    page.goto(f"{portal}/intake/start/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    for label, value in RUNNER.items():
        page.keyboard.press("Tab")
        expect(page.get_by_label(label)).to_be_focused()
        page.keyboard.type(value)
    page.keyboard.press("Tab")  # into the radio group: arrows choose
    page.keyboard.press("Space")
    expect(question(page, "Sex").get_by_label("Female")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("I agree to the statement above.")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    posting_step(page, lambda: page.keyboard.press("Enter"))

    expect(heading(page)).to_have_text("Your running")


# The routine runner's answers by keyboard: what to type into each field, which boxes to tick
# (by label) and which choice each radio group gets (yes/no questions No, the LEFS items
# "No difficulty", unless named here).
KEY_TYPED = {
    "first_name": "Maya",
    "last_name": "Okafor",
    "email": "maya.okafor@example.com",
    "phone": "919-555-0142",
    "age": "34",
    "weekly_miles": "22",
    "weekly_miles_4_weeks_ago": "20",
    "days_since_onset": "12",
    "missed_periods_12_months": "0",
}
KEY_TICKED = {"I agree to the statement above.", "Road", "Side of the hip", "None of these"}
KEY_CHOSEN = {
    "sex": "female",
    "pain_side": "right",
    "pain_now": "2",
    "pain_worst": "4",
    "pain_running": "3",
    "can_bear_weight": "yes",
}
FOCUSED = """() => {
    const e = document.activeElement;
    const group = e.type === "radio" ? [...document.getElementsByName(e.name)] : [];
    return {
        tag: e.tagName, type: e.type || "", name: e.name || "", text: e.textContent.trim(),
        label: e.labels && e.labels.length ? e.labels[0].textContent.trim() : "",
        checked: !!e.checked, inForm: !!e.closest("main form"),
        index: group.indexOf(e), values: group.map(r => r.value),
        answered: group.some(r => r.checked),
    };
}"""


def answer_by_keyboard(page, button):
    """One page with the keyboard alone: skip to the content, Tab through it answering each
    control that gets focus, and press Enter on `button`. Returns what it answered, in order."""
    done = []
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        name = focused["name"]
        if focused["text"] == "Skip to main content":
            # The first stop, unless the page opened at #main (after the previous page's skip)
            page.keyboard.press("Enter")
        elif focused["tag"] == "BUTTON" and focused["text"] == button:
            posting_step(page, lambda: page.keyboard.press("Enter"))
            return done
        elif not focused["inForm"]:
            continue
        elif focused["type"] == "radio" and not focused["answered"]:
            want = KEY_CHOSEN.get(name, "4" if name.startswith("lefs_") else "no")
            # Tab lands on a group's first radio; each arrow moves one on and chooses it.
            moves = focused["values"].index(want) - focused["index"]
            for _ in range(moves):
                page.keyboard.press("ArrowRight")
            if not moves:
                page.keyboard.press("Space")
            done.append(f"{name}={want}")
        elif focused["type"] == "checkbox" and focused["label"] in KEY_TICKED:
            if not focused["checked"]:
                page.keyboard.press("Space")
                done.append(f"ticked {focused['label']}")
        elif name in KEY_TYPED:
            page.keyboard.type(KEY_TYPED[name])
            done.append(f"typed {name}")
    raise AssertionError(f"{button!r} never got the focus; did {done}")


def test_a_routine_runner_goes_from_step_1_to_the_result_with_the_keyboard_alone(page, portal):
    """Tab, Space, the arrows and Enter only: not one click from the home page to the result."""
    page.goto(portal)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Start your intake":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")

    steps = {}
    for number, title in enumerate(
        ("Contact and consent", "Your running", "The pain", "Warning signs"), start=1
    ):
        expect(heading(page)).to_have_text(title)
        steps[number] = answer_by_keyboard(page, "Continue")
    expect(heading(page)).to_have_text("Function and history")
    steps[5] = answer_by_keyboard(page, "Continue")

    # What the keys chose is what the runner meant.
    assert steps[1][-2:] == ["sex=female", "ticked I agree to the statement above."], steps[1]
    assert steps[4].count("ticked None of these") == 5, steps[4]
    assert len(steps[5]) == 20, steps[5]
    expect(heading(page)).to_have_text("Review and submit")
    expect(page.get_by_text("80 of 80 (higher is better)")).to_be_visible()
    expect(page.get_by_text("Side of the hip", exact=True)).to_be_visible()
    answer_by_keyboard(page, "Submit my answers")

    expect(heading(page)).to_contain_text("Book a free Discovery Visit")


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_home_and_result_pages_fit_a_360_pixel_screen(page, portal, assert_accessible):
    page.set_viewport_size(SMALL_PHONE)
    page.goto(portal)
    # The stylesheets must have loaded, or "fits the screen" would prove nothing.
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(11, 85, 99)")
    assert scroll_width(page) <= 360
    assert_accessible(page, "home at 360 px")

    reach_step(page, portal, 5)
    fill_function(page)
    continue_(page)
    submit_answers(page)
    expect(heading(page)).to_contain_text("Book a free Discovery Visit")
    assert scroll_width(page) <= 360


def test_an_unknown_resume_link_shows_a_not_recognised_page_with_404(
    page, portal, assert_accessible
):
    response = page.goto(f"{portal}/intake/resume/not-a-real-token-0123456789/")
    assert response.status == 404
    expect(heading(page)).to_have_text("We don't recognise this link")
    assert_accessible(page, "link not recognised")


def test_every_step_fits_a_360_pixel_screen(page, portal):
    """The LEFS's 20 rows, the tap scales and the textareas included: nothing scrolls
    sideways on a small phone."""
    page.set_viewport_size(SMALL_PHONE)
    page.goto(f"{portal}/intake/start/")
    fillers = [
        fill_contact,
        fill_running,
        fill_pain,
        lambda p: answer_every_question(p, "No"),
        fill_function,
    ]
    for number, fill in enumerate(fillers, start=1):
        expect(page.get_by_text(f"Step {number} of 6")).to_be_visible()
        assert scroll_width(page) <= 360, f"step {number} scrolls sideways"
        fill(page)
        continue_(page)
    expect(heading(page)).to_have_text("Review and submit")
    assert scroll_width(page) <= 360


def none_of_these(page, section):
    return page.get_by_role("region", name=section).get_by_role("checkbox", name="None of these")


TINGLING = "Pins and needles or numbness below the knee?"
BOTH_LEGS = "If you have pins and needles or numbness below the knee: is it in both legs?"


@pytest.mark.parametrize("width", [390, 360])
def test_warning_signs_in_sections_a_yes_reveals_its_follow_up_and_none_with_yes_is_an_error(
    page, portal, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 844})
    reach_step(page, portal, 4)
    assert scroll_width(page) <= width
    assert_accessible(page, "warning signs")

    expect(question(page, BOTH_LEGS)).to_be_hidden()
    answer(page, TINGLING, "Yes")
    expect(question(page, BOTH_LEGS)).to_be_visible()
    answer(page, TINGLING, "No")
    expect(question(page, BOTH_LEGS)).to_be_hidden()

    # "None of these" shows its section answered No at once, and clears it when unticked.
    none_of_these(page, "Nerves, back, bladder and bowel").check()
    expect(question(page, "Do you have back pain?").get_by_label("No", exact=True)).to_be_checked()
    expect(question(page, TINGLING).get_by_label("No", exact=True)).to_be_checked()
    answer(page, TINGLING, "Yes")
    for section in page.locator("form section").all():
        section.get_by_role("checkbox", name="None of these").check()
    continue_(page)

    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("You ticked \u201cNone of these\u201d but answered Yes to")
    expect(summary).to_contain_text(BOTH_LEGS + " You said you have pins and needles")
    expect(question(page, TINGLING).get_by_label("Yes", exact=True)).to_be_checked()
    expect(question(page, BOTH_LEGS)).to_be_visible()
    assert scroll_width(page) <= width
    assert_accessible(page, "warning signs with errors")

    none_of_these(page, "Nerves, back, bladder and bowel").uncheck()
    answer(page, BOTH_LEGS, "No")
    continue_(page)
    expect(heading(page)).to_have_text("Function and history")


def test_warning_signs_with_the_keyboard_alone(page, portal):
    reach_step(page, portal, 4)
    page.get_by_role("heading", level=1).focus()
    ticked = 0
    for _ in range(60):  # each question's radio group is one Tab stop, each box another
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || ''")
        if name.startswith("none_"):
            page.keyboard.press("Space")
            ticked += 1
        if page.evaluate("document.activeElement.textContent.trim()") == "Continue":
            break
    assert ticked == 5
    posting_step(page, lambda: page.keyboard.press("Enter"))
    expect(heading(page)).to_have_text("Function and history")


def test_warning_signs_work_without_javascript(new_context, portal):
    page = new_context(java_script_enabled=False).new_page()
    reach_step(page, portal, 4)

    answer(page, "Do you have back pain?", "Yes")
    answer(page, TINGLING, "Yes")
    expect(question(page, BOTH_LEGS)).to_be_visible()  # shown by the stylesheet alone
    answer(page, BOTH_LEGS, "No")
    for section in page.locator("form section").all():
        box = section.get_by_role("checkbox", name="None of these")
        if section.get_by_role("heading").inner_text() != "Nerves, back, bladder and bowel":
            box.check()
    for text in ("Any numbness or changed feeling", "Any new trouble starting", "Any new problem"):
        answer(page, text, "No")
    answer(page, "Is there weakness in your leg", "No")
    continue_(page)
    expect(heading(page)).to_have_text("Function and history")
    fill_function(page)
    continue_(page)
    expect(page.get_by_text("Do you have back pain?")).to_be_visible()
    rows = page.locator("dt", has_text="Do you have back pain?").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(rows).to_have_text("Yes")
    expect(page.get_by_text("None of these")).to_have_count(0)


# Bootstrap's blues: primary, its hover, focus borders and rings, the info note's cyan.
BOOTSTRAP_BLUES = ("13, 110, 253", "10, 88, 202", "134, 183, 254", "158, 197, 254", "207, 244, 252")
COLOURS = """els => els.flatMap(e => {
  const s = getComputedStyle(e);
  return [s.color, s.backgroundColor, s.borderColor, s.boxShadow, s.outlineColor]
    .map(c => e.tagName + '.' + e.className + ': ' + c);
})"""


def blues(page):
    found = page.locator("main *").evaluate_all(COLOURS)
    return [c for c in found if any(blue in c for blue in BOOTSTRAP_BLUES)]


def test_no_bootstrap_blue_on_buttons_in_any_state(page, portal):
    reach_step(page, portal, 4)
    assert blues(page) == []
    page.get_by_role("button", name="Back").focus()
    assert blues(page) == []
    page.get_by_role("button", name="Continue").focus()
    assert blues(page) == []
    page.get_by_role("button", name="Continue").hover()
    assert blues(page) == []
    page.locator("form button").evaluate_all("els => els.forEach(e => e.disabled = true)")
    assert blues(page) == []
    # A note of the info kind, as the times page and the plan show them.
    page.locator("h1").evaluate(
        "h => h.insertAdjacentHTML('afterend', '<p class=\"alert alert-info\">Note</p>')"
    )
    assert blues(page) == []


TAB_STOPS = """() => {
    const e = document.activeElement;
    const section = e.closest("section.signs-section");
    const name = e.name || e.textContent.trim();
    return {name: name, section: section ? section.getAttribute("aria-labelledby") : ""};
}"""


@pytest.mark.parametrize("step", [3, 4])
def test_keyboard_reaches_each_none_of_these_after_its_sections_questions(page, portal, step):
    """Tab order is the page's order: a section's questions, then its "None of these", then
    the next section's title and questions (a box before its questions would be ticked
    before the runner has read what it answers)."""
    reach_step(page, portal, step)
    if step == 4:  # with a follow-up shown: it too comes before its section's box
        answer(page, TINGLING, "Yes")
        page.get_by_role("heading", level=1).click()
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stop = page.evaluate(TAB_STOPS)
        if stop["name"] == "Continue":
            break
        if not stops or stops[-1] != stop:
            stops.append(stop)
    names = [stop["name"] for stop in stops]
    if step == 4:
        assert names.index("tingling_both_legs") < names.index("none_nerves")
    for section in page.locator("form section").all():
        key = section.get_attribute("aria-labelledby").removeprefix("section-")
        if section.get_by_role("checkbox", name="None of these").count() == 0:
            continue
        in_section = [s["name"] for s in stops if s["section"] == f"section-{key}"]
        assert in_section[-1] == f"none_{key}", (key, in_section)
        box = names.index(f"none_{key}")
        assert names[box - len(in_section) + 1 : box + 1] == in_section, (key, names)
