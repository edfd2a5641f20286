"""`make audit`'s own logic (bench/audit.py) without Lighthouse: which pages it audits, which
goals each must meet, what it writes; and the Nu Html Checker it runs, for real, on the pages
a runner reaches without a session."""

import json
import shutil

import pytest

from bench import audit, audit_pages
from content.models import Page
from content.seed import PAGES, pages_write
from intake.forms import STEP_FORMS
from programs.services import library_seed

MET = {"performance": 100, "accessibility": 100, "best_practices": 100, "seo": 100}


def results_for(pages, **changes):
    results = {page.name: {**MET, "html_errors": 0} for page in pages}
    for page in pages:
        if page.app:
            results[page.name]["installable"] = True
    for name, change in changes.items():
        results[name].update(change)
    return results


def test_the_audit_walks_every_intake_step_and_the_runner_s_private_pages():
    names = [page.name for page in audit_pages.pages()]
    steps = [f"intake_step_{number}" for number in range(1, len(STEP_FORMS) + 1)]
    first = names.index("intake_step_1")
    assert names[first : first + len(steps)] == steps
    for name in ("intake_review", "intake_result", "book_times", "book_confirm", "plan"):
        assert name in names
    assert {"checkin", "care"} <= set(names)
    # An app page's service worker works on after a load: audited last, it slows no other.
    apps = [page.name for page in audit_pages.pages() if page.app]
    assert names[-len(apps) :] == apps
    guide = ["guide", *(f"guide_{page['slug']}" for page in PAGES)]
    public = [page.name for page in audit_pages.pages() if page.public]
    assert public == ["home", *guide, "book_start"]


def test_a_noindex_page_is_not_held_to_the_seo_goal_but_a_public_one_is():
    pages = audit_pages.pages()
    results = results_for(pages, intake_step_1={"seo": 54})
    assert audit.misses(results, pages) == []
    results = results_for(pages, home={"seo": 92})
    assert audit.misses(results, pages) == ["home: seo 92 < 100"]


def test_every_other_goal_holds_on_every_page():
    pages = audit_pages.pages()
    results = results_for(
        pages,
        care={"performance": 97},
        plan={"accessibility": 98, "html_errors": 2},
        checkin={"best_practices": 96},
    )
    assert audit.misses(results, pages) == [
        "checkin: best_practices 96 < 100",
        "care: performance 97 < 98",
        "plan: accessibility 98 < 100",
        "plan: 2 HTML error(s)",
    ]


def test_the_plan_is_the_page_that_must_be_installable_as_an_app():
    pages = audit_pages.pages()
    assert [page.name for page in pages if page.app] == ["plan"]
    results = results_for(pages, plan={"installable": False})
    assert audit.misses(results, pages) == ["plan: not installable"]
    rows = {line.split()[0]: line.split() for line in audit.table(results, pages).splitlines()}
    assert (rows["plan"][-1], rows["care"][-1]) == ("no", "-")


def test_it_writes_the_scores_as_json_and_brackets_unscored_seo_in_its_table(tmp_path):
    pages = audit_pages.pages()
    results = results_for(pages, intake_review={"seo": 54})
    audit.write_results(results, tmp_path / "audit.json")
    written = json.loads((tmp_path / "audit.json").read_text())
    assert written["intake_review"] == {
        "performance": 100,
        "accessibility": 100,
        "best_practices": 100,
        "seo": 54,
        "html_errors": 0,
    }
    rows = {line.split()[0]: line.split() for line in audit.table(results, pages).splitlines()}
    assert rows["intake_review"][4] == "(54)"
    assert rows["home"][4] == "100"


def test_median_of_the_runs_is_kept_per_category():
    runs = [
        {"performance": 91, "seo": 100},
        {"performance": 99, "seo": 92},
        {"performance": 98, "seo": 100},
    ]
    assert audit.median_scores(runs) == {"performance": 98, "seo": 100}


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java")
@pytest.mark.django_db
def test_the_pages_without_a_session_and_the_error_pages_are_valid_html(client, tmp_path):
    from clinic.views import server_error

    library_seed()
    pages_write(Page)
    pages = {
        "home": client.get("/"),
        "guide": client.get("/guide/"),
        **{page["slug"]: client.get(f"/guide/{page['slug']}/") for page in PAGES},
        "book_start": client.get("/book/"),
        "step_1": client.get("/intake/step/1/"),
        "lost_link": client.get("/care/lost-link/"),
        "no_session": client.get("/care/"),
        "not_found": client.get("/no-such-page/"),
        "server_error": server_error(),
    }
    files = {}
    for name, response in pages.items():
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>x</title><p><div></div></p>")
    errors = audit.html_errors({**files, "broken": broken})
    assert errors.pop("broken"), "the checker found nothing in a broken page"
    assert errors == {name: [] for name in pages}
