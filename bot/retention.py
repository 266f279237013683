"""Records lifecycle: retention, purge/anonymise, and subject access and erasure requests.

Policy (defaults in the README, settings ``WAYMARK_RETAIN_*``): message texts are wiped after
90 days when no case was ever opened, after two years when one was; episode free text and
police references after six years; identities (chat ids, pseudonyms, children's names and
profiles) after six years without activity. Rows are kept, emptied, so every count a report
needs still adds up. Erasure is refused, with the reason recorded, while a safeguarding record
(a case or an episode) must be kept.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from anyio import to_thread
from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from bot.records.db import Database
from bot.records.models import (
    Carer,
    Case,
    CaseNote,
    Child,
    Contact,
    Conversation,
    Episode,
    Message,
    RecordsRequest,
    as_utc,
)
from bot.settings import Settings

logger = logging.getLogger(__name__)
REMOVED = "[removed under the retention policy]"


def _count(result: Any) -> int:
    """Rows an UPDATE touched."""
    return int(getattr(result, "rowcount", 0) or 0)


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value else None


def purge(session: Session, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Wipe or anonymise everything past its retention time; returns how many of each."""
    now = now or datetime.now(UTC)
    with_case = select(Case.conversation_id)
    counts: dict[str, int] = {}
    counts["message_texts"] = _count(
        session.execute(
            update(Message)
            .where(
                Message.text.is_not(None),
                Message.created_at < now - timedelta(days=settings.retain_message_text_days),
                Message.conversation_id.not_in(with_case),
            )
            .values(text=None)
        )
    )
    case_cutoff = now - timedelta(days=settings.retain_case_text_days)
    counts["case_message_texts"] = _count(
        session.execute(
            update(Message)
            .where(Message.text.is_not(None), Message.created_at < case_cutoff, Message.conversation_id.in_(with_case))
            .values(text=None)
        )
    )
    notes = session.scalars(select(CaseNote).where(CaseNote.created_at < case_cutoff)).all()
    counts["case_notes"] = 0
    for note in notes:
        if note.text != REMOVED:
            note.text = REMOVED
            counts["case_notes"] += 1
    closed = session.scalars(
        select(Case).where(Case.closed_at.is_not(None), Case.closed_at < case_cutoff, Case.outcome_note.is_not(None))
    ).all()
    for case in closed:
        case.outcome_note = None
    counts["case_outcome_notes"] = len(closed)
    detail_cutoff = now - timedelta(days=settings.retain_episode_detail_days)
    old_episodes = session.scalars(
        select(Episode).where(
            Episode.anonymised_at.is_(None), Episode.ended_at.is_not(None), Episode.ended_at < detail_cutoff
        )
    ).all()
    for episode in old_episodes:
        episode.details = episode.police_reference = episode.return_details = None
        episode.anonymised_at = now
    counts["episode_details"] = len(old_episodes)
    counts["identities"] = _anonymise_identities(session, now - timedelta(days=settings.retain_identity_days), now)
    session.add(RecordsRequest(kind="purge", subject="*", outcome="done", at=now, detail=counts))
    logger.info("retention purge: %s", counts)
    return counts


def purge_if_due(db: Database, settings: Settings, now: datetime | None = None) -> dict[str, int] | None:
    """Run the purge unless one ran in the last ``purge_every_hours`` (any worker, any restart)."""
    now = now or datetime.now(UTC)
    every = timedelta(hours=settings.purge_every_hours)
    with db.session() as session:
        last = session.scalar(select(func.max(RecordsRequest.at)).where(RecordsRequest.kind == "purge"))
        if last is not None and now - as_utc(last) < every:
            return None
        return purge(session, settings, now)


async def purge_forever(db: Database, settings: Settings, check_every_s: float = 3600.0) -> None:
    """The scheduled retention job: checks hourly (or more often) and purges once per period.

    Started by the app next to the queue monitor; ``WAYMARK_PURGE_EVERY_HOURS=0`` turns it off.
    """
    if settings.purge_every_hours <= 0:
        logger.info("scheduled retention purge is off (WAYMARK_PURGE_EVERY_HOURS=0)")
        return
    pause = min(check_every_s, settings.purge_every_hours * 3600)
    while True:
        try:
            await to_thread.run_sync(purge_if_due, db, settings)
        except Exception:  # the next check tries again; a failed purge must not stop the app
            logger.exception("scheduled retention purge failed")
        await asyncio.sleep(pause)


def _anonymise_identities(session: Session, cutoff: datetime, now: datetime) -> int:
    last_message = (
        select(Message.conversation_id, func.max(Message.created_at).label("last"))
        .group_by(Message.conversation_id)
        .subquery()
    )
    stale = session.scalars(
        select(Conversation)
        .outerjoin(last_message, last_message.c.conversation_id == Conversation.id)
        .where(
            ~Conversation.pseudonym.startswith("purged-"),
            func.coalesce(last_message.c.last, Conversation.created_at) < cutoff,
        )
    ).all()
    for conversation in stale:
        # A new random pseudonym: the old channel user id can no longer be matched to these rows.
        conversation.pseudonym = f"purged-{secrets.token_hex(12)}"
        conversation.reply_address = None
        session.execute(update(Carer).where(Carer.conversation_id == conversation.id).values(active=False))
    last_episode = select(func.max(Episode.started_at)).where(Episode.child_id == Child.id).scalar_subquery()
    children = session.scalars(
        select(Child).where(Child.anonymised_at.is_(None), func.coalesce(last_episode, Child.created_at) < cutoff)
    ).all()
    for child in children:
        child.first_name = None
        child.profile = None
        child.anonymised_at = now
    return len(stale) + len(children)


def _subject(session: Session, subject: str) -> tuple[list[Conversation], Child | None]:
    child = session.scalar(select(Child).where(Child.reference == subject))
    conversations = list(session.scalars(select(Conversation).where(Conversation.pseudonym == subject)))
    if child is not None and child.conversation_id is not None:
        linked = session.get(Conversation, child.conversation_id)
        if linked is not None and linked not in conversations:
            conversations.append(linked)
    if child is None and conversations:
        child = session.scalar(select(Child).where(Child.conversation_id.in_([c.id for c in conversations])))
    return conversations, child


def _episodes_of(session: Session, conversations: list[Conversation], child: Child | None) -> list[Episode]:
    ids = [c.id for c in conversations]
    clauses: list[ColumnElement[bool]] = [Episode.conversation_id.in_(ids)] if ids else []
    if child is not None:
        clauses.append(Episode.child_id == child.id)
    if not clauses:
        return []

    return list(session.scalars(select(Episode).where(or_(*clauses)).order_by(Episode.started_at)))


def export_person(session: Session, subject: str, now: datetime | None = None) -> dict[str, Any] | None:
    """Everything held about a pseudonym or child reference (a subject access request)."""
    now = now or datetime.now(UTC)
    conversations, child = _subject(session, subject)
    if not conversations and child is None:
        session.add(RecordsRequest(kind="export", subject=subject, outcome="not_found", at=now))
        return None
    ids = [c.id for c in conversations]
    messages = session.scalars(select(Message).where(Message.conversation_id.in_(ids)).order_by(Message.id)).all()
    contacts = session.scalars(select(Contact).where(Contact.conversation_id.in_(ids)).order_by(Contact.id)).all()
    cases = session.scalars(select(Case).where(Case.conversation_id.in_(ids)).order_by(Case.id)).all()
    episodes = _episodes_of(session, conversations, child)
    export = {
        "subject": subject,
        "exported_at": now.isoformat(),
        "conversations": [
            {"id": c.id, "channel": c.channel, "role": c.role, "created_at": _iso(c.created_at)} for c in conversations
        ],
        "messages": [
            {"id": m.id, "direction": m.direction, "from": m.author, "at": _iso(m.created_at), "text": m.text}
            for m in messages
        ],
        "contacts": [
            {"at": _iso(c.at), "channel": c.channel, "intent": c.intent, "risk": c.risk, "reasons": c.reasons}
            for c in contacts
        ],
        "cases": [
            {
                "id": c.id,
                "priority": c.priority,
                "status": c.status,
                "opened_at": _iso(c.opened_at),
                "closed_at": _iso(c.closed_at),
                "outcome": c.outcome,
                "reasons": c.reasons,
            }
            for c in cases
        ],
        "child": None
        if child is None
        else {
            "reference": child.reference,
            "code": child.code,
            "first_name": child.first_name,
            "profile": child.profile,
        },
        "episodes": [
            {
                "id": e.id,
                "category": e.category,
                "started_at": _iso(e.started_at),
                "ended_at": _iso(e.ended_at),
                "details": e.details,
                "police_informed": e.police_informed,
                "police_reference": e.police_reference,
                "return_details": e.return_details,
                "return_interview_due_at": _iso(e.return_interview_due_at),
                "return_interview_done_at": _iso(e.return_interview_done_at),
            }
            for e in episodes
        ],
    }
    session.add(
        RecordsRequest(kind="export", subject=subject, outcome="done", at=now, detail={"messages": len(messages)})
    )
    return export


def erase_person(session: Session, subject: str, now: datetime | None = None) -> tuple[str, str]:
    """Erase a person's records unless a safeguarding record must be kept. Returns (outcome, reason)."""
    now = now or datetime.now(UTC)
    conversations, child = _subject(session, subject)
    if not conversations and child is None:
        session.add(RecordsRequest(kind="erase", subject=subject, outcome="not_found", at=now))
        return "not_found", "no records are held under that pseudonym or reference"
    ids = [c.id for c in conversations]
    case_count = session.scalar(select(func.count(Case.id)).where(Case.conversation_id.in_(ids))) or 0
    episode_count = len(_episodes_of(session, conversations, child))
    if case_count or episode_count:
        reason = (
            f"refused: a safeguarding record must be kept ({case_count} case(s), {episode_count} episode(s)). "
            "UK GDPR Art. 17(3)(b) and (e), DPA 2018 Sch. 1 para 18: the records are kept under the retention "
            "policy and then purged; a person can ask again, and a supervisor can review the decision."
        )
        session.add(
            RecordsRequest(
                kind="erase",
                subject=subject,
                outcome="refused",
                reason=reason,
                at=now,
                detail={"cases": case_count, "episodes": episode_count},
            )
        )
        return "refused", reason
    wiped = _count(session.execute(update(Message).where(Message.conversation_id.in_(ids)).values(text=None)))
    for conversation in conversations:
        conversation.pseudonym = f"purged-{secrets.token_hex(12)}"
        conversation.reply_address = None
    if child is not None:
        child.first_name = None
        child.profile = None
        child.anonymised_at = now
    reason = f"erased: {wiped} message text(s) removed, identity anonymised; counts kept without identity"
    session.add(RecordsRequest(kind="erase", subject=subject, outcome="done", reason=reason, at=now))
    return "done", reason
