"""Staff-side child records: the Philomena-style profile, and linking a child to the young
person's own conversation so their self-reports and a carer's reports are one episode.

The profile lives in ``Child.profile`` (JSON, encrypted at rest). Only staff see it, in the
console; it is never sent to anyone in chat.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import episodes
from bot.records.models import Carer, Child, Conversation, Episode, as_utc

#: Profile fields in display order, with their labels and longest accepted text.
FIELDS: dict[str, tuple[str, int]] = {
    "description": ("Description (height, build, hair, distinguishing features)", 4000),
    "known_places": ("Known places (where they tend to go)", 4000),
    "known_associates": ("Known associates (who they may be with)", 4000),
    "vulnerabilities": ("Vulnerabilities (health, medication, exploitation concerns)", 4000),
    "photo_reference": ("Photo reference (where the current photo is kept; optional)", 200),
}


class ChildError(ValueError):
    """A refused change to a child record, with a message staff can read."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


def profile_of(child: Child) -> dict[str, str]:
    """Every profile field, "" when not recorded."""
    stored: dict[str, object] = json.loads(child.profile) if child.profile else {}
    return {name: str(stored.get(name) or "") for name in FIELDS}


def save_profile(session: Session, child: Child, values: Mapping[str, str]) -> list[str]:
    """Store the profile fields given (others unchanged); returns the names of those that changed."""
    if child.anonymised_at is not None:
        raise ChildError("This child's record has been anonymised under the retention policy.", 409)
    current = profile_of(child)
    changed = []
    for name, (label, longest) in FIELDS.items():
        if name not in values:
            continue
        value = values[name].replace("\r\n", "\n").strip()
        if len(value) > longest:
            raise ChildError(f"{label.split(' (')[0]} is too long (at most {longest} characters).")
        if value != current[name]:
            current[name] = value
            changed.append(name)
    if changed:
        kept = {k: v for k, v in current.items() if v}
        child.profile = json.dumps(kept) if kept else None
        session.flush()
    return changed


def find_child(session: Session, reference: str) -> Child | None:
    """A child by pseudonymous reference ("C-1A2B3C4D"), case-insensitive."""
    wanted = reference.strip().upper()
    if not wanted:
        return None
    return session.scalar(select(Child).where(Child.reference == wanted))


def episodes_for(
    session: Session, conversation_id: int | None, child: Child | None, limit: int = 20
) -> Sequence[Episode]:
    """Episodes of this conversation or this child, newest first."""
    clauses = []
    if conversation_id is not None:
        clauses.append(Episode.conversation_id == conversation_id)
    if child is not None:
        clauses.append(Episode.child_id == child.id)
    if not clauses:
        return []
    query = select(Episode).where(or_(*clauses)).order_by(Episode.started_at.desc(), Episode.id.desc()).limit(limit)
    return session.scalars(query).all()


def _merge_into(session: Session, keep: Episode, other: Episode) -> None:
    """Fold ``other`` (the young person's own report) into ``keep`` (the child's episode)."""
    for source in other.sources or [other.source]:
        episodes._add_source(keep, source)
    keep.conversation_id = keep.conversation_id or other.conversation_id
    keep.safe_now = keep.safe_now or other.safe_now
    if other.details:
        episodes._merge_details(keep, episodes.details_of(other))
    began, other_began = as_utc(keep.started_at), as_utc(other.started_at)
    if other.start_known and (not keep.start_known or other_began < began):
        keep.started_at, keep.start_known = other.started_at, True
    if keep.ended_at is None and other.ended_at is not None:
        keep.ended_at = other.ended_at
        keep.return_interview_due_at = keep.return_interview_due_at or other.return_interview_due_at
    session.delete(other)


def link_conversation(session: Session, child: Child, conversation: Conversation) -> int:
    """Make ``conversation`` the child's own; reconcile its episodes with the child's.

    The young person's episodes join the child's record; one that overlaps an episode a carer
    reported is merged into it, so one absence is counted once. Returns how many episodes
    of the conversation were joined or merged.
    """
    if child.anonymised_at is not None:
        raise ChildError("This child's record has been anonymised under the retention policy.", 409)
    if conversation.role == "carer" or session.scalar(select(Carer.id).where(Carer.conversation_id == conversation.id)):
        raise ChildError("This conversation belongs to a carer, not to a young person.", 409)
    other = episodes.child_of_conversation(session, conversation.id)
    if other is not None and other.id != child.id:
        raise ChildError(f"This conversation is already linked to child {other.reference}.", 409)
    child.conversation_id = conversation.id
    session.flush()
    own = session.scalars(
        select(Episode)
        .where(Episode.conversation_id == conversation.id, Episode.child_id.is_(None))
        .order_by(Episode.started_at)
    ).all()
    for episode in own:
        start = as_utc(episode.started_at)
        end = as_utc(episode.ended_at) if episode.ended_at else None
        match = episodes.matching_episode(session, child.id, start, end)
        if match is not None and match.id != episode.id:
            _merge_into(session, match, episode)
        else:
            episode.child_id = child.id
            episode.placement_id = episode.placement_id or child.placement_id
        session.flush()
    return len(own)


def parse_local(text: str, tz_name: str, now: datetime) -> datetime:
    """A ``datetime-local`` form value ("2026-11-25T14:30") in local time; "" means now."""
    from zoneinfo import ZoneInfo

    if not text.strip():
        return now
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ChildError("The date and time were not understood (use the date picker).") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz_name))
    if value > now:
        raise ChildError("That time is in the future.")
    return value


def record_interview(session: Session, episode: Episode, what: str, at: datetime) -> None:
    """Record that the return interview was offered or done (after the return, never before)."""
    if what not in ("offered", "done"):
        raise ChildError("Say whether the interview was offered or done.")
    if episode.ended_at is None:
        raise ChildError("The child has not returned yet: the return interview comes after the return.", 409)
    if at < as_utc(episode.ended_at):
        raise ChildError("The interview cannot be before the return.")
    if what == "offered":
        episodes.record_return_interview(session, episode, offered_at=at)
    else:
        episodes.record_return_interview(session, episode, done_at=at)
