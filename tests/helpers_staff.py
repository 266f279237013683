"""Helpers shared by the staff tests: accounts with known TOTP secrets, and conversations."""

from __future__ import annotations

import uuid

import pyotp

from bot import conversations
from bot.records.db import Database
from bot.staff import accounts
from bot.staff.roles import Actor
from tests.conftest import PSEUDONYM_KEY

PASSWORD = "correct horse battery staple"


def make_staff(db: Database, role: str = "staff", name: str | None = None) -> tuple[Actor, str]:
    """A new account; returns who it is and its TOTP secret."""
    username = name or f"{role}-{uuid.uuid4().hex[:8]}"
    with db.session() as session:
        staff, uri = accounts.create(session, username, role, PASSWORD)
        who = accounts.actor(staff)
    return who, pyotp.parse_uri(uri).secret


def new_conversation(db: Database, channel: str = "web") -> int:
    with db.session() as session:
        return conversations.get_or_create(session, PSEUDONYM_KEY, channel, str(uuid.uuid4())).id
