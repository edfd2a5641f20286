"""The audit trail: every staff view and change of a runner's records, append-only.

`AuditedAdmin` records list and change-page views, additions, changes, deletions and list
actions of the models it is mixed into; views outside the admin's own (exports, the plan
builder) call `audit_record` themselves. One INSERT per request, whatever the page lists.
"""

from django.contrib import admin
from django.db import models

from clinic.admin_lookups import DeclaredLookupsOnly
from clinic.models import AuditEvent
from clinic.net import client_ip


def _label(model) -> str:
    return model._meta.label_lower


def _event(request, action: str, object_type: str, object_id="", detail="") -> AuditEvent:
    user = request.user if request.user.is_authenticated else None
    return AuditEvent(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=str(detail)[:300],
        ip=client_ip(request) or None,
    )


def audit_record(request, action: str, *, obj=None, model=None, object_id="", detail=""):
    """One event about `obj` (or `model` and `object_id`)."""
    model = model or obj._meta.model
    object_id = obj.pk if obj is not None else object_id
    _event(request, action, _label(model), object_id, detail).save()


def audit_record_many(request, action: str, *, model, ids, detail="") -> None:
    AuditEvent.objects.bulk_create(
        [_event(request, action, _label(model), pk, detail) for pk in ids]
    )


def _change_detail(message) -> str:
    """Django's change message names the changed fields, never their values."""
    if isinstance(message, list):
        fields = [name for entry in message for name in entry.get("changed", {}).get("fields", [])]
        return "fields: " + ", ".join(fields) if fields else ""
    return str(message)


class AuditedAdmin(DeclaredLookupsOnly, admin.ModelAdmin):
    """Mixed into the admin of every model holding a runner's records: every staff read is
    audited, and a list filters only by what it declares (clinic/admin_lookups.py)."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit_record(request, "list", model=self.model, detail=request.GET.urlencode())
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            audit_record(request, "view", model=self.model, object_id=object_id)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            audit_record(request, "view", model=self.model, object_id=object_id, detail="history")
        return response

    def log_addition(self, request, obj, message):
        audit_record(request, "add", obj=obj, detail=_change_detail(message))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_record(request, "change", obj=obj, detail=_change_detail(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        audit_record_many(request, "delete", model=self.model, ids=[o.pk for o in queryset])
        return super().log_deletions(request, queryset)

    def get_actions(self, request):
        return {
            name: (_audited(func, name), name, description)
            for name, (func, name, description) in super().get_actions(request).items()
        }


def _audited(func, name: str):
    def action(modeladmin, request, queryset: models.QuerySet):
        ids = list(queryset.values_list("pk", flat=True))
        response = func(modeladmin, request, queryset)
        audit_record_many(request, "action", model=modeladmin.model, ids=ids, detail=name)
        return response

    return action
