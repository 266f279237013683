"""Working a case: claim, release, transfer, notes and close, each checked and audited.

Claiming is one conditional UPDATE (``... WHERE status = 'waiting'``): when two people
claim at once the database lets exactly one row change, so exactly one of them wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.cases import OPEN
from bot.queue.targets import ClaimTargets
from bot.records.models import Case, CaseNote, Staff, as_utc
from bot.staff import audit
from bot.staff.roles import Actor, Role, can_view_case, can_work_case

#: The outcomes a case can close with (plus free text).
OUTCOMES: dict[str, str] = {
    "police_informed": "Police informed",
    "return_interview_booked": "Return interview booked",
    "signposted": "Signposted",
    "safe_and_well": "Safe and well",
    "no_further_action": "No further action",
}
MAX_NOTE = 10_000
MAX_REPLY = 4_000  # Telegram's limit is 4096 characters


class QueueError(Exception):
    status = 400


class NotFound(QueueError):
    status = 404


class Forbidden(QueueError):
    status = 403


class Conflict(QueueError):
    status = 409


class Invalid(QueueError):
    status = 422


def _get(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id, populate_existing=True)
    if case is None:
        raise NotFound(f"case {case_id} does not exist")
    return case


def visible(session: Session, case_id: int, actor: Actor) -> Case:
    """The case if this person may see it (a hidden case looks the same as a missing one)."""
    case = _get(session, case_id)
    if not can_view_case(actor, case):
        raise NotFound(f"case {case_id} does not exist")
    return case


def workable(session: Session, case_id: int, actor: Actor) -> Case:
    case = visible(session, case_id, actor)
    if case.status == "closed":
        raise Conflict(f"case {case_id} is closed")
    if not can_work_case(actor, case):
        raise Forbidden("claim the case first")
    return case


def view(session: Session, case_id: int, actor: Actor) -> Case:
    case = visible(session, case_id, actor)
    audit.record(session, actor.id, "case.view", case.id)
    return case


def claim(session: Session, case_id: int, actor: Actor, targets: ClaimTargets, now: datetime) -> Case:
    """Take a waiting case. Exactly one of several simultaneous claimers wins."""
    # Anyone may see a waiting case, so the conditional update comes first; only a loser
    # needs to know why (already claimed, or no case it may see).
    won = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.status == "waiting")
        .values(status="claimed", claimed_by_id=actor.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:  # type: ignore[attr-defined]
        lost = _get(session, case_id)
        if lost.status != "claimed":
            visible(session, case_id, actor)
        raise Conflict(f"case {case_id} is already {lost.status}")
    case = _get(session, case_id)
    _first_claim(case, targets, now)
    audit.record(session, actor.id, "case.claim", case.id)
    return case


def _first_claim(case: Case, targets: ClaimTargets, now: datetime) -> None:
    if case.first_claimed_at is None:
        case.first_claimed_at = now
    if case.claim_target_met is None:
        case.claim_target_met = now <= targets.due(as_utc(case.opened_at), case.priority)


def release(session: Session, case_id: int, actor: Actor, now: datetime) -> Case:
    """Put a claimed case back in the queue."""
    case = workable(session, case_id, actor)
    done = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.status == "claimed", Case.claimed_by_id == case.claimed_by_id)
        .values(status="waiting", claimed_by_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"case {case_id} changed hands; reload it")
    audit.record(session, actor.id, "case.release", case_id)
    return _get(session, case_id)


def transfer(
    session: Session, case_id: int, actor: Actor, to_username: str, targets: ClaimTargets, now: datetime
) -> Case:
    """Hand a case to a named colleague: the holder may, and supervisors may reassign any case."""
    case = visible(session, case_id, actor)
    if case.status == "closed":
        raise Conflict(f"case {case_id} is closed")
    if not can_work_case(actor, case):
        raise Forbidden("only the person holding a case, or a supervisor, can transfer it")
    target = session.scalar(select(Staff).where(Staff.username == to_username.strip().lower()))
    if target is None or not target.active:
        raise Invalid(f"no active colleague called {to_username!r}")
    done = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.status == case.status, Case.claimed_by_id == case.claimed_by_id)
        .values(status="claimed", claimed_by_id=target.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"case {case_id} changed hands; reload it")
    case = _get(session, case_id)
    _first_claim(case, targets, now)
    audit.record(session, actor.id, "case.transfer", case_id, to=target.username)
    return case


def add_note(session: Session, case_id: int, actor: Actor, text: str, now: datetime) -> CaseNote:
    case = workable(session, case_id, actor)
    text = text.strip()
    if not text:
        raise Invalid("a note cannot be empty")
    if len(text) > MAX_NOTE:
        raise Invalid(f"notes are at most {MAX_NOTE} characters")
    note = CaseNote(case_id=case.id, staff_id=actor.id, text=text, created_at=now)
    session.add(note)
    session.flush()
    audit.record(session, actor.id, "case.note", case.id, note_id=note.id)
    return note


def check_reply(session: Session, case_id: int, actor: Actor, text: str) -> tuple[Case, str]:
    """Validate a staff reply before the relay stores it."""
    case = workable(session, case_id, actor)
    text = text.strip()
    if not text:
        raise Invalid("a reply cannot be empty")
    if len(text) > MAX_REPLY:
        raise Invalid(f"replies are at most {MAX_REPLY} characters")
    return case, text


def replied(session: Session, case: Case, actor: Actor, message_id: int, now: datetime) -> None:
    if case.first_reply_at is None:
        case.first_reply_at = now
    audit.record(session, actor.id, "case.reply", case.id, message_id=message_id)


def close(session: Session, case_id: int, actor: Actor, outcome: str, note: str, now: datetime) -> Case:
    """Close with an outcome from the fixed list, plus optional free text."""
    case = workable(session, case_id, actor)
    if outcome not in OUTCOMES:
        raise Invalid(f"outcome must be one of: {', '.join(OUTCOMES)}")
    if len(note) > MAX_NOTE:
        raise Invalid(f"the closing note is at most {MAX_NOTE} characters")
    done = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.status.in_(OPEN))
        .values(status="closed", closed_at=now, outcome=outcome)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"case {case_id} is already closed")
    case = _get(session, case_id)
    case.outcome_note = note.strip() or None
    audit.record(session, actor.id, "case.close", case.id, outcome=outcome)
    return case


def unmask(session: Session, case_id: int, actor: Actor) -> dict[str, str]:
    """Identifying details behind the pseudonym: supervisors only, always audited."""
    case = visible(session, case_id, actor)
    if not actor.at_least(Role.SUPERVISOR):
        raise Forbidden("only a supervisor can unmask identifying details")
    audit.record(session, actor.id, "case.unmask", case.id)
    conversation = case.conversation
    details = {"channel": conversation.channel}
    if conversation.channel == "telegram" and conversation.reply_address:
        details["Telegram chat id"] = conversation.reply_address
    return details


def cases_for(session: Session, actor: Actor, status: str = "open") -> Sequence[Case]:
    """The queue as this person may see it: most urgent first, then longest waiting."""
    statuses = OPEN if status == "open" else (status,)
    rows = session.scalars(
        select(Case).where(Case.status.in_(statuses)).order_by(Case.priority.desc(), Case.opened_at, Case.id)
    ).all()
    return [case for case in rows if can_view_case(actor, case)]
