"""The append-only audit log: every view and change of a case, who, what and when.

Details hold ids and labels only, never message text, notes or secrets. Rows are never
updated or deleted (the ORM refuses here; database triggers refuse too).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, UOWTransaction

from bot.records.models import AuditEvent


class AppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_rewrites(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    if any(isinstance(obj, AuditEvent) for obj in (*session.dirty, *session.deleted)):
        raise AppendOnly("the audit log is append-only")


def record(session: Session, staff_id: int | None, action: str, case_id: int | None = None, **detail: Any) -> None:
    session.add(AuditEvent(staff_id=staff_id, action=action, case_id=case_id, detail=detail))


def recent(session: Session, limit: int = 200, case_id: int | None = None) -> Sequence[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if case_id is not None:
        query = query.where(AuditEvent.case_id == case_id)
    return session.scalars(query).all()
