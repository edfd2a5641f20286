"""The Content-Security-Policy (no inline script, no inline style, no framing) on every
public page and every admin page."""

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.intake.steps import STEPS, complete_intake

pytestmark = pytest.mark.django_db


def assert_strict_csp(response, where: str) -> None:
    policy = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives.get("script-src") == "'self'", (where, policy)
    assert directives.get("style-src") == "'self'", (where, policy)
    assert directives.get("frame-ancestors") == "'none'", (where, policy)
    assert directives.get("default-src") == "'none'", (where, policy)
    # Images from the portal (and MEDIA_HOST when configured), never any https site.
    assert directives.get("img-src") == "'self'", (where, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (where, policy)


def test_public_pages_carry_the_policy(client):
    urls = ["/", "/intake/start/", "/book/", "/no-such-page/", "/intake/resume/nope/"]
    urls += [f"/intake/step/{n}/" for n in range(1, 6)]
    for url in urls:
        assert_strict_csp(client.get(url), url)
    complete_intake(client)
    for url in ("/intake/result/", "/book/times/", "/plan/", "/visit/"):
        assert_strict_csp(client.get(url), url)
    posted = client.post("/intake/step/1/", {**STEPS[1], "email": "bad"})
    assert_strict_csp(posted, "a refused step")


def test_runner_pages_show_no_inline_script_or_style_attribute(client):
    complete_intake(client)
    for url in ("/", "/intake/step/1/", "/intake/result/", "/book/", "/book/times/"):
        html = client.get(url, follow=True).content.decode()
        # A JSON-LD block is data, never run (the guide's schema.org clinic): not a script.
        code = r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>"
        assert not re.search(code, html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def admin_urls() -> list[str]:
    """Every registered model's list, add, change and history pages."""
    urls = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        try:
            urls.append(reverse(f"{name}_add"))
        except NoReverseMatch:
            pass
        obj = model._default_manager.first()
        if obj is not None:
            urls.append(reverse(f"{name}_change", args=[obj.pk]))
            urls.append(reverse(f"{name}_history", args=[obj.pk]))
    return urls


def test_every_admin_page_carries_the_policy(admin_client, clinical):
    case, plan = clinical
    urls = admin_urls()
    urls += [
        f"/admin/programs/plan/build/{case.pk}/",
        f"/admin/intake/runner/{case.runner_id}/export/",
        f"/admin/intake/runner/{case.runner_id}/erase/",
    ]
    assert len(urls) > 60
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        assert_strict_csp(response, url)


def test_the_login_steps_carry_the_policy(client):
    from tests.staff import PASSWORD, staff_user

    assert_strict_csp(client.get("/admin/login/"), "login")
    staff_user("newbie", is_superuser=True)
    client.post("/admin/login/", {"username": "newbie", "password": PASSWORD})
    enrol = client.get("/admin/otp/enrol/")
    assert "<svg" in enrol.content.decode()
    assert_strict_csp(enrol, "enrolment")
