"""`intake_taps_routine`: how many taps a routine runner needs, home page to result.

A real Chromium (Debian's) at phone size, 390x844 with touch, against the portal in its own
process (bench/race.py's server), completes an intake whose answers fire no rule: a
34-year-old woman with side-of-hip pain. Every tap on a link, button, radio, checkbox or
select counts as one; typing (name, e-mail, phone, numbers, free text) does not, as a runner
types the same however the form is laid out. The driver answers what the page asks and
nothing more: it taps a section's "None of these" where the page offers one, otherwise each
yes/no question; follow-ups that the page hides are not asked. So the same driver measures
the form before and after a change.

The baseline is the count before issue 14 (70, as the issue states it); the goal, at most 45.
"""

from pathlib import Path

from bench.harness import CHROMIUM_ARGS, CHROMIUM_PATH, entry, progress, say
from bench.race import portal_server

BASELINE_TAPS = 70
GOAL_TAPS = 45
PHONE = {"width": 390, "height": 844}
# The one yes/no question of the routine runner whose benign answer is Yes.
YES_IS_BENIGN = {"can_bear_weight"}
TYPED = {
    "First name": "Maya",
    "Last name": "Okafor",
    "E-mail": "maya.taps@example.com",
    "Phone": "919-555-0142",
    "Age (years)": "34",
    "Miles per week now (average)": "22",
    "Miles per week four weeks ago": "20",
    "How many days ago did it start?": "12",
    "How many periods have you missed in the last 12 months?": "0",
}


class Runner:
    """A phone and a tally of its taps, page by page."""

    def __init__(self, page):
        self.page = page
        self.taps: dict[str, int] = {}

    def _count(self) -> None:
        title = self.page.locator("h1").first.inner_text().strip()
        self.taps[title] = self.taps.get(title, 0) + 1

    def tap(self, locator) -> None:
        self._count()
        locator.tap()

    def choose(self, radio) -> None:
        """A radio or checkbox, tapped where the runner sees it: its label (the tap scales
        and segmented choices draw the label as the button)."""
        input_id = radio.get_attribute("id")
        self.tap(self.page.locator(f'label[for="{input_id}"]'))

    def type_visible(self) -> None:
        for label, value in TYPED.items():
            field = self.page.get_by_label(label, exact=True)
            if field.count() and field.is_visible():
                field.fill(value)

    def next_page(self, button: str) -> None:
        with self.page.expect_navigation():
            self.tap(self.page.get_by_role("button", name=button))


def _answer_yes_no(runner: Runner) -> None:
    """Each section's "None of these" where there is one; then every yes/no question left
    that the page shows and no ticked "None of these" answers."""
    page = runner.page
    for box in page.locator('form input[type=checkbox][name^="none_"]').all():
        runner.choose(box)
    names = page.locator("form .segmented-yes-no input[type=radio][value=no]").evaluate_all(
        """radios => radios.filter(r => r.offsetParent !== null
             && !r.closest('.signs-section:has(input[name^="none_"]:checked)')
             && !document.querySelector(`input[name="${r.name}"]:checked`))
           .map(r => r.name)"""
    )
    for name in names:
        value = "yes" if name in YES_IS_BENIGN else "no"
        runner.choose(page.locator(f'input[name="{name}"][value="{value}"]'))


def _intake(runner: Runner, base: str) -> None:
    page = runner.page
    page.goto(base + "/")
    with page.expect_navigation():
        runner.tap(page.get_by_role("link", name="Start your intake"))
    # 1 Contact and consent
    runner.type_visible()
    runner.choose(page.get_by_role("group", name="Sex").get_by_role("radio", name="Female"))
    runner.choose(page.get_by_role("checkbox", name="I agree to the statement above."))
    runner.next_page("Continue")
    # 2 Running
    runner.type_visible()
    runner.choose(page.get_by_role("checkbox", name="Road"))
    runner.next_page("Continue")
    # 3 The pain
    runner.type_visible()
    runner.choose(page.get_by_role("checkbox", name="Side of the hip"))
    runner.choose(page.get_by_role("group", name="Which side?").get_by_role("radio", name="Right"))
    for question, score in (
        ("Pain right now", "2"),
        ("Worst pain in the last week", "4"),
        ("Pain while running", "3"),
    ):
        group = page.get_by_role("group", name=question)
        runner.choose(group.get_by_role("radio", name=score, exact=True))
    _answer_yes_no(runner)
    runner.next_page("Continue")
    # 4 Warning signs
    runner.type_visible()
    _answer_yes_no(runner)
    runner.next_page("Continue")
    # 5 Function: one answer per LEFS item
    for radio in page.locator('form input[type=radio][value="3"]').all():
        runner.choose(radio)
    runner.next_page("Continue")
    # Review
    runner.next_page("Submit my answers")
    heading = page.locator("h1").first.inner_text()
    assert "Book a free Discovery Visit" in heading, f"not a routine result: {heading!r}"


def count_taps(base: str) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport=PHONE, has_touch=True, is_mobile=True, locale="en-US"
            )
            context.set_default_timeout(15_000)
            runner = Runner(context.new_page())
            _intake(runner, base)
            return runner.taps
        finally:
            browser.close()


def answers_stored() -> int:
    """Fewer taps must not mean fewer answers: every contract key the runner is asked is
    stored for the case (the menstrual ones for this runner, testicular pain not)."""
    from intake.models import Case
    from intake.triage.schema import ANSWER_SPECS

    answers = Case.objects.latest("pk").answers
    expected = set(ANSWER_SPECS) - {"testicular_pain", "shoe_miles"}
    missing = expected - {key for key, value in answers.items() if value is not None}
    # Follow-ups are asked only after a Yes, which this runner never gives.
    missing -= {"night_pain_constant", "tingling_both_legs", "groin_lump_painful_or_stuck"}
    assert not missing, f"not stored: {sorted(missing)}"
    return len(answers)


def metric_intake_taps_routine(results: dict, root: Path, var: Path) -> None:
    say(
        "intake_taps_routine: taps of a routine intake, home page to result, in Chromium at "
        f"390x844 (typing not counted) vs {BASELINE_TAPS} before issue 14"
    )
    with portal_server(root, var / "runserver-taps.log") as address:
        taps = count_taps(f"http://{address}")
    total = sum(taps.values())
    asked = answers_stored()
    results["intake_taps_routine"] = entry(
        total,
        "taps",
        "before_issue_14",
        BASELINE_TAPS,
        GOAL_TAPS,
        taps_by_page=taps,
        answers_stored=asked,
    )
    progress(
        f"intake_taps_routine {total} taps (before issue 14: {BASELINE_TAPS}), {asked} answers "
        "stored; " + ", ".join(f"{page}: {count}" for page, count in taps.items())
    )
