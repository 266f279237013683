"""Per-priority targets for a first claim, e.g. ``emergency=2m,high=10m,medium=60m,low=next-working-day``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.risk import Risk

NEXT_WORKING_DAY = "next-working-day"
#: "Next working day" means by the end of it, in UK time.
WORKDAY_ENDS = time(17, 0)
_UNITS = {"s": 1, "m": 60, "h": 3600}


def _uk() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # a system without tzdata: fall back to UTC
        return None


def end_of_next_working_day(opened_at: datetime) -> datetime:
    zone = _uk()
    local = opened_at.astimezone(zone) if zone else opened_at.astimezone(UTC)
    day = local.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, WORKDAY_ENDS, tzinfo=zone or UTC).astimezone(UTC)


@dataclass(frozen=True)
class ClaimTargets:
    #: Time allowed per priority; None means by the end of the next working day.
    within: dict[Risk, timedelta | None]

    @classmethod
    def parse(cls, spec: str) -> ClaimTargets:
        within: dict[Risk, timedelta | None] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            name, _, value = part.partition("=")
            try:
                risk = Risk.parse(name)
            except KeyError as exc:
                raise ValueError(f"unknown priority {name!r} in claim targets") from exc
            value = value.strip().lower()
            if value == NEXT_WORKING_DAY:
                within[risk] = None
                continue
            match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh])", value)
            if not match:
                raise ValueError(f"claim target {value!r} must look like 90s, 2m, 1h or {NEXT_WORKING_DAY}")
            within[risk] = timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])
        missing = [r.label for r in Risk if r not in within]
        if missing:
            raise ValueError(f"claim targets missing for: {', '.join(missing)}")
        return cls(within)

    def due(self, opened_at: datetime, priority: int) -> datetime:
        allowed = self.within[Risk(priority)]
        return end_of_next_working_day(opened_at) if allowed is None else opened_at + allowed

    def describe(self, priority: int) -> str:
        allowed = self.within[Risk(priority)]
        if allowed is None:
            return "next working day"
        seconds = allowed.total_seconds()
        return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"
