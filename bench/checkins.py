"""`make bench` figures of check-ins: the runner's check-in page, and dispatching 100,000 due
check-in e-mails through a real Celery worker to a local SMTP server (bench/dispatch.py)."""

from datetime import timedelta

from bench.harness import Series, entry, expect, get, interleaved, progress, say

ROUNDS = 300
CHECKIN_URL = "/checkin/"
BASELINE_URL = "/bench/plain-checkin-form/"
LAST_FIELD = 'name="shoe_miles"'  # on both pages: the weekly form's last number


def _runner_at_weekly_checkin():
    """A runner's client after opening a weekly check-in's e-mailed link, as a phone would."""
    from django.test import Client

    from bench import data
    from clinic.links import link_issue
    from clinic.models import PrivateLink
    from intake.demo import demo_answers
    from intake.services import case_open
    from programs.models import CheckIn

    case = case_open(contact=data.runner_contact(9_000), answers=demo_answers({}))
    checkin = CheckIn.objects.create(
        key=f"bench-weekly:{case.pk}", case=case, kind=CheckIn.Kind.WEEKLY, due_at=case.submitted_at
    )
    token = link_issue(
        purpose=PrivateLink.Purpose.CHECKIN, object_id=checkin.pk, ttl=timedelta(days=7)
    )
    client = Client()
    expect(302, CHECKIN_URL)(client.get(f"/checkin/{token}/"))
    return client


def metric_checkin_page(results: dict, info: dict) -> None:
    say(
        f"checkin_page: GET {CHECKIN_URL} of a weekly check-in (its link opened) vs plain_form "
        f"of its WeeklyForm ({BASELINE_URL}), {ROUNDS} rounds"
    )
    client = _runner_at_weekly_checkin()
    shows_form = expect(200, contains=LAST_FIELD)
    medians = interleaved(
        {
            "page": Series(get(client, CHECKIN_URL), shows_form),
            "plain_form": Series(get(client, BASELINE_URL), shows_form),
            "trivial": Series(get(client, "/bench/trivial/"), expect(200)),
        },
        ROUNDS,
    )
    results["checkin_page"] = entry(
        medians["page"],
        "ms",
        "plain_form",
        medians["plain_form"],
        1.5,
        trivial_ms=round(medians["trivial"], 3),
    )
    progress(
        f"checkin_page {medians['page']:.2f} ms vs plain_form {medians['plain_form']:.2f} ms "
        f"({results['checkin_page']['ratio']:.2f}x); trivial {medians['trivial']:.2f} ms"
    )
