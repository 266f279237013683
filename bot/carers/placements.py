"""Placements, the children in them and their carers. Children are named in chat by short code."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Carer, Child, Placement

_WORD = re.compile(r"[a-z0-9]+")


def new_reference() -> str:
    """A pseudonymous child reference for reports and requests: no name, no date of birth."""
    return f"C-{secrets.token_hex(4).upper()}"


def get_or_create_placement(session: Session, name: str, kind: str = "foster") -> Placement:
    placement = session.scalar(select(Placement).where(Placement.name == name))
    if placement is None:
        placement = Placement(name=name, kind=kind)
        session.add(placement)
        session.flush()
    return placement


def find_placement(session: Session, name: str) -> Placement | None:
    return session.scalar(select(Placement).where(Placement.name == name))


def add_child(
    session: Session,
    placement: Placement,
    code: str,
    first_name: str | None = None,
    birth_year: int | None = None,
    profile: dict[str, Any] | None = None,
) -> Child:
    child = Child(
        placement_id=placement.id,
        code=code.upper(),
        reference=new_reference(),
        first_name=first_name,
        birth_year=birth_year,
        profile=json.dumps(profile) if profile else None,
    )
    session.add(child)
    session.flush()
    return child


def children_of(session: Session, placement_id: int) -> Sequence[Child]:
    return session.scalars(select(Child).where(Child.placement_id == placement_id).order_by(Child.code)).all()


def carer_of_conversation(session: Session, conversation_id: int) -> Carer | None:
    """The active carer linked to this conversation; None for everyone else (nothing disclosed)."""
    return session.scalar(select(Carer).where(Carer.conversation_id == conversation_id, Carer.active.is_(True)))


def resolve_child(session: Session, placement_id: int, text: str) -> Child | None:
    """The one child of the placement a carer's words refer to, by short code or first name."""
    words = set(_WORD.findall(text.lower()))
    if not words:
        return None
    matches = [
        child
        for child in children_of(session, placement_id)
        if child.anonymised_at is None
        and (child.code.lower() in words or (child.first_name and child.first_name.lower() in words))
    ]
    return matches[0] if len(matches) == 1 else None


def codes_of(session: Session, placement_id: int) -> list[str]:
    return [child.code for child in children_of(session, placement_id) if child.anonymised_at is None]
