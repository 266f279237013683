"""Reading the triage signals out of a Rasa tracker's latest message."""

from __future__ import annotations

from typing import Any

from bot.risk import Risk
from bot.safety.classifier import RiskScores
from bot.safety.net import Finding, screen
from bot.safety.normalise import normalise_for_nlu


def finding_from(metadata: dict[str, Any], text: str) -> Finding:
    """The gateway's safety-net finding, or a fresh screen when the message came another way."""
    safety = metadata.get("safety")
    if isinstance(safety, dict) and "risk" in safety:
        return Finding(
            risk=Risk.parse(safety["risk"]),
            categories=tuple(safety.get("categories", ())),
            reasons=tuple(safety.get("reasons", ())),
            scores=RiskScores(**safety["scores"]) if isinstance(safety.get("scores"), dict) else None,
        )
    return screen(normalise_for_nlu(text))


def ranking_from(message: dict[str, Any]) -> list[tuple[str, float]]:
    return [
        (item["name"], float(item["confidence"])) for item in message.get("intent_ranking") or [] if item.get("name")
    ]
