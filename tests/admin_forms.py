"""Posting an admin change form back as a browser would."""

from datetime import datetime


def change_form_data(response) -> dict:
    """What the admin's change form would post back unchanged, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += list(formset.forms)
        for name, field in formset.management_form.fields.items():
            value = formset.management_form.initial.get(name, field.initial)
            data[f"{formset.prefix}-{name}"] = value
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, datetime):
                data[form.add_prefix(name) + "_0"] = value.strftime("%Y-%m-%d")
                data[form.add_prefix(name) + "_1"] = value.strftime("%H:%M:%S")
                continue
            if hasattr(value, "pk"):
                value = value.pk
            data[form.add_prefix(name)] = value
    return data
