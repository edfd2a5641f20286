"""Text as it arrives from a browser or a script: control characters and numbers.

PostgreSQL refuses a NUL character in text and in JSON, and no answer a runner types needs a
control character; tab, newline and carriage return are kept (a pasted note has them).
"""

import re

# C0 controls but tab, newline and carriage return; DEL; C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

CONTROL_MESSAGE = (
    "This answer held an invisible control character (often from a copy and paste). "
    "We removed it: please check the answer and send it again."
)


def strip_controls(text: str) -> str:
    return CONTROL.sub("", text)


def has_controls(text: str) -> bool:
    return CONTROL.search(text) is not None


def whole_number(raw: str | None, *, digits: int = 6) -> int | None:
    """A non-negative whole number written in ASCII digits, else None. `str.isdigit()`
    alone accepts "²" and other digits int() refuses; the length bound keeps a value
    inside a bigint."""
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= digits:
        return int(raw)
    return None


def waiting_words(seconds: float) -> str:
    """How long someone has waited, as a person says it: "5 min", "3 h", "2 days". Whole
    units, rounded down, so a queue sorted by waiting never reads out of order."""
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} days"
