"""Roles and what each may do. Higher roles include everything below them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.records.models import Case


class Role(StrEnum):
    STAFF = "staff"  # the queue and their own cases
    SUPERVISOR = "supervisor"  # every case, canned replies, reassigning, unmasking
    ADMIN = "admin"  # accounts, settings, the audit log

    @property
    def rank(self) -> int:
        return list(Role).index(self)


@dataclass(frozen=True)
class Actor:
    """Who is acting: copied out of the session so it outlives the transaction."""

    id: int
    username: str
    role: Role

    def at_least(self, role: Role | str) -> bool:
        return self.role.rank >= Role(role).rank


def can_view_case(actor: Actor, case: Case) -> bool:
    """Staff see the waiting queue and the cases they hold; supervisors see every case."""
    if actor.at_least(Role.SUPERVISOR):
        return True
    return case.status == "waiting" or case.claimed_by_id == actor.id


def can_work_case(actor: Actor, case: Case) -> bool:
    """Reply, note, release, transfer, close: the holder, or a supervisor."""
    return actor.at_least(Role.SUPERVISOR) or (case.status == "claimed" and case.claimed_by_id == actor.id)
