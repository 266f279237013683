"""Server-side console sessions: the cookie holds a random token, the database its SHA-256.

A session ends after ``idle_s`` without a request and ``max_s`` after it started, whatever
happens. Each carries its own CSRF token (synchronizer pattern), checked on every POST.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.records.models import StaffSession, as_utc

COOKIE = "waymark_staff"
TOUCH_EVERY = timedelta(seconds=15)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, staff_id: int | None, now: datetime) -> tuple[str, StaffSession]:
    """Begin a session (anonymous before login); returns the cookie token and the row."""
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        id=_digest(token), staff_id=staff_id, csrf_token=secrets.token_urlsafe(32), created_at=now, last_seen_at=now
    )
    session.add(row)
    session.flush()
    return token, row


def load(
    session: Session, token: str | None, now: datetime, idle_s: float, max_s: float, touch: bool = True
) -> StaffSession | None:
    """The live session for this cookie, or None (an expired one is ended on the way)."""
    if not token or len(token) > 128:
        return None
    row = session.get(StaffSession, _digest(token))
    if row is None or row.ended_at is not None:
        return None
    if now - as_utc(row.last_seen_at) > timedelta(seconds=idle_s) or now - as_utc(row.created_at) > timedelta(
        seconds=max_s
    ):
        row.ended_at = now
        return None
    # Touched at most every few seconds: the idle limit needs no finer grain, and each
    # touch is a database write.
    if touch and now - as_utc(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
    return row


def end(session: Session, token: str | None, now: datetime) -> StaffSession | None:
    row = session.get(StaffSession, _digest(token)) if token else None
    if row is not None and row.ended_at is None:
        row.ended_at = now
    return row


def end_all_for(session: Session, staff_id: int, now: datetime) -> None:
    session.execute(
        update(StaffSession)
        .where(StaffSession.staff_id == staff_id, StaffSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def csrf_ok_token(expected: str, submitted: str | None) -> bool:
    """The synchronizer check: the form must carry this session's token."""
    return bool(submitted) and hmac.compare_digest(expected.encode(), str(submitted).encode())


def live_staff_ids(session: Session, now: datetime, idle_s: float, max_s: float) -> set[int]:
    """Staff with at least one unexpired session."""
    rows = session.execute(
        select(StaffSession.staff_id).where(
            StaffSession.staff_id.is_not(None),
            StaffSession.ended_at.is_(None),
            StaffSession.last_seen_at > now - timedelta(seconds=idle_s),
            StaffSession.created_at > now - timedelta(seconds=max_s),
        )
    )
    return {sid for (sid,) in rows if sid is not None}
