"""Who is on duty: marked on duty in the console, active, and with a live session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.models import Staff
from bot.staff import sessions
from bot.staff.roles import Role

#: Told to a young person, once, when their case is waiting and nobody is on duty to answer.
NOBODY_ON_DUTY = (
    "I want to be honest with you: nobody from our team is on duty right now, so a person "
    "may not reply for a while. Your message is saved and someone will read it. "
    "If you are in danger, call 999. Childline: call 0800 1111 (free, any time). "
    "Runaway Helpline: call or text 116 000 (free)."
)
#: The holding note after that: still honest, shorter.
STILL_NOBODY = "Your message is saved with the others. Nobody is on duty yet. If you are in danger, call 999."


def anyone_on_duty(session: Session) -> bool:
    """Cheap check for the message path; the monitor keeps the flag honest."""
    return session.scalar(select(Staff.id).where(Staff.on_duty.is_(True), Staff.active.is_(True)).limit(1)) is not None


def on_call_supervisors(session: Session) -> list[Staff]:
    return list(
        session.scalars(
            select(Staff)
            .where(
                Staff.on_duty.is_(True),
                Staff.active.is_(True),
                Staff.role.in_([Role.SUPERVISOR.value, Role.ADMIN.value]),
            )
            .order_by(Staff.username)
        )
    )


def stand_down_the_logged_out(session: Session, now: datetime, idle_s: float, max_s: float) -> int:
    """Take staff off duty when none of their sessions is alive: nobody is watching."""
    live = sessions.live_staff_ids(session, now, idle_s, max_s)
    stood_down = 0
    for staff in session.scalars(select(Staff).where(Staff.on_duty.is_(True))):
        if staff.id not in live or not staff.active:
            staff.on_duty = False
            stood_down += 1
    return stood_down
