from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clinic.models import PrivateLink
from clinic.net import client_ip
from intake import guidance
from intake.booking.selectors import visits_cancelled_by_intake
from intake.display import answers_by_group
from intake.forms import REVIEW_STEP, STEP_TITLES
from intake.http import (
    CARE_KEY,
    care_grant,
    expired_page,
    limited,
    no_store,
    private,
    public_form,
    resolve_link,
)
from intake.models import Case, IntakeDraft
from intake.services import (
    IntakeIncomplete,
    draft_answers,
    draft_save_step,
    form_for_step,
    intake_submit,
)

DRAFT_KEY = "intake_draft_id"
CASE_KEY = "intake_case_id"


def home(request):
    return render(request, "intake/home.html")


def _current_draft(request) -> IntakeDraft | None:
    draft_id = request.session.get(DRAFT_KEY)
    if draft_id is None:
        return None
    return IntakeDraft.objects.filter(pk=draft_id).first()


def _raw(form, post) -> dict:
    """What the runner typed, limited to this form's fields (a list for multi-choice)."""
    raw = {}
    for name, field in form.fields.items():
        if getattr(field.widget, "allow_multiple_selected", False):
            raw[name] = post.getlist(name)
        elif name in post:
            raw[name] = post.get(name)
    return raw


def _initial(form, raw: dict) -> dict:
    return {name: value for name, value in raw.items() if name in form.fields}


def _progress(step: int) -> list[dict]:
    return [
        {"number": number, "title": title, "current": number == step, "done": number < step}
        for number, title in enumerate(STEP_TITLES, start=1)
    ]


@public_form
def step(request, number: int):
    if not 1 <= number < REVIEW_STEP:
        raise Http404
    draft = _current_draft(request)
    if draft is not None and draft.submitted_at:
        return redirect("intake:result")
    furthest = draft.furthest_step if draft else 1
    if number > furthest:
        return redirect("intake:step", number=furthest)

    if request.method == "POST":
        if draft is None:  # a new draft, and soon a resume e-mail: limited per address
            refusal = limited(request, ("intake-start-ip", client_ip(request)))
            if refusal:
                return refusal
        form = form_for_step(number, draft, data=request.POST)
        going_back = "back" in request.POST
        valid = not going_back and form.is_valid()
        # form.data: the post with control characters already removed (clinic/forms.py).
        draft = draft_save_step(draft=draft, step=number, data=_raw(form, form.data), valid=valid)
        request.session[DRAFT_KEY] = draft.pk
        if going_back:
            return redirect("intake:step", number=max(number - 1, 1))
        if valid:
            if number + 1 == REVIEW_STEP:
                return redirect("intake:review")
            return redirect("intake:step", number=number + 1)
    else:
        form = form_for_step(number, draft)
        form.initial = _initial(form, draft.steps.get(str(number), {}) if draft else {})

    return no_store(
        render(
            request,
            "intake/step.html",
            {"form": form, "step": number, "steps": _progress(number), "total": REVIEW_STEP},
        )
    )


@public_form
def review(request):
    draft = _current_draft(request)
    if draft is None:
        return redirect("intake:step", number=1)
    if draft.submitted_at:
        return redirect("intake:result")
    if draft.furthest_step < REVIEW_STEP:
        return redirect("intake:step", number=draft.furthest_step)
    if request.method == "POST":
        refusal = limited(
            request,
            ("intake-submit-ip", client_ip(request)),
            ("intake-submit-email", draft.email),
        )
        if refusal:
            return refusal
        try:
            case = intake_submit(draft_id=draft.pk)
        except IntakeIncomplete as incomplete:
            messages.error(request, "Some answers on this step are missing. Please check them.")
            return redirect("intake:step", number=incomplete.step)
        request.session[CASE_KEY] = case.pk
        request.session[CARE_KEY] = case.pk
        return redirect("intake:result")
    context = {
        "groups": answers_by_group(draft_answers(draft)[0], contact=True),
        "steps": _progress(REVIEW_STEP),
        "step": REVIEW_STEP,
        "total": REVIEW_STEP,
    }
    return no_store(render(request, "intake/review.html", context))


@never_cache
def result(request):
    case = None
    case_id = request.session.get(CASE_KEY) or request.session.get(CARE_KEY)
    if case_id is None:
        draft = _current_draft(request)
        case = Case.objects.filter(draft=draft).first() if draft else None
    else:
        case = Case.objects.filter(pk=case_id).select_related("runner").first()
    if case is None:
        return redirect("intake:start")
    visit = case.visits.filter(status="booked").select_related("visit_type").first()
    context = {
        "case": case,
        "visit": visit,
        "guidance": guidance.for_level(
            case.triage_level,
            shoe_miles=request.clinic.shoe_replacement_miles,
            booked=visit is not None,
        ),
        # The reasons that explain the level first; milder ones below as "also noted",
        # so their own time frames never contradict the headline (engine.ONE_VOICE_LEVELS).
        "reasons": [reason for reason in case.reasons if not reason.get("also_noted")],
        "also_noted": [reason for reason in case.reasons if reason.get("also_noted")],
        # A visit booked before an emergency intake was cancelled by it: say so.
        "cancelled_visits": (
            visits_cancelled_by_intake(case) if case.triage_level == Case.Level.EMERGENCY else []
        ),
    }
    return private(render(request, "intake/result.html", context))


def start(request):
    """Start a new intake; a finished one in this browser is left behind, not reopened."""
    draft = _current_draft(request)
    if draft is None or draft.submitted_at:
        request.session.pop(DRAFT_KEY, None)
        request.session.pop(CASE_KEY, None)
    return redirect("intake:step", number=1)


@never_cache
def resume(request, token: str):
    link, refusal = resolve_link(request, token, PrivateLink.Purpose.INTAKE_RESUME)
    if refusal:
        return refusal
    draft = IntakeDraft.objects.filter(pk=link.object_id).first()
    if draft is None:
        return expired_page(request)
    # Trade the token for the session and continue at a URL without it.
    case = Case.objects.filter(draft=draft).values_list("pk", flat=True).first()
    care_grant(request, case, language=draft.language)
    request.session[DRAFT_KEY] = draft.pk
    request.session.pop(CASE_KEY, None)
    if draft.submitted_at:
        return private(redirect("intake:result"))
    messages.info(request, "Welcome back: your answers are as you left them.")
    return private(draft_continue(draft))


def draft_continue(draft: IntakeDraft):
    """Where an unfinished draft goes on: the furthest step reached, or the review."""
    if draft.furthest_step >= REVIEW_STEP:
        return redirect("intake:review")
    return redirect("intake:step", number=draft.furthest_step)
