"""A small vocabulary for rule conditions.

Each condition answers two things: does it hold, and which answers made it hold (so the
runner can be told, in plain words, what led to the result). An absent answer never makes a
condition hold, except where a rule says so explicitly with `NotReported`.
"""

from dataclasses import dataclass

Evidence = tuple[str, ...]


class Condition:
    def match(self, answers: dict) -> Evidence | None:
        """The keys that made the condition hold, or None when it does not."""
        raise NotImplementedError


@dataclass(frozen=True)
class Yes(Condition):
    key: str

    def match(self, answers):
        return (self.key,) if answers.get(self.key) is True else None


@dataclass(frozen=True)
class No(Condition):
    """Explicitly answered "no"; not reported is not "no"."""

    key: str

    def match(self, answers):
        return (self.key,) if answers.get(self.key) is False else None


@dataclass(frozen=True)
class AtLeast(Condition):
    key: str
    threshold: float

    def match(self, answers):
        value = answers.get(self.key)
        return (self.key,) if value is not None and value >= self.threshold else None


@dataclass(frozen=True)
class Between(Condition):
    key: str
    low: float
    high: float

    def match(self, answers):
        value = answers.get(self.key)
        return (self.key,) if value is not None and self.low <= value <= self.high else None


@dataclass(frozen=True)
class Includes(Condition):
    """A list answer includes any of these values."""

    key: str
    values: tuple[str, ...]

    def match(self, answers):
        chosen = answers.get(self.key) or []
        return (self.key,) if any(value in chosen for value in self.values) else None


@dataclass(frozen=True)
class NotReported(Condition):
    """Holds when the answer is absent: used where not knowing must not lower the level."""

    key: str

    def match(self, answers):
        return () if answers.get(self.key) in (None, []) else None


class AnyOf(Condition):
    def __init__(self, *conditions: Condition):
        self.conditions = conditions

    def match(self, answers):
        evidence: list[str] = []
        held = False
        for condition in self.conditions:
            keys = condition.match(answers)
            if keys is not None:
                held = True
                evidence.extend(keys)
        return tuple(dict.fromkeys(evidence)) if held else None


class AllOf(Condition):
    def __init__(self, *conditions: Condition):
        self.conditions = conditions

    def match(self, answers):
        evidence: list[str] = []
        for condition in self.conditions:
            keys = condition.match(answers)
            if keys is None:
                return None
            evidence.extend(keys)
        return tuple(dict.fromkeys(evidence))


@dataclass(frozen=True)
class NotYes(Condition):
    """Holds unless the answer is "yes": used to keep two rules from saying the same thing."""

    key: str

    def match(self, answers):
        return () if answers.get(self.key) is not True else None


@dataclass(frozen=True)
class Is(Condition):
    """A single-choice answer is this value."""

    key: str
    value: str

    def match(self, answers):
        return (self.key,) if answers.get(self.key) == self.value else None


class Not(Condition):
    """Holds when the inner condition does not: keeps a milder rule quiet where a more serious
    one already says the same thing, so the runner is not told two things."""

    def __init__(self, condition: Condition):
        self.condition = condition

    def match(self, answers):
        return () if self.condition.match(answers) is None else None


@dataclass(frozen=True)
class RoseBy(Condition):
    """A number rose by at least `fraction` from an earlier one (both reported). From zero
    counts as a rise: starting to run again is a load change too."""

    key: str
    earlier: str
    fraction: float

    def match(self, answers):
        now, before = answers.get(self.key), answers.get(self.earlier)
        if now is None or before is None or now <= before:
            return None
        rose = before == 0 or (now - before) / before >= self.fraction
        return (self.key, self.earlier) if rose else None
