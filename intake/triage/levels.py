"""The four triage levels of INTAKE_CONTRACT.md, most serious first."""

EMERGENCY = "emergency"
URGENT = "urgent"
SOON = "soon"
ROUTINE = "routine"

LEVELS = (EMERGENCY, URGENT, SOON, ROUTINE)
# Lower rank = more serious; stored on cases so the admin can order by it with an index.
RANK = {level: rank for rank, level in enumerate(LEVELS)}

LABELS = {
    EMERGENCY: "Emergency",
    URGENT: "Urgent",
    SOON: "Soon",
    ROUTINE: "Routine",
}


def most_serious(levels) -> str:
    return min(levels, key=RANK.__getitem__, default=ROUTINE)
