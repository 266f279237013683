"""Missing and away episodes: one per child per absence, whoever reported it.

A young person's own report ("I'm at my mate's") and a carer's report ("JM not back") of the
same absence are one episode: reports for the same child are reconciled when they overlap in
time (an open episode, or one that ended after the new report's start). A return reported
before anyone reported the absence makes an episode whose start is unknown; a later missing
report fills the start in. Repeat missing is computed from the episodes, never typed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.records.models import Child, Episode, as_utc

#: Episode categories (DfE 2014): whereabouts unknown, or known but not where they should be.
MISSING = "missing"
AWAY = "away"  # "away from placement without authorisation"
CATEGORY_LABELS = {MISSING: "missing", AWAY: "away without authorisation"}
DEFAULT_INTERVIEW_HOURS = 72.0


def _now() -> datetime:
    return datetime.now(UTC)


def _add_source(episode: Episode, source: str) -> None:
    sources = list(episode.sources or ([episode.source] if episode.source else []))
    if source not in sources:
        sources.append(source)
    episode.sources = sources


def _merge_details(episode: Episode, details: dict[str, Any]) -> None:
    known: dict[str, Any] = json.loads(episode.details) if episode.details else {}
    known.update({k: v for k, v in details.items() if v not in (None, "", "skipped")})
    episode.details = json.dumps(known)


def details_of(episode: Episode) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(episode.details) if episode.details else {}
    return loaded


def child_of_conversation(session: Session, conversation_id: int) -> Child | None:
    """The child whose own conversation this is (linked by staff), if any."""
    return session.scalar(select(Child).where(Child.conversation_id == conversation_id))


def open_episode(session: Session, conversation_id: int) -> Episode | None:
    """The young person's open episode: their own, or their child record's (reported by a carer)."""
    mine = session.scalar(
        select(Episode)
        .where(Episode.conversation_id == conversation_id, Episode.ended_at.is_(None))
        .order_by(Episode.started_at.desc())
    )
    if mine is not None:
        return mine
    child = child_of_conversation(session, conversation_id)
    return open_for_child(session, child.id) if child is not None else None


def open_for_child(session: Session, child_id: int) -> Episode | None:
    return session.scalar(
        select(Episode)
        .where(Episode.child_id == child_id, Episode.ended_at.is_(None))
        .order_by(Episode.started_at.desc(), Episode.id.desc())
    )


def matching_episode(session: Session, child_id: int, start: datetime, end: datetime | None = None) -> Episode | None:
    """The child's episode that overlaps [start, end]: open, or ended at or after ``start``."""
    candidates = session.scalars(
        select(Episode).where(Episode.child_id == child_id).order_by(Episode.started_at.desc(), Episode.id.desc())
    ).all()
    for episode in candidates:
        began, ended = as_utc(episode.started_at), episode.ended_at and as_utc(episode.ended_at)
        if end is not None and began > end and episode.start_known:
            continue
        if ended is None or ended >= start:
            return episode
    return None


@dataclass(frozen=True)
class RepeatStatus:
    episodes: int
    days: int
    threshold: int

    @property
    def flagged(self) -> bool:
        return self.episodes >= self.threshold

    @property
    def reason(self) -> str:
        return f"repeat missing: {self.episodes} episodes in {self.days} days"


def repeat_status(
    session: Session, child_id: int, at: datetime | None = None, threshold: int = 3, days: int = 90
) -> RepeatStatus:
    """Episodes of this child that started in the ``days`` up to ``at`` (inclusive)."""
    at = at or _now()
    count = session.scalar(
        select(func.count(Episode.id)).where(
            Episode.child_id == child_id,
            Episode.started_at > at - timedelta(days=days),
            Episode.started_at <= at,
        )
    )
    return RepeatStatus(int(count or 0), days, threshold)


def record_self_report(
    session: Session, conversation_id: int, safe_now: str | None, details: dict[str, str]
) -> Episode:
    """Record a young person's own report that they are away; one open episode at a time.

    When their conversation is linked to a child record, a carer's open report of the same
    absence is the episode (the young person's report joins it as a second source).
    """
    episode = open_episode(session, conversation_id)
    child = child_of_conversation(session, conversation_id)
    if episode is None:
        episode = Episode(
            conversation_id=conversation_id,
            category=AWAY,
            source="young_person",
            sources=["young_person"],
            reported_at=_now(),
            child_id=child.id if child else None,
            placement_id=child.placement_id if child else None,
        )
        session.add(episode)
    else:
        episode.conversation_id = episode.conversation_id or conversation_id
        _add_source(episode, "young_person")
    episode.safe_now = safe_now
    _merge_details(episode, dict(details))
    session.flush()
    return episode


def record_return(
    session: Session,
    conversation_id: int,
    at: datetime | None = None,
    interview_hours: float = DEFAULT_INTERVIEW_HOURS,
) -> Episode | None:
    """Close the open episode, if any, at the time they said they were back."""
    episode = open_episode(session, conversation_id)
    if episode is not None:
        _close(episode, at or _now(), "young_person", interview_hours)
    return episode


def _close(episode: Episode, at: datetime, source: str, interview_hours: float) -> None:
    # A return can never come before the start we know of (clock skew, a typed "3" meaning 3 a.m.).
    episode.ended_at = max(at, as_utc(episode.started_at))
    episode.return_interview_due_at = episode.ended_at + timedelta(hours=interview_hours)
    _add_source(episode, source)


def report_missing(
    session: Session,
    child: Child,
    last_seen_at: datetime,
    *,
    source: str = "carer",
    category: str = MISSING,
    details: dict[str, Any] | None = None,
    police_informed: bool | None = None,
    police_reference: str | None = None,
    risk: str | None = None,
    now: datetime | None = None,
) -> tuple[Episode, bool]:
    """Open the child's episode, or join the report to the one it overlaps. Returns (episode, new)."""
    now = now or _now()
    last_seen_at = min(last_seen_at, now)
    episode = matching_episode(session, child.id, last_seen_at, now)
    new = episode is None
    if episode is None:
        episode = Episode(
            child_id=child.id,
            placement_id=child.placement_id,
            conversation_id=child.conversation_id,
            category=category,
            source=source,
            sources=[source],
            started_at=last_seen_at,
            reported_at=now,
        )
        session.add(episode)
    else:
        _add_source(episode, source)
        episode.child_id = child.id
        episode.placement_id = episode.placement_id or child.placement_id
        if not episode.start_known or as_utc(episode.started_at) > last_seen_at:
            episode.started_at = last_seen_at
            episode.start_known = True
        if category == MISSING:
            # Whereabouts unknown to the carer outranks "I'm at a mate's": it is the more serious reading.
            episode.category = MISSING
        episode.reported_at = episode.reported_at or now
    if police_informed is not None:
        episode.police_informed = police_informed or bool(episode.police_informed)
        if police_informed and episode.police_informed_at is None:
            episode.police_informed_at = now
    if police_reference:
        episode.police_reference = police_reference
    if risk:
        episode.risk = risk
    _merge_details(episode, details or {})
    session.flush()
    return episode, new


def report_child_return(
    session: Session,
    child: Child,
    returned_at: datetime,
    *,
    source: str = "carer",
    details: dict[str, Any] | None = None,
    interview_hours: float = DEFAULT_INTERVIEW_HOURS,
    now: datetime | None = None,
) -> tuple[Episode, bool]:
    """Close the child's open episode; with none, record a return-only episode. Returns (episode, new)."""
    now = now or _now()
    returned_at = min(returned_at, now)
    episode = open_for_child(session, child.id)
    if episode is None:
        # Already closed by the young person's own "I'm back", or never reported as missing.
        recent = matching_episode(session, child.id, returned_at - timedelta(hours=6), now)
        if recent is not None and recent.ended_at is not None:
            _add_source(recent, source)
            if details:
                recent.return_details = json.dumps({**_json(recent.return_details), **details})
            session.flush()
            return recent, False
        episode = Episode(
            child_id=child.id,
            placement_id=child.placement_id,
            conversation_id=child.conversation_id,
            category=MISSING,
            source=source,
            sources=[source],
            started_at=returned_at,
            start_known=False,
            reported_at=now,
        )
        session.add(episode)
        new = True
    else:
        new = False
    _close(episode, returned_at, source, interview_hours)
    if details:
        episode.return_details = json.dumps({**_json(episode.return_details), **details})
    session.flush()
    return episode, new


def _json(value: str | None) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(value) if value else {}
    return loaded


def log_contact(session: Session, episode: Episode, at: datetime, note: str, whereabouts_known: bool) -> None:
    """A carer heard from the absent child: note it on the episode (encrypted)."""
    known = details_of(episode)
    contacts: list[dict[str, str]] = list(known.get("contacts_from_child", []))
    contacts.append({"at": at.isoformat(), "note": note[:500]})
    known["contacts_from_child"] = contacts
    if whereabouts_known:
        known["whereabouts_known_since"] = at.isoformat()
    episode.details = json.dumps(known)
    session.flush()


def record_return_interview(
    session: Session, episode: Episode, offered_at: datetime | None = None, done_at: datetime | None = None
) -> None:
    """Staff record that the return interview was offered and/or done."""
    if offered_at is not None:
        episode.return_interview_offered_at = offered_at
    if done_at is not None:
        episode.return_interview_done_at = done_at
        episode.return_interview_offered_at = episode.return_interview_offered_at or done_at
    session.flush()
