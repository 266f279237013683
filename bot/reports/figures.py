"""Every figure in the report, with its definition. Keys are a contract: see docs/reports.md.

The period is [from 00:00, to + 1 day 00:00) in the local time zone (``--to`` is inclusive).
Hours and weekdays are local times. Percentiles are nearest-rank (the smallest value with at
least that share of values at or below it); medians are the middle value (mean of the two
middle values for an even count).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Case, Child, Contact, Episode, as_utc
from bot.risk import Risk

SCHEMA_VERSION = 1
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

DEFINITIONS: dict[str, str] = {
    "episodes_total": "Missing or away episodes that started in the period. One episode per child per absence: "
    "a carer's report and the young person's own report of the same absence count once.",
    "episodes_by_category": "Episodes that started in the period by category (DfE 2014): missing = whereabouts "
    "unknown; away = away from placement without authorisation, whereabouts known.",
    "episodes_by_source": "Episodes that started in the period by who reported them: carer only, young person only, "
    "or both (reconciled into one episode).",
    "children_missing": "Distinct children with at least one episode that started in the period. A young person "
    "known only by their own conversation (not linked to a child record) counts as one child.",
    "children_repeat_missing": "Distinct children with at least one episode in the period that met the repeat rule "
    "when it started (at least N episodes, counting it, in the D days up to its start; N and D in settings).",
    "children_two_or_more_episodes": "Distinct children with two or more episodes that started in the period.",
    "episodes_per_child": "Distribution of episodes per child in the period: how many children had exactly k "
    "episodes, for each k.",
    "episodes_per_child_max": "The most episodes that started in the period for any one child.",
    "duration_hours": "Time from start (last seen) to return, in hours, for episodes that started in the period, "
    "have ended, and whose start is known (a return reported with no missing report has no duration). "
    "Median, 90th percentile (nearest rank) and maximum.",
    "episodes_by_hour": "Episodes that started in the period by local hour of the start (index 0 = 00:00-00:59).",
    "episodes_by_weekday": "Episodes that started in the period by local day of the week of the start, Monday first.",
    "episodes_by_month": "Episodes that started in the period by local calendar month of the start (YYYY-MM).",
    "still_missing_now": "Episodes with no return recorded at the time the report was made (as_of), and the distinct "
    "children they belong to, whatever the period.",
    "police_informed": "Of the missing episodes that started in the period, how many have the police recorded as "
    "informed; rate = informed / missing episodes (null when there are none).",
    "return_interviews": "For episodes that ended (returned) in the period: returns; return interviews offered; "
    "completed; completed within the due time (72 hours after return by default); and overdue now (no interview "
    "done, due time passed at as_of).",
    "contacts_total": "Contacts (one per inbound message understood) made in the period.",
    "contacts_by_channel": "Contacts in the period by channel (telegram, web).",
    "contacts_by_intent": "Contacts in the period by the intent Rasa read (none = decided by the safety net alone).",
    "contacts_by_risk": "Contacts in the period by triage risk (emergency, high, medium, low).",
    "cases_opened": "Cases (conversations handed to a person) opened in the period.",
    "cases_by_priority": "Cases opened in the period by their priority (the highest it reached).",
    "time_to_claim_minutes": "For cases opened in the period that were claimed: minutes from opening to the first "
    "claim by staff. Median and 90th percentile (nearest rank).",
    "claim_targets_missed": "Cases opened in the period whose first claim came after the claim target for their "
    "priority (or that are still waiting past it), as recorded by the queue.",
    "episodes": "One row per episode that started in the period, or is still open, or returned in the period: "
    "pseudonymous child reference only, never a name.",
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    tz: ZoneInfo

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(0), self.tz).astimezone(UTC)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(0), self.tz).astimezone(UTC)

    def contains(self, at: datetime | None) -> bool:
        return at is not None and self.start_at <= as_utc(at) < self.end_at


def nearest_rank(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "median": _round(statistics.median(values)) if values else None,
        "p90": _round(nearest_rank(values, 0.9)),
        "max": _round(max(values)) if values else None,
    }


def person_key(episode: Episode) -> str | None:
    if episode.child_id is not None:
        return f"child:{episode.child_id}"
    if episode.conversation_id is not None:
        return f"conversation:{episode.conversation_id}"
    return None  # a carer's report not matched to a child: an episode, but no child to count


def _source_label(episode: Episode) -> str:
    sources = set(episode.sources or [episode.source])
    if {"carer", "young_person"} <= sources:
        return "both"
    return "carer" if "carer" in sources else "young_person"


def compute(
    session: Session,
    period: Period,
    *,
    now: datetime | None = None,
    repeat_episodes: int = 3,
    repeat_days: int = 90,
) -> dict[str, Any]:
    """Every figure for the period (see DEFINITIONS)."""
    now = now or datetime.now(UTC)
    tz = period.tz
    all_episodes = session.scalars(select(Episode).order_by(Episode.started_at, Episode.id)).all()
    in_period = [e for e in all_episodes if period.contains(e.started_at)]
    by_person: dict[str, list[datetime]] = {}
    for e in all_episodes:
        key = person_key(e)
        if key:
            by_person.setdefault(key, []).append(as_utc(e.started_at))

    people = Counter(k for e in in_period if (k := person_key(e)))
    repeat_people = set()
    window = timedelta(days=repeat_days)
    for e in in_period:
        key = person_key(e)
        if key is None:
            continue
        start = as_utc(e.started_at)
        prior = sum(1 for s in by_person[key] if start - window < s <= start)
        if prior >= repeat_episodes:
            repeat_people.add(key)
    distribution = Counter(people.values())

    durations = [
        (as_utc(e.ended_at) - as_utc(e.started_at)).total_seconds() / 3600
        for e in in_period
        if e.ended_at is not None and e.start_known
    ]
    hours = [0] * 24
    weekdays = [0] * 7
    months: Counter[str] = Counter()
    for e in in_period:
        local = as_utc(e.started_at).astimezone(tz)
        hours[local.hour] += 1
        weekdays[local.weekday()] += 1
        months[local.strftime("%Y-%m")] += 1

    open_now = [e for e in all_episodes if e.ended_at is None and as_utc(e.started_at) <= now]
    missing = [e for e in in_period if e.category == "missing"]
    informed = sum(1 for e in missing if e.police_informed)

    returned = [e for e in all_episodes if period.contains(e.ended_at)]
    offered = sum(1 for e in returned if e.return_interview_offered_at or e.return_interview_done_at)
    done = [e for e in returned if e.return_interview_done_at is not None]
    within = sum(
        1
        for e in done
        if e.return_interview_due_at is not None
        and e.return_interview_done_at is not None
        and as_utc(e.return_interview_done_at) <= as_utc(e.return_interview_due_at)
    )
    overdue = sum(
        1
        for e in all_episodes
        if e.ended_at is not None
        and e.return_interview_done_at is None
        and e.return_interview_due_at is not None
        and as_utc(e.return_interview_due_at) < now
        and period.contains(e.ended_at)
    )

    contacts = session.scalars(select(Contact).where(Contact.at >= period.start_at, Contact.at < period.end_at)).all()
    cases = session.scalars(select(Case).where(Case.opened_at >= period.start_at, Case.opened_at < period.end_at)).all()
    claim_minutes: list[float] = []
    missed = 0
    for case in cases:
        claimed = getattr(case, "first_claimed_at", None) or getattr(case, "claimed_at", None)
        if claimed is not None:
            claim_minutes.append((as_utc(claimed) - as_utc(case.opened_at)).total_seconds() / 60)
        if getattr(case, "claim_target_met", None) is False:
            missed += 1

    children = {c.id: c for c in session.scalars(select(Child)).all()}
    rows = [
        _episode_row(e, children.get(e.child_id) if e.child_id else None, tz)
        for e in all_episodes
        if e in in_period or e.ended_at is None or period.contains(e.ended_at)
    ]
    return {
        "episodes_total": len(in_period),
        "episodes_by_category": {
            "missing": sum(1 for e in in_period if e.category == "missing"),
            "away": sum(1 for e in in_period if e.category == "away"),
        },
        "episodes_by_source": dict(sorted(Counter(_source_label(e) for e in in_period).items())),
        "children_missing": len(people),
        "children_repeat_missing": len(repeat_people),
        "children_two_or_more_episodes": sum(1 for n in people.values() if n >= 2),
        "episodes_per_child": [{"episodes": k, "children": distribution[k]} for k in sorted(distribution)],
        "episodes_per_child_max": max(people.values()) if people else 0,
        "duration_hours": summary(durations),
        "episodes_by_hour": hours,
        "episodes_by_weekday": dict(zip(WEEKDAYS, weekdays, strict=True)),
        "episodes_by_month": dict(sorted(months.items())),
        "still_missing_now": {
            "as_of": now.isoformat(),
            "episodes": len(open_now),
            "children": len({k for e in open_now if (k := person_key(e))}),
        },
        "police_informed": {
            "missing_episodes": len(missing),
            "informed": informed,
            "rate": round(informed / len(missing), 4) if missing else None,
        },
        "return_interviews": {
            "returns": len(returned),
            "offered": offered,
            "completed": len(done),
            "completed_within_due": within,
            "overdue_now": overdue,
        },
        "contacts_total": len(contacts),
        "contacts_by_channel": dict(sorted(Counter(c.channel for c in contacts).items())),
        "contacts_by_intent": dict(sorted(Counter(c.intent or "none" for c in contacts).items())),
        "contacts_by_risk": {label: sum(1 for c in contacts if c.risk == label) for label in _risk_labels()},
        "cases_opened": len(cases),
        "cases_by_priority": {
            label: sum(1 for c in cases if Risk(c.priority).label == label) for label in _risk_labels()
        },
        "time_to_claim_minutes": {
            "count": len(claim_minutes),
            "median": _round(statistics.median(claim_minutes)) if claim_minutes else None,
            "p90": _round(nearest_rank(claim_minutes, 0.9)),
        },
        "claim_targets_missed": missed,
        "episodes": rows,
    }


def _risk_labels() -> list[str]:
    return [r.label for r in sorted(Risk, reverse=True)]


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value is not None else None


def _episode_row(e: Episode, child: Child | None, tz: ZoneInfo) -> dict[str, Any]:
    duration = (
        round((as_utc(e.ended_at) - as_utc(e.started_at)).total_seconds() / 3600, 2)
        if e.ended_at is not None and e.start_known
        else None
    )
    return {
        "id": e.id,
        "child": child.reference if child else None,
        "category": e.category,
        "sources": sorted(set(e.sources or [e.source])),
        "started_at": _iso(e.started_at),
        "start_known": e.start_known,
        "ended_at": _iso(e.ended_at),
        "duration_hours": duration,
        "risk": e.risk,
        "police_informed": e.police_informed,
        "return_interview_due_at": _iso(e.return_interview_due_at),
        "return_interview_offered_at": _iso(e.return_interview_offered_at),
        "return_interview_done_at": _iso(e.return_interview_done_at),
    }


def build(
    session: Session,
    start: date,
    end: date,
    *,
    tz_name: str = "Europe/London",
    now: datetime | None = None,
    repeat_episodes: int = 3,
    repeat_days: int = 90,
) -> dict[str, Any]:
    """The whole report: period, settings, figures and their definitions."""
    now = now or datetime.now(UTC)
    period = Period(start, end, ZoneInfo(tz_name))
    return {
        "report": "waymark-episodes-and-contacts",
        "schema_version": SCHEMA_VERSION,
        "generated_at": now.isoformat(),
        "period": {"from": start.isoformat(), "to": end.isoformat(), "timezone": tz_name},
        "rules": {"repeat_missing": {"episodes": repeat_episodes, "days": repeat_days}},
        "figures": compute(session, period, now=now, repeat_episodes=repeat_episodes, repeat_days=repeat_days),
        "definitions": DEFINITIONS,
    }
