"""python manage.py triage FILE.json (or - for standard input); see INTAKE_CONTRACT.md."""

import difflib
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from intake.triage import AnswerError, triage, validate_answers
from intake.triage.schema import ANSWER_SPECS


def triage_one(obj) -> dict:
    try:
        answers = validate_answers(obj)
    except AnswerError as error:
        return {"error": str(error)}
    return triage(answers, language="en").public()  # the contract speaks English


def near_misses(obj) -> list[str]:
    """Unknown keys that look like a misspelt answer key: a typo would otherwise read as
    "not reported" and could hide a red flag."""
    if not isinstance(obj, dict):
        return []
    warnings = []
    for key in obj:
        if key in ANSWER_SPECS:
            continue
        close = difflib.get_close_matches(key, ANSWER_SPECS, n=1, cutoff=0.8)
        if close:
            warnings.append(f"unknown key {key!r}: did you mean {close[0]!r}?")
    return warnings


class Command(BaseCommand):
    help = "Triage a JSON list of intake answers; prints one result per input, in order."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON file, or - for standard input")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                data = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as handle:
                    data = json.load(handle)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from None
        if not isinstance(data, list):
            raise CommandError("the input must be a JSON list of answer objects")
        results = [triage_one(obj) for obj in data]
        for index, obj in enumerate(data):
            for warning in near_misses(obj):
                self.stderr.write(f"warning: object {index}: {warning}")
        self.stdout.write(json.dumps(results, indent=2))
        if any("error" in result for result in results):
            sys.exit(1)
