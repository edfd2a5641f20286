"""Reading sent e-mails back as a mail app would: Python's strict e-mail policy."""

import email
import re
from email import policy
from email.message import EmailMessage

import icalendar


def parsed(message) -> EmailMessage:
    """A Django message as the bytes that went out, parsed with the strict policy (which
    raises on a malformed header instead of guessing)."""
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.strict)


def calendar_part(message):
    parts = [p for p in parsed(message).walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in parsed(message).walk()]
    return parts[0]


ID = re.compile(r"^<([^<>@\s:]+)@([^<>@\s:]+)>$")


def assert_well_formed(messages, host: str = "testserver") -> None:
    """Each message parses under the strict policy with a valid Message-ID at the portal's
    host, no two share one, and each calendar part parses with the method its Content-Type
    names and a UID at the same host."""
    ids = []
    for message in messages:
        mail = parsed(message)
        header = mail["Message-ID"]
        assert not header.defects, (message.subject, header, header.defects)
        match = ID.match(str(header))
        assert match and match.group(2) == host, (message.subject, str(header))
        ids.append(str(header))
        for part in mail.walk():
            if part.get_content_type() != "text/calendar":
                continue
            calendar = icalendar.Calendar.from_ical(part.get_content())
            assert str(calendar["method"]) == part.get_param("method"), message.subject
            for event in calendar.walk("VEVENT"):
                assert str(event["uid"]).endswith(f"@{host}") and str(event["uid"]).count("@") == 1
    assert len(ids) == len(set(ids)), ids
