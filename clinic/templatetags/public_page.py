"""The head of a page search engines may index: its description, canonical address, Open
Graph tags for link previews, and the clinic as schema.org data. Addresses are absolute on
PORTAL_BASE_URL (the one the e-mails use), never the request's Host."""

import json

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from clinic.i18n import in_language

register = template.Library()

# As Django's json_script escapes: no "</script>" can end the block early, whatever a
# clinic's name holds.
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def clinic_schema(clinic) -> dict:
    base = settings.PORTAL_BASE_URL
    return {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": clinic.name,
        "description": in_language(clinic, "tagline"),
        "url": base + "/",
        "telephone": clinic.phone,
        "areaServed": clinic.area_served,
        "address": clinic.address,
        "medicalSpecialty": "PhysicalTherapy",
        "logo": base + reverse("icon_png", args=["icon-512"]),
    }


@register.inclusion_tag("_public_head.html", takes_context=True)
def public_head(context, title: str, description: str, kind: str = "website"):
    clinic = context["clinic"]
    base = settings.PORTAL_BASE_URL
    data = json.dumps(clinic_schema(clinic), ensure_ascii=False).translate(JSON_ESCAPES)
    return {
        "title": title,
        "description": description,
        "kind": kind,
        "site_name": clinic.name,
        "canonical": base + context["request"].path,
        "image": base + reverse("icon_png", args=["icon-512"]),
        "json_ld": mark_safe(data),  # noqa: S308 - json.dumps, with <, > and & escaped
    }
