"""Changelist lookups limited to what the list declares.

Django's admin accepts any lookup on a model's own fields in the query string
(`/admin/intake/case/?notes__icontains=depression`, `?answers__has_key=...`), so whoever can
open a list could search fields its page never shows them. Here a list answers only the
parameters of its own filters (as each role's `get_list_filter` gives them) and of its date
hierarchy; its search box (`q`, over `search_fields`) is Django's own and unaffected.
Anything else is refused as Django refuses a disallowed lookup: a 400 naming no value.
"""

from django.contrib.admin import SimpleListFilter
from django.db.models import Field

# The parameters Django's field filters write: exact/isnull (choices, booleans, all values),
# gte/lt (dates), <target>__exact (related), isempty (EmptyFieldListFilter).
FIELD_FILTER_SUFFIXES = ("exact", "isnull", "gte", "lt", "isempty", "id__exact", "pk__exact")
DATE_HIERARCHY_SUFFIXES = ("year", "month", "day")


def declared_lookups(model_admin, request) -> set[str]:
    allowed: set[str] = set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            allowed.add(str(item.parameter_name))
            continue
        path = item[0] if isinstance(item, list | tuple) else item
        path = path.name if isinstance(path, Field) else path
        allowed.update(f"{path}__{suffix}" for suffix in FIELD_FILTER_SUFFIXES)
    if model_admin.date_hierarchy:
        hierarchy = model_admin.date_hierarchy
        allowed.update(f"{hierarchy}__{suffix}" for suffix in DATE_HIERARCHY_SUFFIXES)
    return allowed


class DeclaredLookupsOnly:
    """Mixed into a ModelAdmin: its changelist accepts only its declared filters' lookups."""

    def lookup_allowed(self, lookup, value, request=None):
        if request is None:  # Django always passes it from 5.0; refuse rather than guess
            return False
        return lookup in declared_lookups(self, request)
