"""Answers grouped and worded like the form, for the review step and the staff case page
(in the language of the page: the staff page is English)."""

from django.utils.translation import gettext as _

from intake.forms import STEP_FORMS, FunctionForm, is_section_box, lefs_total

CONTACT_KEYS = {"first_name", "last_name", "email", "phone", "consent"}

# Staff pages only (English, never in the runner's catalogue): a Spanish LEFS is the portal's
# own wording of the questions, not the validated Spanish version, so its scores are not
# known to match the English LEFS's; the wording of that validated version is not copied here.
LEFS_SPANISH_NOTE = (
    "LEFS answered in Spanish: the portal's own translation, not the validated Spanish LEFS "
    "(Cruz-Díaz et al., Disabil Rehabil 2014;36(23):2005-11); compare scores with care."
)


def lefs_language_note(language: str) -> str:
    """The note beside a LEFS answered in `language` on staff pages: "" for English."""
    return LEFS_SPANISH_NOTE if language == "es" else ""


def _display(field, value) -> str:
    if value is None or value == "" or value == []:
        return _("Not answered")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = {str(key): str(label) for key, label in getattr(field, "choices", [])}
    if isinstance(value, list):
        return ", ".join(choices.get(str(item), str(item)) for item in value)
    if choices:
        return choices.get(str(value), str(value))
    return str(value)


def answers_by_group(answers: dict, *, contact: bool = False) -> list[dict]:
    """[{"title": ..., "rows": [(label, shown value, key)]}] in the form's order; conditional
    questions appear when they were asked, a follow-up only after its question's Yes."""
    context = {"age": answers.get("age"), "sex": answers.get("sex")}
    groups = []
    for form_class in STEP_FORMS:
        form = form_class(context=context)
        rows = [
            (field.label, _display(field, answers.get(name)), name)
            for name, field in form.fields.items()
            if (contact or name not in CONTACT_KEYS)
            and not is_section_box(name)
            and not (getattr(field, "follow_up", False) and answers.get(name) is None)
        ]
        if form_class is FunctionForm:
            total = lefs_total(answers)
            shown = (
                _("Not complete")
                if total is None
                else _("%(total)s of 80 (higher is better)") % {"total": total}
            )
            label = _("LEFS total (lower-extremity function, 0-80)")
            rows.insert(0, (label, shown, "lefs_total"))
        if rows:
            groups.append({"title": form_class.title, "rows": rows})
    return groups
