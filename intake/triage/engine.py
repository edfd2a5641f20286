"""Runs the rules over one set of answers. The web form and the `triage` command both call
`triage()`, so they can never disagree."""

from dataclasses import asdict, dataclass, field, replace

from intake.triage.levels import EMERGENCY, RANK, URGENT, most_serious
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
    # True when a more serious rule sets the level of an emergency or urgent result: the
    # message is then the rule's finding alone, shown as "also noted", with no instruction or
    # time frame of its own to contradict the headline.
    also_noted: bool = False

    def public(self) -> dict:
        """What the `triage` command prints for a reason (INTAKE_CONTRACT.md)."""
        message = f"Also noted: {self.message}" if self.also_noted else self.message
        return {"rule": self.rule, "level": self.level, "message": message}


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


# Results whose headline sends the runner to a doctor: a milder reason's own time frame
# ("a physical therapist should assess it within days") would contradict it.
ONE_VOICE_LEVELS = (EMERGENCY, URGENT)


def _in_one_voice(reason: Reason, level: str, rule: Rule) -> Reason:
    if level not in ONE_VOICE_LEVELS or RANK[reason.level] <= RANK[level]:
        return reason
    return replace(reason, message=rule.noted, also_noted=True)


def triage(answers: dict, rules: tuple[Rule, ...] = RULES) -> TriageResult:
    """`answers` must already have passed `validate_answers`."""
    fired = [
        (rule, _reason(rule, keys, answers))
        for rule in rules
        if (keys := rule.condition.match(answers)) is not None
    ]
    # Most serious first; within a level, declaration order (stable sort), so the rule that
    # explains the level best leads: rules.py declares the specific ones first.
    fired.sort(key=lambda pair: RANK[pair[0].level])
    level = most_serious(rule.level for rule, _ in fired)
    return TriageResult(
        level=level,
        ruleset=RULESET_VERSION,
        reasons=tuple(_in_one_voice(reason, level, rule) for rule, reason in fired),
    )
