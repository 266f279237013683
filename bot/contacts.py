"""Recording contacts: one per inbound message, the unit every report counts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Contact
from bot.risk import Risk
from bot.triage import Decision


def record(
    session: Session,
    conversation_id: int,
    channel: str,
    message_id: int | None,
    decision: Decision,
    decided_by: str,
) -> Contact:
    """Record (or raise) the contact for a message. Safe to call twice for the same message."""
    contact = session.scalar(select(Contact).where(Contact.message_id == message_id)) if message_id else None
    if contact is None:
        contact = Contact(
            conversation_id=conversation_id,
            message_id=message_id,
            channel=channel,
            intent=decision.intent,
            confidence=decision.confidence,
            risk=decision.risk.label,
            reasons=list(decision.reasons),
            decided_by=decided_by,
        )
        session.add(contact)
    elif decision.risk > Risk.parse(contact.risk):
        contact.risk = decision.risk.label
        contact.reasons = list(dict.fromkeys([*contact.reasons, *decision.reasons]))
    session.flush()
    return contact


def exists_for_message(session: Session, message_id: int) -> bool:
    return session.scalar(select(Contact.id).where(Contact.message_id == message_id)) is not None
