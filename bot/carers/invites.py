"""One-time enrolment codes: issued to a placement, sent by a carer to the bot, used once.

Only the SHA-256 of a code is stored. A code that is unknown, used or expired gets the same
answer, so trying codes teaches nothing; someone who only *says* they are a carer gets no
information about any child.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Carer, CarerInvite, Conversation, Placement, as_utc

logger = logging.getLogger(__name__)

#: No 0/O, 1/I/L: codes are read out over the phone and typed at 2 a.m.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PATTERN = re.compile(r"\bWM-?([A-HJ-NP-Z2-9]{4})-?([A-HJ-NP-Z2-9]{4})\b", re.IGNORECASE)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def normalise_code(text: str) -> str | None:
    """The code in a message ("/start WM-ABCD-2345", "wm abcd2345"...), canonical; None if none."""
    match = CODE_PATTERN.search(text.replace(" ", "-").replace("_", "-"))
    if match is None:
        return None
    return f"WM-{match.group(1).upper()}-{match.group(2).upper()}"


def issue(session: Session, placement: Placement, hours: float = 72.0, now: datetime | None = None) -> str:
    """A new code for the placement; shown once, stored hashed."""
    now = now or datetime.now(UTC)
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    code = f"WM-{body[:4]}-{body[4:]}"
    session.add(
        CarerInvite(
            code_hash=_hash(code), placement_id=placement.id, created_at=now, expires_at=now + timedelta(hours=hours)
        )
    )
    session.flush()
    return code


@dataclass(frozen=True)
class Enrolment:
    ok: bool
    carer: Carer | None = None
    already: bool = False


def enrol(session: Session, conversation: Conversation, text: str, now: datetime | None = None) -> Enrolment:
    """Link this conversation to a new carer record if ``text`` holds a valid, unused code."""
    now = now or datetime.now(UTC)
    existing = session.scalar(select(Carer).where(Carer.conversation_id == conversation.id, Carer.active.is_(True)))
    code = normalise_code(text)
    if code is None:
        return Enrolment(ok=False, carer=existing, already=existing is not None)
    # Row lock on PostgreSQL: two people racing with one code, only one wins.
    invite = session.scalar(select(CarerInvite).where(CarerInvite.code_hash == _hash(code)).with_for_update())
    if invite is None or invite.used_at is not None or as_utc(invite.expires_at) <= now:
        logger.info("carer enrolment refused (unknown, used or expired code)")
        return Enrolment(ok=False, carer=existing, already=existing is not None)
    if existing is not None:
        existing.active = False  # a carer moving placement: the new code replaces the old link
    carer = Carer(placement_id=invite.placement_id, conversation_id=None)
    session.add(carer)
    session.flush()
    if existing is not None:
        existing.conversation_id = None
        session.flush()
    carer.conversation_id = conversation.id
    invite.used_at = now
    invite.carer_id = carer.id
    conversation.role = "carer"
    session.flush()
    logger.info("carer %s enrolled for placement %s", carer.id, invite.placement_id)
    return Enrolment(ok=True, carer=carer)
