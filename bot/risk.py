"""Risk levels shared by the safety net, triage, cases and reports."""

from __future__ import annotations

from enum import IntEnum


class Risk(IntEnum):
    """Ordered so that ``max()`` picks the most urgent level."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2
    EMERGENCY = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Risk:
        return cls[value.strip().upper()]

    @property
    def needs_person(self) -> bool:
        """High and emergency always go to a person."""
        return self >= Risk.HIGH


#: The risk each Rasa intent carries; intents not listed carry none. The safety net's own
#: model is trained on the same examples labelled by this table.
INTENT_RISK: dict[str, Risk] = {
    "in_danger_now": Risk.EMERGENCY,
    "self_harm": Risk.HIGH,
    "being_hurt": Risk.HIGH,
    "exploitation": Risk.HIGH,
    "feel_unsafe": Risk.HIGH,
    "lost_stranded": Risk.HIGH,
    "want_person": Risk.MEDIUM,
    "away_safe": Risk.MEDIUM,
    "back_home": Risk.MEDIUM,
    "report_missing": Risk.MEDIUM,
}
