"""Baseline views: the floor a page of that kind cannot go below.

Both render with `render(request, ...)` like any view of the portal, so they pay for the same
context processors and middleware; only the page's own work is left out.
"""

from django.http import Http404
from django.shortcuts import render

from intake.forms import STEP_FORMS

# The context the measured step's form is built with (conditional questions), set by run.py
# so the baseline renders exactly the same fields.
FORM_CONTEXT: dict = {}


def trivial(request):
    return render(request, "bench/trivial.html", {"name": "runner"})


def plain_checkin_form(request):
    """The weekly check-in's own form, Django's plain rendering: checkin_page's floor."""
    from programs.checkins.forms import WeeklyForm

    return render(request, "bench/plain_form.html", {"form": WeeklyForm()})


def plain_form(request, number: int):
    if not 1 <= number <= len(STEP_FORMS):
        raise Http404
    form = STEP_FORMS[number - 1](context=FORM_CONTEXT)
    return render(request, "bench/plain_form.html", {"form": form})
