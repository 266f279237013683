"""Personal API tokens for the staff JSON API: shown once, stored as SHA-256, revocable.

The tokens are 256-bit random values, so a fast hash is enough (no password stretching).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.records.models import ApiToken, Staff, as_utc

PREFIX = "wmk_"
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, staff: Staff) -> str:
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(staff_id=staff.id, token_hash=_digest(token)))
    session.flush()
    return token


def revoke_all(session: Session, staff: Staff, now: datetime) -> int:
    result = session.execute(
        update(ApiToken).where(ApiToken.staff_id == staff.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def authenticate(session: Session, token: str, now: datetime) -> Staff | None:
    """The active account behind a live token, or None."""
    if not token.startswith(PREFIX) or len(token) > 128:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
    if row is None or row.revoked_at is not None or not row.staff.active:
        return None
    # Recorded to the minute: a write on every API call would only contend for the database.
    if row.last_used_at is None or now - as_utc(row.last_used_at) > TOUCH_EVERY:
        row.last_used_at = now
    return row.staff
