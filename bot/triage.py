"""Triage: one risk decision from three independent signals, with reasons staff can read.

Signals: what Rasa understood (intent and confidence), what the safety net matched, and
the context of the conversation. The most urgent signal wins; when Rasa is unsure about
anything risk-adjacent the decision escalates instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.risk import Risk
from bot.safety.net import Finding

INTENT_RISK: dict[str, Risk] = {
    "in_danger_now": Risk.EMERGENCY,
    "self_harm": Risk.HIGH,
    "being_hurt": Risk.HIGH,
    "exploitation": Risk.HIGH,
    "feel_unsafe": Risk.HIGH,
    "lost_stranded": Risk.HIGH,
    "want_person": Risk.MEDIUM,
    "away_safe": Risk.MEDIUM,
}
#: Intents that always reach a person, whatever their risk.
HANDOFF_INTENTS = frozenset({"want_person"})
HANDOFF_CATEGORIES = frozenset({"want_person"})
#: The safety net's immediacy cue ("right now", "won't let me leave", "there's blood"...).
HAPPENING_NOW = "happening_now"
#: The safety net saw a risk described as over ("used to", "2 years clean").
PAST = "history"

#: Below this Rasa is "unsure" and risk-adjacent alternatives are taken seriously.
CONFIDENT = 0.5
#: Above this a harmless reading outweighs a HIGH (never an EMERGENCY) safety-net match.
SURE_HARMLESS = 0.9
#: An alternative intent this likely is risk-adjacent enough to escalate on.
ALTERNATIVE_FLOOR = 0.3
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


def _rasa_signal(
    intent: str | None, confidence: float | None, ranking: Sequence[tuple[str, float]]
) -> tuple[Risk, list[str]]:
    if intent is None or confidence is None:
        return Risk.LOW, ["Rasa unavailable: decided by the safety net alone"]
    risk = INTENT_RISK.get(intent, Risk.LOW)
    if confidence >= CONFIDENT:
        reason = f"Rasa: {intent.replace('_', ' ')} ({confidence:.0%})"
        return risk, [reason] if risk > Risk.LOW or intent in HANDOFF_INTENTS else []
    # Unsure: take the most urgent plausible reading.
    plausible = [(name, p) for name, p in ranking if p >= ALTERNATIVE_FLOOR] or [(intent, confidence)]
    worst_name, worst_p = max(plausible, key=lambda item: (INTENT_RISK.get(item[0], Risk.LOW), item[1]))
    worst = INTENT_RISK.get(worst_name, Risk.LOW)
    if worst == Risk.LOW:
        return Risk.LOW, []
    return worst, [
        f"Rasa unsure ({confidence:.0%}); might be {worst_name.replace('_', ' ')} "
        f"({worst_p:.0%}), escalated rather than guessed"
    ]


def decide(
    finding: Finding,
    intent: str | None = None,
    confidence: float | None = None,
    ranking: Sequence[tuple[str, float]] = (),
    context: Context | None = None,
) -> Decision:
    """Combine the signals into one decision."""
    context = context or Context()
    rasa_risk, reasons = _rasa_signal(intent, confidence, ranking)
    if rasa_risk == Risk.HIGH and finding.risk == Risk.LOW and PAST in finding.categories:
        # "I used to self-harm but I'm OK now": the safety net read the risk as over.
        rasa_risk = Risk.MEDIUM
        reasons.append("described as in the past, so not handed off (recorded for staff)")
    net_risk = finding.risk
    if (
        net_risk == Risk.HIGH
        and rasa_risk == Risk.LOW
        and intent not in (None, "nlu_fallback")
        and (confidence or 0) >= SURE_HARMLESS
    ):
        # The two signals disagree and the model, trained on many look-alike harmless
        # messages ("my legs are killing me after cross country"), is sure. Recorded for
        # staff to see, not handed off. An emergency match is never talked down.
        net_risk = Risk.MEDIUM
        reasons.append(f"the model is sure this is harmless ({confidence:.0%}), so not handed off")
    reasons.extend(finding.reasons)
    risk = max(rasa_risk, net_risk)
    if risk == Risk.HIGH and HAPPENING_NOW in finding.categories:
        risk = Risk.EMERGENCY
        reasons.append("it sounds like it is happening now, so treated as an emergency")

    if risk >= Risk.MEDIUM and risk < Risk.EMERGENCY:
        if context.repeat_missing:
            risk = Risk(risk + 1)
            reasons.append("context: repeat missing, so risk raised")
        elif context.open_episode and context.local_time and context.local_time.hour in NIGHT_HOURS:
            risk = Risk(risk + 1)
            reasons.append("context: away from placement at night, so risk raised")

    wants_person = (intent in HANDOFF_INTENTS and (confidence or 0) >= ALTERNATIVE_FLOOR) or bool(
        HANDOFF_CATEGORIES.intersection(finding.categories)
    )
    return Decision(
        risk=risk,
        handoff=risk.needs_person or wants_person,
        intent=intent,
        confidence=confidence,
        reasons=tuple(reasons),
    )
