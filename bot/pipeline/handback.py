"""What staff actions set in motion outside the records: delivering staff replies through
the outbox, and pausing and resuming Rasa so the bot stands aside while a person talks.

The console and the staff API call this; they never talk to Rasa themselves.
"""

from __future__ import annotations

import logging
from datetime import datetime

from anyio import to_thread

from bot.pipeline.outbox import Outbox, enqueue, enqueue_unprompted
from bot.pipeline.rasa_client import RasaClient, RasaUnavailable
from bot.queue import work
from bot.queue.targets import ClaimTargets
from bot.records.db import Database
from bot.records.models import Case
from bot.staff.roles import Actor

logger = logging.getLogger(__name__)

HANDED_BACK = (
    "Thanks for talking with us. You're back with the Waymark assistant now, and you can ask "
    "for a person again any time. If you are in danger, call 999."
)


class StaffRelay:
    def __init__(self, db: Database, outbox: Outbox, rasa: RasaClient, targets: ClaimTargets) -> None:
        self.db = db
        self.outbox = outbox
        self.rasa = rasa
        self.targets = targets

    async def _rasa_event(self, sender: str, event: str) -> bool:
        try:
            await self.rasa.append_event(sender, {"event": event})
            return True
        except RasaUnavailable as exc:  # the bot only stands aside; the case goes on regardless
            logger.warning("rasa %s failed (%s)", event, exc)
            return False

    async def claim(self, case_id: int, actor: Actor, now: datetime) -> Case:
        """Claim the case, then pause Rasa for this person: a human has taken over."""

        def store() -> tuple[Case, str]:
            with self.db.session() as session:
                case = work.claim(session, case_id, actor, self.targets, now)
                return case, case.conversation.pseudonym

        case, sender = await to_thread.run_sync(store)
        await self._rasa_event(sender, "pause")
        return case

    async def reply(self, case_id: int, actor: Actor, text: str, now: datetime) -> int:
        """Store the staff reply in the outbox and wake its dispatcher; returns the message id."""

        def store() -> int:
            with self.db.session() as session:
                case, clean = work.check_reply(session, case_id, actor, text)
                message = enqueue(session, case.conversation, clean, author="staff")
                work.replied(session, case, actor, message.id, now)
                return message.id

        message_id = await to_thread.run_sync(store)
        # Web chat: delivered once stored. Telegram: the outbox's dispatcher sends it now, with
        # its retries and rate limits, so a slow Telegram never holds up the console.
        self.outbox.kick()
        return message_id

    async def close(self, case_id: int, actor: Actor, outcome: str, note: str, now: datetime) -> Case:
        """Close the case, tell the person the bot is back (unless they sent /stop and have
        not written since: the bot starts nothing then), and resume Rasa."""

        def store() -> tuple[Case, str]:
            with self.db.session() as session:
                case = work.close(session, case_id, actor, outcome, note, now)
                enqueue_unprompted(session, case.conversation, HANDED_BACK)
                return case, case.conversation.pseudonym

        case, sender = await to_thread.run_sync(store)
        self.outbox.kick()
        await self._rasa_event(sender, "resume")
        return case
