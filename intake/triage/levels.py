"""The four triage levels of INTAKE_CONTRACT.md, most serious first. The codes never change
with the language; the labels are gettext msgids (Spanish in locale/es)."""

from django.utils.translation import gettext_lazy as _

EMERGENCY = "emergency"
URGENT = "urgent"
SOON = "soon"
ROUTINE = "routine"

LEVELS = (EMERGENCY, URGENT, SOON, ROUTINE)
# Lower rank = more serious; stored on cases so the admin can order by it with an index.
RANK = {level: rank for rank, level in enumerate(LEVELS)}

LABELS = {
    EMERGENCY: _("Emergency"),
    URGENT: _("Urgent"),
    SOON: _("Soon"),
    ROUTINE: _("Routine"),
}


def most_serious(levels) -> str:
    return min(levels, key=RANK.__getitem__, default=ROUTINE)
