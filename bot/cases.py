"""The human queue: opening and raising cases, and listing them most urgent first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.records.models import Case
from bot.risk import Risk

OPEN = ("waiting", "claimed")


def open_case(session: Session, conversation_id: int) -> Case | None:
    return session.scalar(select(Case).where(Case.conversation_id == conversation_id, Case.status.in_(OPEN)))


def open_or_raise(session: Session, conversation_id: int, risk: Risk, reasons: Iterable[str]) -> tuple[Case, bool]:
    """Open a case for the conversation, or raise the priority of the one already open.

    Returns the case and whether it is new. At most one case is open per conversation
    (a partial unique index enforces it, so a concurrent opener falls back to raising).
    """
    reasons = list(reasons)
    case = open_case(session, conversation_id)
    if case is None:
        try:
            with session.begin_nested():
                case = Case(conversation_id=conversation_id, priority=int(risk), reasons=reasons)
                session.add(case)
            return case, True
        except IntegrityError:
            case = open_case(session, conversation_id)
            assert case is not None
    if risk > case.priority:
        case.priority = int(risk)
    case.reasons = list(dict.fromkeys([*case.reasons, *reasons]))
    return case, False


def list_open(session: Session) -> Sequence[Case]:
    """Open cases: most urgent first, then longest waiting."""
    return session.scalars(
        select(Case).where(Case.status.in_(OPEN)).order_by(Case.priority.desc(), Case.opened_at, Case.id)
    ).all()


def summary(case: Case) -> dict[str, object]:
    """The public JSON shape of a case (``cases list --json`` and the staff API)."""
    return {
        "id": case.id,
        "priority": Risk(case.priority).label,
        "status": case.status,
        "channel": case.conversation.channel,
        "opened_at": case.opened_at.isoformat(),
        "claimed_by": case.claimed_by.username if case.claimed_by else None,
        "reasons": list(case.reasons),
    }
