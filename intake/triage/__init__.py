"""Red-flag triage: answers in, a level and its reasons out. Pure logic, no database."""

from intake.triage.engine import Reason, TriageResult, triage
from intake.triage.schema import AnswerError, validate_answers

__all__ = ["AnswerError", "Reason", "TriageResult", "triage", "validate_answers"]
