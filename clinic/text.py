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
