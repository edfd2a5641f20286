"""What every staff list over a big table shares, so it costs the same at a thousand rows and
at a million: a capped count, no facet counts, filters whose choices are static, and a search
that an index serves.

Search: `search_fields` keep Django's syntax, written so an index can serve each one: `^email`
(a prefix: on PostgreSQL an `UPPER(col) text_pattern_ops` index), plain `last_name` (a
substring: a pg_trgm GIN index on PostgreSQL). `exact_search_fields` are matched whole, and
only with a term the field can hold (digits for an id, an address for an IP): Django's own
`=id` compares `UPPER(id::text)`, which no index serves, and a bad IP would be a 500.
"""

from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import smart_split, unescape_string_literal

from clinic.paginators import CappedCountPaginator


def _field(model, path: str) -> models.Field:
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _exact_value(field: models.Field, term: str):
    """The term as the field stores it, or None when the field could never hold it."""
    try:
        value = field.to_python(term)
        field.run_validators(value)
    except (ValidationError, ValueError, TypeError):
        return None
    return value


def _text_lookup(spec: str) -> str:
    if spec.startswith("^"):
        return f"{spec[1:]}__istartswith"
    if spec.startswith("="):
        return f"{spec[1:]}__iexact"
    return f"{spec}__icontains"


class ScaledListAdmin(admin.ModelAdmin):
    paginator = CappedCountPaginator
    show_full_result_count = False  # a second COUNT(*) over the whole table
    show_facets = admin.ShowFacets.NEVER  # a COUNT per filter choice
    exact_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        text = [_text_lookup(spec) for spec in self.get_search_fields(request)]
        exact = [(path, _field(queryset.model, path)) for path in self.exact_search_fields]
        if not search_term or not (text or exact):
            return queryset, False
        terms = []
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            either = models.Q.create([(lookup, bit) for lookup in text], connector=models.Q.OR)
            for path, field in exact:
                value = _exact_value(field, bit)
                if value is not None:
                    either |= models.Q(**{path: value})
            # A term no field can match (letters for an id-only search) finds nothing.
            terms.append(either if either else models.Q(pk__in=[]))
        duplicates = any(
            lookup_spawns_duplicates(self.opts, lookup)
            for lookup in text + [path for path, _ in exact]
        )
        return queryset.filter(*terms), duplicates


class StaticChoicesFilter(admin.SimpleListFilter):
    """A filter on a plain text column whose choices come from code, not from a
    `SELECT DISTINCT` over the table (Django's default for a field without choices)."""

    field_name = ""

    def choices_from_code(self, request) -> list[tuple[str, str]]:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return self.choices_from_code(request)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field_name: self.value()})
        return queryset


def static_choices_filter(field_name: str, title: str, choices):
    """A StaticChoicesFilter on `field_name`; `choices(request)` returns (value, label)
    pairs, those this user may see."""
    return type(
        f"{field_name.title()}Filter",
        (StaticChoicesFilter,),
        {
            "title": title,
            "parameter_name": field_name,
            "field_name": field_name,
            "choices_from_code": lambda self, request: choices(request),
        },
    )
