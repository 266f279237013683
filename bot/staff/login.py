"""Checking a login: rate limit, argon2id password, then a TOTP code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.records.models import Staff
from bot.staff import accounts, audit, passwords, throttle, totp

#: One message for every failure, so the form does not reveal which part was wrong.
FAILED = "That username, password and code did not match. Check them and try again."
LOCKED = "Too many failed attempts. Wait 15 minutes, or ask an admin to help."


class LoginFailed(Exception):
    pass


def authenticate(session: Session, username: str, password: str, code: str, ip: str, now: datetime) -> Staff:
    """The staff member, or LoginFailed. Every attempt is recorded, success or not."""
    username = username.strip().lower()[:64]
    if throttle.blocked(session, username, ip, now):
        throttle.record(session, username, ip, False, now)
        raise LoginFailed(LOCKED)
    staff = accounts.find(session, username)
    password_ok = passwords.verify_password(staff.password_hash if staff else None, password)
    step = None
    if staff is not None and staff.active and password_ok:
        step = totp.accepted_step(staff.totp_secret, code, staff.totp_last_step, now)
    if staff is None or step is None:
        throttle.record(session, username, ip, False, now)
        if staff is not None:
            audit.record(session, staff.id, "login.failed")
        raise LoginFailed(FAILED)
    staff.totp_last_step = step
    if passwords.needs_rehash(staff.password_hash):
        staff.password_hash = passwords.hash_password(password)
    throttle.record(session, username, ip, True, now)
    audit.record(session, staff.id, "login")
    return staff
