"""Canned replies: staff pick them, supervisors edit them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.queue.work import Forbidden, Invalid, NotFound
from bot.records.models import CannedReply
from bot.staff import audit
from bot.staff.roles import Actor, Role

DEFAULTS = [
    ("Introduce yourself", "Hi, I'm from the Waymark team. Thank you for messaging. Are you safe right now?"),
    ("Where are you?", "Can you tell me roughly where you are, so we can help you get somewhere safe?"),
    ("Danger now", "If you are in danger right now, please call 999. I'm staying here with you."),
]


def active(session: Session) -> Sequence[CannedReply]:
    rows = session.scalars(select(CannedReply).where(CannedReply.active.is_(True)).order_by(CannedReply.title)).all()
    if rows or session.scalar(select(CannedReply.id).limit(1)) is not None:
        return rows
    # First use: a few starting points supervisors can edit.
    for title, text in DEFAULTS:
        session.add(CannedReply(title=title, text=text))
    session.flush()
    return active(session)


def save(
    session: Session, actor: Actor, title: str, text: str, now: datetime, reply_id: int | None = None
) -> CannedReply:
    if not actor.at_least(Role.SUPERVISOR):
        raise Forbidden("only supervisors edit canned replies")
    title, text = title.strip(), text.strip()
    if not title or not text or len(title) > 80 or len(text) > 4000:
        raise Invalid("a canned reply needs a title (up to 80 characters) and a text (up to 4000)")
    if reply_id is None:
        reply = CannedReply(title=title, text=text, updated_at=now)
        session.add(reply)
    else:
        found = session.get(CannedReply, reply_id)
        if found is None:
            raise NotFound("no such canned reply")
        reply = found
        reply.title, reply.text, reply.updated_at = title, text, now
    session.flush()
    audit.record(session, actor.id, "canned.save", None, canned_id=reply.id)
    return reply


def retire(session: Session, actor: Actor, reply_id: int, now: datetime) -> None:
    if not actor.at_least(Role.SUPERVISOR):
        raise Forbidden("only supervisors edit canned replies")
    reply = session.get(CannedReply, reply_id)
    if reply is None:
        raise NotFound("no such canned reply")
    reply.active, reply.updated_at = False, now
    audit.record(session, actor.id, "canned.retire", None, canned_id=reply.id)
