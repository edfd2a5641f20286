"""The outbox's messages as the bytes Django's EmailMessage would write, for a fraction of its
cost: building and flattening a MIME message (header folding, address parsing, twice per
message) cost the worker more CPU than the SMTP conversation itself, 100,000 times over in
a backlog of check-ins.

Django still writes every message's shape: one message per batch and shape (subject, header
names, body ASCII or not) with a slot for each header that changes from e-mail to e-mail
(To, Date, Message-ID, the renderer's extra headers) and for the body. Each e-mail's bytes
are that template with its own header lines and body put in the slots; a line is what
Django hands an ASCII value to, the e-mail module's compat32 folding (skipped for a short
plain line, which it leaves as it is). Anything else (an attachment, a display name or a
non-ASCII address or value, a body line Django would encode) goes through Django's
EmailMessage as before: `wire_bytes` returns None. tests/clinic/test_outbox_wire.py
compares the bytes with Django's.
"""

import re
import uuid
from dataclasses import dataclass
from email import policy

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.functional import cached_property

# An address Django's sanitize_address gives back unchanged and writes into To as it is.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
# How Django's as_bytes(linesep="\r\n") writes each header line: compat32's folding.
_POLICY = policy.compat32.clone(linesep="\r\n")
_SHORT_LINE = 78  # compat32 leaves a line this long as it is when it has no double space
_MAX_BODY_LINE = 998  # Django quoted-printable encodes a body with a longer line
_LINE_END = re.compile(r"\r\n|\r|\n")  # the e-mail generator's own line-end pattern


def _header_line(name: str, value: str) -> bytes | None:
    """The line Django writes for an ASCII header value (it hands those to the e-mail
    module's folding unchanged); None for any other value, which Django encodes."""
    if not (value.isascii() and value.isprintable()):
        return None
    if len(name) + 2 + len(value) <= _SHORT_LINE and "  " not in value and value == value.strip():
        return f"{name}: {value}\r\n".encode()  # what the folding gives back, without its cost
    return _POLICY.fold_binary(name, value)


@dataclass(frozen=True)
class _Template:
    """A message's bytes cut at its per-e-mail header lines: parts[0] + line 0 + parts[1]
    + ... + the body."""

    parts: tuple[bytes, ...]

    def fill(self, lines: list[bytes], body: bytes) -> bytes:
        pieces = [self.parts[0]]
        for line, part in zip(lines, self.parts[1:], strict=True):
            pieces += (line, part)
        pieces.append(body)
        return b"".join(pieces)


class Wire:
    """The templates of one batch's messages, and each message's bytes from them."""

    def __init__(self):
        self._templates: dict[tuple, _Template | None] = {}
        self._slot = uuid.uuid4().hex  # never part of an address, a date or an id

    @cached_property
    def sender(self) -> str:
        """The envelope sender, as Django's SMTP backend gives it to smtplib."""
        from django.core.mail.message import sanitize_address

        return sanitize_address(settings.DEFAULT_FROM_EMAIL, settings.DEFAULT_CHARSET)

    def wire_bytes(self, *, to: str, subject: str, body: str, headers) -> bytes | None:
        """The message Django would write (From the clinic's address, To `to`, then the
        headers in their order, Date and Message-ID among them), or None when only Django
        can write it."""
        if not _PLAIN_ADDRESS.match(to):
            return None
        maybe = [_header_line("To", to), *(_header_line(*header) for header in headers)]
        lines = [line for line in maybe if line is not None]
        if len(lines) < len(maybe):
            return None
        if any(len(line.encode()) > _MAX_BODY_LINE for line in body.splitlines()):
            return None
        try:
            encoded = _LINE_END.sub("\r\n", body).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: Django's business
            return None
        key = (subject, tuple(name for name, _ in headers), body.isascii())
        if key not in self._templates:
            self._templates[key] = self._template(*key)
        template = self._templates[key]
        return None if template is None else template.fill(lines, encoded)

    def _template(self, subject: str, names: tuple[str, ...], ascii_body: bool) -> _Template | None:
        """Django's message with a slot for each per-e-mail header and the body; None if
        Django did not write each slot's line once, in order, and the body last as it is."""
        slots = [f"{self._slot}.{n}@slot.invalid" for n in range(len(names) + 1)]
        body = self._slot if ascii_body else f"{self._slot}\u00e9"
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[slots[0]],
            headers=dict(zip(names, slots[1:], strict=True)),
        )
        # Django's own SafeMIMEText.as_bytes takes linesep (its SMTP backend passes it).
        written = message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]
        head, _, rest = written.partition(b"\r\n\r\n")
        named = zip(("To", *names), slots, strict=True)
        lines = [f"{name}: {slot}\r\n".encode() for name, slot in named]
        pattern = re.compile(b"|".join(re.escape(line) for line in lines))
        head += b"\r\n"  # the last header's line end, and then the blank line
        if rest != body.encode() or pattern.findall(head) != lines:
            return None
        *parts, last = pattern.split(head)
        return _Template((*parts, last + b"\r\n"))
