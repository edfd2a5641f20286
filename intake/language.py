"""The language switch's view, and the runner's language kept on the runner: set when the
runner is made or switches language, read when a private link lands (clinic/i18n.py)."""

from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from clinic.i18n import language_remember, supported
from intake.http import CARE_KEY
from intake.models import Runner


def set_language(request):
    """The switch (a POST form on every runner page, no script needed): remember the
    language, store it on the runner of the session's case, back to the same page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    code = supported(request.POST.get("language"))
    back = request.POST.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    case_id = request.session.get(CARE_KEY)
    if case_id is not None:
        Runner.objects.filter(cases__pk=case_id).update(language=code)
    return language_remember(request, redirect(back), code)
