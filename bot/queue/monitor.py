"""Watching the queue: which cases staff must hear about, and which targets are missed.

``review`` decides and records; the pipeline's watcher sends its notices to the staff
chat through the outbox. Alerts carry priority, age and a console link: never anything the
young person wrote. (Telling a young person that nobody is on duty happens on the message
path, in ``bot.pipeline.pipeline``, while they are talking to us.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cases import OPEN
from bot.queue.targets import ClaimTargets
from bot.records.models import Case, Message, as_utc
from bot.risk import Risk
from bot.staff import audit, duty


@dataclass(frozen=True)
class Notice:
    """An alert for the staff chat about one case."""

    case_id: int
    text: str


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60} min"


def alert_text(case: Case, now: datetime, console_url: str, headline: str, extra: str = "") -> str:
    """The staff chat alert: priority, age, link. Nothing the young person wrote."""
    age = _minutes(now - as_utc(case.opened_at))
    parts = [f"{headline}: {Risk(case.priority).label.upper()} case #{case.id}, waiting {age}."]
    if extra:
        parts.append(extra)
    parts.append(f"{console_url}/staff/cases/{case.id}")
    return " ".join(parts)


def review(
    session: Session, now: datetime, targets: ClaimTargets, realert_every: timedelta, console_url: str
) -> list[Notice]:
    """One pass over the open cases; updates their monitoring fields and returns what to send."""
    notices: list[Notice] = []
    for case in session.scalars(select(Case).where(Case.status.in_(OPEN)).order_by(Case.id)):
        if case.status != "waiting":
            continue
        if case.priority >= Risk.HIGH and (case.alerted_priority or -1) < case.priority:
            headline = "New case" if case.alerted_at is None else "Case raised"
            case.alerted_at = case.alerted_at or now
            case.last_alert_at, case.alerted_priority = now, case.priority
            notices.append(Notice(case.id, alert_text(case, now, console_url, headline)))
        due = targets.due(as_utc(case.opened_at), case.priority)
        if now <= due:
            continue
        if case.claim_target_met is None:
            case.claim_target_met = False
            case.escalated_at = case.last_alert_at = now
            supervisors = ", ".join(s.username for s in duty.on_call_supervisors(session))
            escalation = (
                f"Escalated to on-call supervisor: {supervisors}."
                if supervisors
                else "No supervisor is on duty: call the on-call manager."
            )
            target = targets.describe(case.priority)
            notices.append(
                Notice(case.id, alert_text(case, now, console_url, f"MISSED {target} claim target", escalation))
            )
            audit.record(session, None, "case.target_missed", case.id, escalated_to=supervisors or None)
        elif case.last_alert_at is None or now - as_utc(case.last_alert_at) >= realert_every:
            case.last_alert_at = now
            notices.append(Notice(case.id, alert_text(case, now, console_url, "STILL WAITING")))
    return notices


def signature(session: Session) -> tuple[object, ...]:
    """A cheap fingerprint of the queue: it changes whenever the console should refresh."""
    cases = session.execute(
        select(Case.id, Case.status, Case.priority, Case.claimed_by_id, Case.claim_target_met).where(
            Case.status.in_(OPEN)
        )
    ).all()
    latest_message = session.scalar(select(func.max(Message.id)))
    closed = session.scalar(select(func.count(Case.id)).where(Case.status == "closed"))
    return (tuple(tuple(row) for row in cases), latest_message, closed)
