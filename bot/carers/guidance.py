"""When a carer should call 999 and when 101, by the answers and the local protocol in settings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from bot.risk import Risk
from bot.settings import Settings

NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3, 4, 5})
#: Words in a carer's answers that are risk factors (College of Policing grading, Philomena).
FACTOR_WORDS: dict[str, re.Pattern[str]] = {
    "danger now": re.compile(r"\b(danger|threat\w*|weapon|knife|gun|attack\w*|kidnap\w*|forced|taken)\b", re.I),
    "self-harm or suicide risk": re.compile(
        r"\b(self.?harm\w*|suicid\w*|kill (her|him|them)sel\w*|overdos\w*|cutting)\b", re.I
    ),
    "medical needs": re.compile(
        r"\b(medication|meds|insulin|diabet\w*|epilep\w*|seizure\w*|asthma\w*|inhaler|pregnan\w*|medical)\b", re.I
    ),
    "exploitation concerns": re.compile(
        r"\b(older (man|men|boy|guy|lad)s?|boyfriend|car|cars|county lines|drugs?|dealer\w*|gifts?|money|new phone|"
        r"train tickets?|exploit\w*|groom\w*|gang\w*|cse|cce)\b",
        re.I,
    ),
}
#: Factors that mean "call 999 now" on their own.
EMERGENCY_FACTORS = frozenset({"danger now", "self-harm or suicide risk", "medical needs"})


@dataclass(frozen=True)
class Assessment:
    risk: Risk
    factors: tuple[str, ...]
    call: str  # "999" | "101" | "none"
    advice: str
    reasons: list[str] = field(default_factory=list)


def factors_in(*texts: str | None) -> list[str]:
    joined = " ".join(t for t in texts if t)
    return [name for name, pattern in FACTOR_WORDS.items() if pattern.search(joined)]


def assess(
    settings: Settings,
    *,
    category: str,
    texts: tuple[str | None, ...],
    age: int | None,
    repeat_reason: str | None,
    local_time: datetime,
    police_told: bool | None,
) -> Assessment:
    """The priority of a carer's missing report and what to tell them about the police."""
    factors = factors_in(*texts)
    if repeat_reason:
        factors.append(repeat_reason)
    young = age is not None and age < settings.police_999_under_age
    if young:
        factors.append(f"under {settings.police_999_under_age}")
    night = local_time.hour in NIGHT_HOURS
    if night:
        factors.append("out at night")
    urgent = bool(EMERGENCY_FACTORS.intersection(factors)) or young
    if urgent:
        risk = Risk.EMERGENCY
    elif category == "missing" and len(factors) >= 1:
        risk = Risk.HIGH
    elif category == "missing":
        risk = Risk.MEDIUM
    else:
        risk = Risk.MEDIUM if factors else Risk.LOW
    protocol = settings.local_protocol
    if urgent:
        call = "999"
        advice = (
            f"Call 999 now and say they are a child missing from care ({', '.join(f for f in factors)}). "
            f"That is what {protocol} says when a child may be in danger."
        )
    elif category == "missing":
        call = "101"
        advice = (
            "Make the reasonable checks now (their phone, friends, usual places). If you still don't know "
            f"where they are within {settings.police_checks_minutes} minutes of when they were due back, "
            f"report them missing to the police on 101, as {protocol} says. If at any point you think they are "
            "in danger, call 999."
        )
    else:
        call = "none"
        advice = (
            "If you know where they are and they are safe, you don't need to call the police yet: keep in touch "
            "with them and tell us if that changes. If you stop knowing where they are, it becomes a missing "
            "episode: call 101, or 999 if they are in danger."
        )
    if police_told:
        advice = "Thank you for telling the police already. " + (
            "If things get worse, call 999." if call != "999" else advice
        )
    return Assessment(risk, tuple(factors), call, advice, [f"carer report: {f}" for f in factors])


def police_guidance(settings: Settings) -> str:
    """The general answer to "when should I call the police?"."""
    return (
        "Call 999 straight away if you think the child is in danger, may harm themselves, has medical needs, "
        f"or is under {settings.police_999_under_age}. Otherwise make the reasonable checks (their phone, "
        "friends, usual places) and, if you still don't know where they are, report them missing on 101 within "
        f"{settings.police_checks_minutes} minutes of when they were due back. This is {settings.local_protocol}. "
        "Write down the police reference and tell me it: I'll add it to the record."
    )
