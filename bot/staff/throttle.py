"""Login rate limits, per account and per address, counted from the database.

Stored in the database (not memory) so they hold across restarts and app processes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.records.models import LoginAttempt, as_utc

WINDOW = timedelta(minutes=15)
#: Failed tries per account in the window (since its last success) before it is locked.
ACCOUNT_LIMIT = 5
#: Failed tries from one address in the window, whatever the usernames.
ADDRESS_LIMIT = 20


def _failures(session: Session, since: datetime, *where: object) -> int:
    return int(
        session.scalar(
            select(func.count(LoginAttempt.id)).where(
                LoginAttempt.at > since,
                LoginAttempt.succeeded.is_(False),
                *where,  # type: ignore[arg-type]
            )
        )
        or 0
    )


def blocked(session: Session, username: str, ip: str, now: datetime) -> bool:
    """True while this account or this address has failed too often recently."""
    since = now - WINDOW
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.succeeded.is_(True))
    )
    account_since = max(since, as_utc(last_success)) if last_success else since
    return (
        _failures(session, account_since, LoginAttempt.username == username) >= ACCOUNT_LIMIT
        or _failures(session, since, LoginAttempt.ip == ip) >= ADDRESS_LIMIT
    )


def record(session: Session, username: str, ip: str, succeeded: bool, now: datetime) -> None:
    session.add(LoginAttempt(username=username[:64], ip=ip[:64], succeeded=succeeded, at=now))
