"""The way into My care: its own private link, and "Lost your link?" that e-mails a fresh one.
My care itself is a programs page (it shows plans); this module only names its URL."""

import uuid

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from clinic.forms import PortalForm
from clinic.layout import portal_helper
from clinic.models import PrivateLink
from clinic.net import client_ip
from clinic.outbox import Outgoing, email_enqueue_many
from intake.forms import EMAIL_ERRORS
from intake.http import CARE_KEY, limited, link_trade, no_store, public_form
from intake.models import Case


class LostLinkForm(PortalForm):
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254, error_messages=EMAIL_ERRORS
    )

    helper = portal_helper("email")


@never_cache
def care_open(request, token: str):
    return link_trade(
        request,
        token,
        PrivateLink.Purpose.CARE,
        session_key=CARE_KEY,
        then="programs:care",
        case_of=lambda pk: Case.objects.filter(pk=pk).values_list("pk", flat=True).first(),
    )


def care_link_send(*, email: str) -> None:
    """E-mail a fresh My care link for the runner's newest case, if the portal knows the
    address; nothing otherwise (the page says the same either way)."""
    case = (
        Case.objects.filter(runner__email__iexact=email, runner__erased_at__isnull=True)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "runner__email")
        .first()
    )
    if case is None:
        return
    pk, address = case
    email_enqueue_many([Outgoing("care_link", pk, address, f"care-link-{pk}-{uuid.uuid4().hex}")])


@public_form
def lost_link(request):
    form = LostLinkForm(request.POST or None)
    if request.method == "POST":
        refusal = limited(
            request,
            ("lost-link-ip", client_ip(request)),
            ("lost-link-email", request.POST.get("email", "")),
        )
        if refusal:
            return refusal
        if form.is_valid():
            care_link_send(email=form.cleaned_data["email"])
            return no_store(render(request, "intake/lost_link_sent.html"))
    return no_store(render(request, "intake/lost_link.html", {"form": form}))
