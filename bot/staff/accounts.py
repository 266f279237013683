"""Creating and finding staff accounts."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Staff
from bot.staff import passwords, totp
from bot.staff.roles import Actor, Role

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AccountError(ValueError):
    pass


def find(session: Session, username: str) -> Staff | None:
    return session.scalar(select(Staff).where(Staff.username == username.strip().lower()))


def actor(staff: Staff) -> Actor:
    return Actor(id=staff.id, username=staff.username, role=Role(staff.role))


def create(session: Session, username: str, role: str, password: str) -> tuple[Staff, str]:
    """Create an account; returns it and the TOTP enrolment URI (shown once)."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("usernames are 2-64 characters: lower-case letters, digits, '.', '_' or '-'")
    try:
        role_ = Role(role)
    except ValueError as exc:
        raise AccountError(f"role must be one of {', '.join(r.value for r in Role)}") from exc
    if find(session, username) is not None:
        raise AccountError(f"an account called {username!r} already exists")
    try:
        password_hash = passwords.hash_password(password)
    except passwords.WeakPassword as exc:
        raise AccountError(str(exc)) from exc
    secret = totp.new_secret()
    staff = Staff(username=username, role=role_.value, password_hash=password_hash, totp_secret=secret)
    session.add(staff)
    session.flush()
    return staff, totp.enrolment_uri(secret, username)


def colleagues(session: Session) -> list[Staff]:
    return list(session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.username)))
