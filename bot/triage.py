"""Triage: one risk decision from three independent signals, with reasons staff can read.

Signals: what Rasa understood (its intent ranking), what the safety net found (its own risk
model and its lexicon of rules) and the context of the conversation. The two models are
combined: each is trained on the same examples but reads them differently (Rasa counts
words and character n-grams, the net's model words and word pairs after slang rewriting),
so one model's blind spot is often covered by the other. The rules then add what a phrase
says (standing unless the models are sure the whole message is harmless), what is over
("used to") and what is happening now. When Rasa is down, the net decides alone; when it is
up, it can raise the net's own decision but never lower it.

The thresholds below were chosen on the tuning sets (tests/eval/triage_tune*.jsonl),
never on the held-out set; docs/evaluation.md has the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.risk import INTENT_RISK, Risk
from bot.safety import lexicon
from bot.safety.net import Finding

#: Intents that always reach a person, whatever their risk.
HANDOFF_INTENTS = frozenset({"want_person"})
HANDOFF_CATEGORIES = frozenset({"want_person"})
#: The safety net's immediacy cue ("right now", "won't let me leave", "there's blood"...).
HAPPENING_NOW = "happening_now"
#: The safety net saw a risk described as over ("used to", "2 years clean").
PAST = "history"
#: The safety net saw a risk named only to deny it ("i've never self harmed").
DENIED = "denied"
#: The safety net saw a risk named in a first-aid lesson ("what to do if someone overdoses").
TAUGHT = "first_aid_lesson"
#: What each of those says about a risk only the models see.
SETTLED = {
    PAST: "described as in the past",
    DENIED: "the risk is named only to deny it",
    TAUGHT: "named in a first-aid lesson",
}
#: The message laughs or jokes ("lol", "😂", "💀") around a risk phrase.
LAUGHING = "laughing"
#: The safety net matched a rule whose words say it plainly: the models cannot talk it down.
UNMISTAKABLE = "unmistakable"
#: The risk sits in one part of a long message, which both models read as a whole: an
#: ordinary day told at length drowns the one sentence that matters, so they cannot talk it down.
BURIED = "buried"
#: Someone reports about a young person: the models read a calm report as routine, so they
#: cannot talk an emergency in it down (a high risk still can be: "YP got a bruise playing rugby").
THIRD_PARTY = "third_party"
#: The safety net read the child as away or missing ("MFH since 16:30", "not back yet").
AWAY = "away"
#: ...and missing with signs of risk (repeat missing, whereabouts unknown): high, but a
#: "now" or "tonight" in a report of it says nothing new, so it does not make it an emergency.
MISSING_AT_RISK = "missing_at_risk"
#: The safety net's other high-risk categories ("self_harm", "being_hurt"...).
_OTHER_HIGH = frozenset(c for c, r in lexicon.CATEGORY_RISK.items() if r == "HIGH") - {MISSING_AT_RISK}
#: Rasa's readings of a child away, missing or back: a report of an episode.
EPISODE_INTENTS = frozenset(
    {
        "away_safe",
        "back_home",
        "report_missing",
        "report_return",
        "carer_log_contact",
        "carer_ask_police",
        "carer_check_episode",
    }
)

#: Either model's probability of "emergency" at which the message is one. Either, not the
#: average: a danger-now message one model has never seen the like of must not be
#: diluted by it; reading a high-risk message as an emergency costs far less.
EMERGENCY_AT = 0.2
#: ...provided the models together give this much risk at all: on short or unfamiliar
#: texts ("goodbye", "message 3") a bag-of-words model hovers near its prior for every
#: level, and that must not read as danger now.
EMERGENCY_FLOOR = 0.5
#: The models' weighted probability of "high or emergency" at which a person is needed.
HIGH_AT = 0.6
#: Rasa's weight in that average (the net's model the rest): on messages unlike the
#: training data Rasa's character n-grams generalised better than the net's word counts.
RASA_WEIGHT = 0.6
#: Below this averaged probability of risk a HIGH lexicon match is recorded, not handed
#: off: both models, trained on many look-alike harmless messages ("my legs are killing
#: me after cross country"), read it as harmless.
SURE_HARMLESS = 0.3
#: Below this an EMERGENCY lexicon match is recorded, not handed off: every model reads
#: the whole message as harmless ("in the new spiderman film he jumps off a bridge").
SURE_HARMLESS_EMERGENCY = 0.1
#: A reading of "wants a person" this likely reaches one.
PERSON_FLOOR = 0.5
#: Below this probability of risk a sure model outweighs the other one (see ``_models``):
#: Rasa's character n-grams can be sure of danger in "took a paracetamol for my headache".
MODELS_AGREE = 0.15
RASA_DOWN = "Rasa unavailable"
NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3, 4, 5})


@dataclass(frozen=True)
class Context:
    """What we already know about the person; empty when triaging a bare message."""

    open_episode: bool = False
    repeat_missing: bool = False
    local_time: datetime | None = None


@dataclass(frozen=True)
class Decision:
    risk: Risk
    handoff: bool
    intent: str | None
    confidence: float | None
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Reading:
    """How likely a model thinks the message is an emergency, and at least high risk."""

    emergency: float
    high: float
    #: One model is sure of risk and the other sure it is harmless: neither alone escalates
    #: (the rules still count).
    disputed: bool = False


def _rasa_reading(ranking: Sequence[tuple[str, float]]) -> _Reading:
    emergency = sum(p for name, p in ranking if INTENT_RISK.get(name) == Risk.EMERGENCY)
    high = sum(p for name, p in ranking if INTENT_RISK.get(name, Risk.LOW) >= Risk.HIGH)
    return _Reading(emergency, high)


def _models(
    finding: Finding, intent: str | None, confidence: float | None, ranking: Sequence[tuple[str, float]]
) -> tuple[_Reading | None, str]:
    """The combined reading of the models that answered, and who they were."""
    readings: list[_Reading] = []
    names: list[str] = []
    if intent is not None:
        readings.append(_rasa_reading(ranking or [(intent, 1.0)]))
        names.append("Rasa")
    if finding.scores is not None:
        readings.append(_Reading(finding.scores.emergency, finding.scores.at_least_high))
        names.append("the safety net's model")
    if not readings:
        return None, ""
    both = len(readings) == 2
    # The most alarmed model for danger now (see EMERGENCY_AT), unless the other one is sure
    # there is no risk at all ("took a paracetamol for my headache"); the average for risk at all.
    pairs = zip(readings, reversed(readings), strict=True)
    emergency = (
        max((r.emergency for r, other in pairs if other.high >= SURE_HARMLESS), default=0.0)
        if both
        else readings[0].emergency
    )
    weights = [RASA_WEIGHT, 1 - RASA_WEIGHT] if both else [1.0]
    high = sum(w * r.high for w, r in zip(weights, readings, strict=True))
    # Rasa sure of a risk the net's model is sure is not there (the other way round, the
    # net's own decision stands: see ``decide``).
    calmer, surer = min(r.high for r in readings), max(r.high for r in readings)
    disputed = both and calmer < MODELS_AGREE and surer >= HIGH_AT
    return _Reading(emergency, high, disputed), " and ".join(names)


def _model_risk(
    reading: _Reading | None, who: str, intent: str | None, confidence: float | None
) -> tuple[Risk, list[str]]:
    if reading is None:
        return Risk.LOW, []
    disagreement: list[str] = []
    if reading.disputed:
        disagreement.append(f"{who} disagree about any risk, so the models alone do not escalate")
    elif reading.emergency >= EMERGENCY_AT and reading.high >= EMERGENCY_FLOOR:
        return Risk.EMERGENCY, [f"{who}: {reading.emergency:.0%} likely danger now"]
    elif reading.high >= HIGH_AT:
        # "Unsure": no risk reading is on top, but together they are likely enough.
        note = ""
        if intent is not None and INTENT_RISK.get(intent, Risk.LOW) < Risk.HIGH:
            note = f", though Rasa's top reading is {intent.replace('_', ' ')}: escalated, not guessed"
        return Risk.HIGH, [f"{who}: {reading.high:.0%} likely at risk{note}"]
    if intent is not None and INTENT_RISK.get(intent) == Risk.MEDIUM and (confidence or 0) >= PERSON_FLOOR:
        return Risk.MEDIUM, [*disagreement, f"Rasa: {intent.replace('_', ' ')} ({confidence or 0:.0%})"]
    return Risk.LOW, disagreement


def _talked_down(
    finding: Finding, model_risk: Risk, reading: _Reading | None, rasa_answered: bool, episode: bool
) -> bool:
    """Whether the models outweigh a lexicon match. An emergency rule is talked down only
    when Rasa answered and the net's model and ``reading`` are both sure it is harmless (so
    ``decide``, which also asks the combined reading, needs both models): with Rasa down, one
    model's reading of a message unlike its training ("Ambulance called.") must not overrule
    danger now."""
    if reading is None or model_risk >= Risk.HIGH or {UNMISTAKABLE, BURIED} & set(finding.categories):
        return False
    if episode:
        # A child away or missing with a sign of risk is high risk (the police's missing-person
        # grading says so), and both models learnt episodes as routine: they cannot judge it.
        return False
    if finding.risk == Risk.EMERGENCY:
        if THIRD_PARTY in finding.categories:
            return False
        # Laughter alone never talks a phrase down; with it, the models need less certainty.
        sure = SURE_HARMLESS if LAUGHING in finding.categories else SURE_HARMLESS_EMERGENCY
        net_sure = finding.scores is not None and finding.scores.at_least_high < sure
        return rasa_answered and net_sure and reading.high < sure
    return finding.risk == Risk.HIGH and reading.high < SURE_HARMLESS


def decide(
    finding: Finding,
    intent: str | None = None,
    confidence: float | None = None,
    ranking: Sequence[tuple[str, float]] = (),
    context: Context | None = None,
) -> Decision:
    """Combine the signals into one decision (the safety net's alone when Rasa is down).

    Rasa can raise what the safety net alone would decide, never lower it: on messages
    unlike its training (carers' shorthand, sideways slang) Rasa is often sure of a routine
    reading that is wrong, and the net alone handed off more of them with no more false
    alarms. Rasa still has a say in talking a rule down, which needs both models. The floor
    includes what the gateway acts on before Rasa answers (``before_rasa``), so the figures
    in docs/evaluation.md are what the service does.
    """
    context = context or Context()
    if intent is None:
        return _combine(finding, None, None, (), context, rasa_answered=False)
    combined = _combine(finding, intent, confidence, ranking, context, rasa_answered=True)
    # The net's model's reading of danger now counts only if Rasa sees some risk too, as in
    # the combined reading (see ``_models``): "im gonna kill someone. probably the microwave".
    net_alone = finding
    if finding.scores is not None and _rasa_reading(ranking or [(intent, 1.0)]).high < SURE_HARMLESS:
        calm = replace(finding.scores, emergency=0.0, high=finding.scores.at_least_high)
        net_alone = replace(finding, scores=calm)
    alone = _combine(net_alone, None, None, (), context, rasa_answered=True)
    if (alone.risk, alone.handoff) <= (combined.risk, combined.handoff):
        return combined
    return Decision(
        risk=max(alone.risk, combined.risk),
        handoff=alone.handoff or combined.handoff,
        intent=intent,
        confidence=confidence,
        reasons=(
            *combined.reasons,
            f"the safety net alone reads it as {alone.risk.label}",
            *(r for r in alone.reasons if r not in combined.reasons),
        ),
    )


def before_rasa(finding: Finding, context: Context | None = None) -> Decision | None:
    """The safety net's decision when it is clear enough to open a case before Rasa answers.

    When the net's rules and its model both see a risk. Anything less waits the moment
    Rasa takes (the net decides alone only if Rasa does not answer), so that Rasa's
    reading can still keep a harmless message out of the queue.
    """
    alone = _combine(finding, None, None, (), context or Context(), rasa_answered=False)
    scores = finding.scores
    rules_and_model_agree = finding.risk >= Risk.HIGH and (scores is None or scores.at_least_high >= HIGH_AT)
    if alone.handoff and rules_and_model_agree:
        return replace(alone, reasons=tuple(r for r in alone.reasons if not r.startswith(RASA_DOWN)))
    return None


def _combine(
    finding: Finding,
    intent: str | None,
    confidence: float | None,
    ranking: Sequence[tuple[str, float]],
    context: Context,
    rasa_answered: bool,
) -> Decision:
    """One decision from the readings given; ``rasa_answered`` without an intent is the
    safety net's own reading while Rasa is up (``decide``'s floor)."""
    reading, who = _models(finding, intent, confidence, ranking)
    model_risk, reasons = _model_risk(reading, who, intent, confidence)
    if not rasa_answered:
        reasons.insert(0, f"{RASA_DOWN}: decided by the safety net alone")
    # "I used to self-harm but I'm OK now", "I've never self harmed, it's eczema": the words the
    # models count, which the safety net read as over or denied.
    settled = next((why for category, why in SETTLED.items() if category in finding.categories), None)
    # A lesson is no emergency however alarming its words; a past or denied risk the models
    # read as danger now still reaches a person.
    settles = Risk.EMERGENCY if TAUGHT in finding.categories else Risk.HIGH
    if Risk.HIGH <= model_risk <= settles and finding.risk < Risk.HIGH and settled:
        model_risk = Risk.MEDIUM
        reasons.append(f"{settled}, so not handed off (recorded for staff)")
    net_risk = finding.risk
    episode = intent in EPISODE_INTENTS or AWAY in finding.categories
    if _talked_down(finding, model_risk, reading, rasa_answered, episode):
        # The rules and the models disagree and the models are sure: a phrase matched, but
        # the whole message reads as harmless. Recorded for staff to see, not handed off.
        net_risk = Risk.MEDIUM
        reasons.append(f"{who}: only {reading.high if reading else 0:.0%} likely at risk, so not handed off")
    reasons.extend(finding.reasons)
    risk = max(model_risk, net_risk)
    only_missing = MISSING_AT_RISK in finding.categories and not _OTHER_HIGH.intersection(finding.categories)
    if risk == Risk.HIGH and HAPPENING_NOW in finding.categories and not only_missing:
        risk = Risk.EMERGENCY
        reasons.append("it sounds like it is happening now, so treated as an emergency")

    if risk >= Risk.MEDIUM and risk < Risk.EMERGENCY:
        if context.repeat_missing:
            risk = Risk(risk + 1)
            reasons.append("context: repeat missing, so risk raised")
        elif context.open_episode and context.local_time and context.local_time.hour in NIGHT_HOURS:
            risk = Risk(risk + 1)
            reasons.append("context: away from placement at night, so risk raised")

    wants_person = (intent in HANDOFF_INTENTS and (confidence or 0) >= PERSON_FLOOR) or bool(
        HANDOFF_CATEGORIES.intersection(finding.categories)
    )
    return Decision(
        risk=risk,
        handoff=risk.needs_person or wants_person,
        intent=intent,
        confidence=confidence,
        reasons=tuple(reasons),
    )
