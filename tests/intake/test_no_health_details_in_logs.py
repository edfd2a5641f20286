import json
import logging

import pytest

from clinic.logs import JsonFormatter
from clinic.outbox import outbox_dispatch
from intake.triage.rules import RULES
from tests.intake.steps import complete_intake

pytestmark = pytest.mark.django_db

SECRET_STORY = "zebra-striped-ache-after-tempo-runs"


def test_a_full_intake_with_errors_and_alerts_logs_no_health_details(client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    client.post("/intake/step/1/", {"email": "not-an-email"})  # a validation error on the way
    complete_intake(
        client,
        {
            3: {"pain_story": SECRET_STORY, "pain_locations": ["groin"], "pain_walking": "yes"},
            4: {"saddle_numbness": "yes"},
        },
    )
    client.get("/intake/result/")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    outbox_dispatch()  # failures are logged: by id and kind only
    logged = "\n".join(record.getMessage() for record in caplog.records).lower()
    assert "attempt 1 failed" in logged  # the logs did capture something
    # As production writes them: one JSON object a line, fields attached to records too.
    lines = [JsonFormatter().format(record) for record in caplog.records]
    assert all(json.loads(line)["message"] is not None for line in lines)
    logged += "\n" + "\n".join(lines).lower()
    for private in [
        SECRET_STORY,
        "maya",
        "lopez",
        "maya@example.com",
        "919 555 0101",
        "groin",
        "numbness",
        *(rule.id for rule in RULES),
    ]:
        assert private.lower() not in logged
