"""Runs the rules over one set of answers. The web form and the `triage` command both call
`triage()`, so they can never disagree."""

from dataclasses import asdict, dataclass, field

from intake.triage.levels import RANK, most_serious
from intake.triage.phrases import describe
from intake.triage.rules import RULES, RULESET_VERSION, Rule


@dataclass(frozen=True)
class Reason:
    rule: str
    level: str
    message: str
    rationale: str
    sources: tuple[str, ...]
    needs_review: bool
    evidence: tuple[str, ...]  # plain-language answers that made the rule fire

    def public(self) -> dict:
        """What the `triage` command prints for a reason (INTAKE_CONTRACT.md)."""
        return {"rule": self.rule, "level": self.level, "message": self.message}


@dataclass(frozen=True)
class TriageResult:
    level: str
    ruleset: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    def public(self) -> dict:
        return {
            "level": self.level,
            "ruleset": self.ruleset,
            "reasons": [reason.public() for reason in self.reasons],
        }

    def stored_reasons(self) -> list[dict]:
        """The full snapshot kept with a case, so later rule edits never rewrite it."""
        return [asdict(reason) for reason in self.reasons]


def _reason(rule: Rule, keys: tuple[str, ...], answers: dict) -> Reason:
    return Reason(
        rule=rule.id,
        level=rule.level,
        message=rule.message,
        rationale=rule.rationale,
        sources=rule.sources,
        needs_review=rule.needs_review,
        evidence=tuple(describe(key, answers[key]) for key in keys),
    )


def triage(answers: dict, rules: tuple[Rule, ...] = RULES) -> TriageResult:
    """`answers` must already have passed `validate_answers`."""
    reasons = [
        _reason(rule, keys, answers)
        for rule in rules
        if (keys := rule.condition.match(answers)) is not None
    ]
    reasons.sort(key=lambda reason: RANK[reason.level])  # stable: declaration order within
    return TriageResult(
        level=most_serious(reason.level for reason in reasons),
        ruleset=RULESET_VERSION,
        reasons=tuple(reasons),
    )
