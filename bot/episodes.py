"""Missing and away episodes: opened when someone reports an absence, closed on return."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Episode


def open_episode(session: Session, conversation_id: int) -> Episode | None:
    return session.scalar(
        select(Episode)
        .where(Episode.conversation_id == conversation_id, Episode.ended_at.is_(None))
        .order_by(Episode.started_at.desc())
    )


def record_self_report(
    session: Session, conversation_id: int, safe_now: str | None, details: dict[str, str]
) -> Episode:
    """Record a young person's own report that they are away; one open episode at a time."""
    episode = open_episode(session, conversation_id)
    if episode is None:
        episode = Episode(conversation_id=conversation_id, category="away", source="young_person")
        session.add(episode)
    episode.safe_now = safe_now
    known = json.loads(episode.details) if episode.details else {}
    known.update({k: v for k, v in details.items() if v and v != "skipped"})
    episode.details = json.dumps(known)
    session.flush()
    return episode


def record_return(session: Session, conversation_id: int, at: datetime | None = None) -> Episode | None:
    """Close the open episode, if any, at the time they said they were back."""
    episode = open_episode(session, conversation_id)
    if episode is not None:
        episode.ended_at = at or datetime.now(UTC)
    return episode
