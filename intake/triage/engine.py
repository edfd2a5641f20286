"""Runs the rules over one set of answers. The web form and the `triage` command both call
`triage()`, so they can never disagree."""

from dataclasses import asdict, dataclass, field, replace

from django.utils import translation
from django.utils.translation import gettext

from intake.triage.levels import EMERGENCY, RANK, URGENT, most_serious
from intake.triage.phrases import describe
from intake.triage.rules import RULES, RULESET_VERSION, Rule
from intake.triage.translations import TRANSLATIONS

ENGLISH = "en"


def runner_language(language: str | None = None) -> str:
    """The language the rules speak: one with translated rule texts ("es" for any Spanish,
    es-mx included), else English. None: the active language (the request's)."""
    code = (language or translation.get_language() or ENGLISH).split("-")[0].lower()
    return code if code in TRANSLATIONS else ENGLISH


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
    # The language the runner read `message` and `evidence` in; for any other than English,
    # the English beside them for staff, and whether a clinician has yet to sign the
    # translation off (translations.py).
    language: str = ENGLISH
    message_en: str = ""
    evidence_en: tuple[str, ...] = ()
    translation_needs_review: bool = False

    def public(self) -> dict:
        """What the `triage` command prints for a reason (INTAKE_CONTRACT.md)."""
        with translation.override(self.language):  # the prefix in the message's language
            message = gettext("Also noted: %(finding)s") % {"finding": self.message}
        return {
            "rule": self.rule,
            "level": self.level,
            "message": message if self.also_noted else self.message,
        }


TRANSLATED = ("language", "message_en", "evidence_en", "translation_needs_review")


@dataclass(frozen=True)
class TriageResult:
    level: str
    ruleset: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    language: str = ENGLISH  # what the reasons' messages are written in

    def public(self) -> dict:
        return {
            "level": self.level,
            "ruleset": self.ruleset,
            "reasons": [reason.public() for reason in self.reasons],
        }

    def stored_reasons(self) -> list[dict]:
        """The full snapshot kept with a case, so later rule edits never rewrite it. An
        English result keeps the shape it had before translations (nothing to put beside)."""
        if self.language == ENGLISH:
            return [
                {key: value for key, value in asdict(reason).items() if key not in TRANSLATED}
                for reason in self.reasons
            ]
        return [asdict(reason) for reason in self.reasons]


def _reason(rule: Rule, keys: tuple[str, ...], answers: dict, language: str) -> Reason:
    evidence = tuple(describe(key, answers[key]) for key in keys)
    reason = Reason(
        rule=rule.id,
        level=rule.level,
        message=rule.message,
        rationale=rule.rationale,
        sources=rule.sources,
        needs_review=rule.needs_review,
        evidence=evidence,
    )
    if language == ENGLISH:
        return reason
    # A rule without a translation is a bug the tests catch; here it would fail loudly
    # rather than tell the runner nothing.
    text = TRANSLATIONS[language][rule.id]
    with translation.override(ENGLISH):
        evidence_en = tuple(describe(key, answers[key]) for key in keys)
    return replace(
        reason,
        message=text.message,
        language=language,
        message_en=rule.message,
        evidence_en=evidence_en,
        translation_needs_review=not text.reviewed_by,
    )


# Results whose headline sends the runner to a doctor: a milder reason's own time frame
# ("a physical therapist should assess it within days") would contradict it.
ONE_VOICE_LEVELS = (EMERGENCY, URGENT)


def _in_one_voice(reason: Reason, level: str, rule: Rule) -> Reason:
    if level not in ONE_VOICE_LEVELS or RANK[reason.level] <= RANK[level]:
        return reason
    if reason.language == ENGLISH:
        return replace(reason, message=rule.noted, also_noted=True)
    noted = TRANSLATIONS[reason.language][rule.id].noted
    return replace(reason, message=noted, message_en=rule.noted, also_noted=True)


def triage(
    answers: dict, rules: tuple[Rule, ...] = RULES, *, language: str | None = None
) -> TriageResult:
    """`answers` must already have passed `validate_answers`. The messages are written in
    `language` (default: the active one); the level and the rules that fire never depend on
    it."""
    language = runner_language(language)
    with translation.override(language):  # the evidence's words, in the messages' language
        fired = [
            (rule, _reason(rule, keys, answers, language))
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
        language=language,
        reasons=tuple(_in_one_voice(reason, level, rule) for rule, reason in fired),
    )
