"""What staff see about a case: the transcript, notes, and the person's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Case, CaseNote, Contact, Message

TRANSCRIPT_LIMIT = 500


@dataclass(frozen=True)
class History:
    transcript: Sequence[Message]
    notes: Sequence[CaseNote]
    contacts: Sequence[Contact]
    previous_cases: Sequence[Case]


def transcript(session: Session, case: Case, after: int = 0) -> Sequence[Message]:
    """The conversation's messages, both ways, oldest first (the latest ``TRANSCRIPT_LIMIT``)."""
    rows = session.scalars(
        select(Message)
        .where(Message.conversation_id == case.conversation_id, Message.id > after)
        .order_by(Message.id.desc())
        .limit(TRANSCRIPT_LIMIT)
    ).all()
    return list(reversed(rows))


def of(session: Session, case: Case) -> History:
    return History(
        transcript=transcript(session, case),
        notes=session.scalars(select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id)).all(),
        contacts=session.scalars(
            select(Contact).where(Contact.conversation_id == case.conversation_id).order_by(Contact.at.desc()).limit(50)
        ).all(),
        previous_cases=session.scalars(
            select(Case)
            .where(Case.conversation_id == case.conversation_id, Case.id != case.id)
            .order_by(Case.opened_at.desc())
        ).all(),
    )
