"""The pages `make audit` checks (bench/audit.py) and how a runner reaches each: the data
the portal would have made by then (a finished intake, a plan, a check-in, with their
private links) and the clicks in between, in one browser session.

A new page is a line in pages() and a `yield` in journey() where the runner reaches it.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Page:
    name: str
    public: bool = False  # indexed by search engines: its SEO score counts
    app: bool = False  # installed from here as an app: Chromium must find it installable


def pages() -> list[Page]:
    """The audited pages, in the order of the runner's journey (journey() reaches them)."""
    from content.seed import PAGES
    from intake.forms import STEP_FORMS

    return [
        Page("home", public=True),
        Page("guide", public=True),
        *(Page(f"guide_{page['slug']}", public=True) for page in PAGES),
        Page("book_start", public=True),
        *(Page(f"intake_step_{number}") for number in range(1, len(STEP_FORMS) + 1)),
        Page("intake_review"),
        Page("intake_result"),
        Page("book_times"),
        Page("book_confirm"),
        Page("book_done"),
        Page("checkin"),
        Page("care"),
        Page("plan", app=True),  # last: journey() says why
    ]


def clinic_ready() -> None:
    """The exercise library, the guide, and a therapist with hours so there are times to book."""
    from datetime import time as clock

    from django.contrib.auth import get_user_model

    from clinic.models import ClinicProfile, Therapist
    from content.models import Page as GuidePage
    from content.seed import pages_write
    from programs.services import library_seed

    ClinicProfile.load()
    library_seed()
    pages_write(GuidePage)  # the guide as the migration writes it, had it been removed
    if not Therapist.objects.filter(working_hours__isnull=False).exists():
        user, _ = get_user_model().objects.get_or_create(username="audit-therapist")
        therapist, _ = Therapist.objects.get_or_create(
            user=user, defaults={"display_name": "Audit Therapist, PT"}
        )
        for weekday in range(7):
            therapist.working_hours.create(weekday=weekday, start=clock(7), end=clock(20))


def finished_draft_link() -> tuple[str, str]:
    """A resume link to a finished, routine intake (a new runner each run: the per-address
    limits never bite), as the portal e-mails it."""
    from bench.data import step_posts
    from clinic.links import link_issue
    from clinic.models import PrivateLink
    from intake.demo import demo_answers
    from intake.forms import REVIEW_STEP
    from intake.models import IntakeDraft
    from intake.services import DRAFT_LIFETIME, draft_answers

    contact = {
        "first_name": "Audit",
        "last_name": "Runner",
        "email": f"audit-{time.time_ns()}@example.com",
        "phone": "919 555 0199",
    }
    posts = step_posts(demo_answers({}), contact)
    draft = IntakeDraft.objects.create(
        steps={str(number): data for number, data in posts.items()},
        furthest_step=REVIEW_STEP,
        email=contact["email"],
    )
    _, incomplete = draft_answers(draft)
    if incomplete is not None:
        raise RuntimeError(f"the audit's answers no longer pass step {incomplete}: update them")
    token = link_issue(
        purpose=PrivateLink.Purpose.INTAKE_RESUME, object_id=draft.pk, ttl=DRAFT_LIFETIME
    )
    return f"/intake/resume/{token}/", contact["email"]


def plan_and_checkin_links(email: str) -> tuple[str, str]:
    """The plan a therapist builds after the visit, and a weekly check-in, for the case of
    the intake submitted under `email`: their private links."""
    from django.utils import timezone

    from clinic.links import link_issue
    from clinic.models import PrivateLink
    from intake.models import Case
    from programs.emails import plan_link_lifetime
    from programs.models import CheckIn, ProgramTemplate
    from programs.services import PlanDraft, plan_build
    from programs.suggest import HIP_STRENGTH, WALK_RUN, WARM_UP

    case = Case.objects.get(runner__email=email)
    templates = ProgramTemplate.objects.filter(name__in=[HIP_STRENGTH, WARM_UP, WALK_RUN])
    start = timezone.localdate() - timedelta(days=3)
    plan = plan_build(
        case=case, draft=PlanDraft(templates=list(templates), start_date=start), issue=False
    )
    plan_token = link_issue(
        purpose=PrivateLink.Purpose.PLAN, object_id=plan.pk, ttl=plan_link_lifetime(plan)
    )
    checkin = CheckIn.objects.create(
        key=f"audit-weekly:{case.pk}", case=case, plan=plan, kind=CheckIn.Kind.WEEKLY,
        due_at=timezone.now(),
    )  # fmt: skip
    checkin_token = link_issue(
        purpose=PrivateLink.Purpose.CHECKIN, object_id=checkin.pk, ttl=timedelta(days=7)
    )
    return f"/plan/open/{plan_token}/", f"/checkin/{checkin_token}/"


def journey(page) -> Iterator[str]:
    """Walk a runner's journey in the Playwright `page`; yields each page's name when the
    browser's session can open it (at page.url)."""
    from content.seed import PAGES
    from intake.forms import STEP_FORMS

    page.goto("/")
    yield "home"
    page.goto("/guide/")
    yield "guide"
    for guide_page in PAGES:
        page.goto(f"/guide/{guide_page['slug']}/")
        yield f"guide_{guide_page['slug']}"
    page.goto("/book/")
    yield "book_start"
    resume_link, email = finished_draft_link()
    page.goto(resume_link)
    for number in range(1, len(STEP_FORMS) + 1):
        page.goto(f"/intake/step/{number}/")
        yield f"intake_step_{number}"
    page.goto("/intake/review/")
    yield "intake_review"
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_url("**/intake/result/")
    yield "intake_result"
    page.goto("/book/times/")
    yield "book_times"
    page.locator("a.slot").first.click()
    page.wait_for_url("**/book/confirm/**")
    yield "book_confirm"
    page.get_by_role("button", name="Book this time").click()
    page.wait_for_url("**/book/done/**")
    yield "book_done"
    plan_link, checkin_link = plan_and_checkin_links(email)
    page.goto(checkin_link)
    page.wait_for_url("**/checkin/")
    yield "checkin"
    page.goto("/care/")
    yield "care"
    # The plan last: after each of Lighthouse's loads its service worker goes on copying the
    # plan and its media for the trail (by design, once per phone), and that work ran into
    # the next page's audit (0.2-0.3 s of blocking time charged to a check-in, My care).
    page.goto(plan_link)
    page.wait_for_url("**/plan/")
    yield "plan"
