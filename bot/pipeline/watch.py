"""The queue watcher, run by the app: every ``monitor_interval_s`` it

* reviews the queue (new urgent cases, missed claim targets) and sends the resulting
  alerts to the staff Telegram chat through the outbox;
* takes staff off duty whose sessions have all ended;
* tells every open console when the queue changed (server-sent events);
* follows up outbox sends that may not have arrived (``unconfirmed``): when the
  conversation has an open case, the case's audit trail and the staff chat get a line
  saying a reply may not have reached the person (ids only, never the text).

Cases are opened by the action server and the safety net in other transactions (even
other processes), so the database is the one place to watch.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import cases, conversations
from bot.pipeline.outbox import Outbox, enqueue
from bot.queue import monitor
from bot.queue.live import Broadcaster
from bot.queue.targets import ClaimTargets
from bot.records.db import Database
from bot.records.models import Conversation, Message
from bot.settings import Settings
from bot.staff import audit, duty

logger = logging.getLogger(__name__)

STAFF_CHAT_ROLE = "staff_chat"
MAY_NOT_HAVE_ARRIVED = "A reply may not have reached the person"


def staff_chat(session: Session, pseudonym_key: str, chat_id: str) -> Conversation:
    """The staff alert chat, as an outbox conversation (so alerts get retries like any message)."""
    chat = conversations.get_or_create(session, pseudonym_key, "telegram", f"staff-chat:{chat_id}", chat_id)
    chat.role = STAFF_CHAT_ROLE
    return chat


class QueueWatch:
    def __init__(self, db: Database, outbox: Outbox, settings: Settings, live: Broadcaster) -> None:
        self.db = db
        self.outbox = outbox
        self.settings = settings
        self.live = live
        self.targets = ClaimTargets.parse(settings.claim_targets)
        self._last_signature: tuple[object, ...] | None = None

    def unconfirmed(self, session: Session, message_ids: list[int]) -> None:
        """Outbox rows just marked ``unconfirmed`` (in the outbox's transaction): tell staff
        when the conversation has an open case, so a person can check; else log ids only."""
        now = datetime.now(UTC)
        rows = session.execute(
            select(Message.id, Message.conversation_id, Message.author).where(Message.id.in_(message_ids))
        ).all()
        lines: list[str] = []
        for row in rows:
            case = cases.open_case(session, row.conversation_id)
            if case is None:
                logger.warning(
                    "outbox: message %s (conversation %s) unconfirmed; no open case", row.id, row.conversation_id
                )
                continue
            audit.record(session, None, "outbox.unconfirmed", case.id, message_id=row.id, author=row.author)
            logger.warning("outbox: message %s unconfirmed on open case %s; staff told", row.id, case.id)
            lines.append(
                monitor.alert_text(
                    case, now, self.settings.public_url, MAY_NOT_HAVE_ARRIVED, f"(outbox message {row.id})"
                )
            )
        if lines and self.settings.telegram_staff_chat_id:
            chat = staff_chat(session, self.settings.pseudonym_key, self.settings.telegram_staff_chat_id)
            # No kick: this runs in the outbox's worker thread; its dispatcher picks it up.
            enqueue(session, chat, "\n\n".join(lines))
        elif lines:
            logger.warning("TELEGRAM_STAFF_CHAT_ID is not set: %d unconfirmed-reply alert(s) not sent", len(lines))

    def _review(self, now: datetime) -> tuple[bool, tuple[object, ...]]:
        settings = self.settings
        with self.db.session() as session:
            duty.stand_down_the_logged_out(session, now, settings.session_idle_s, settings.session_max_s)
            notices = monitor.review(
                session, now, self.targets, timedelta(seconds=settings.realert_every_s), settings.public_url
            )
            queued = False
            # One staff chat message per pass: Telegram allows a group about 20 messages a minute.
            if notices and settings.telegram_staff_chat_id:
                chat = staff_chat(session, settings.pseudonym_key, settings.telegram_staff_chat_id)
                enqueue(session, chat, "\n\n".join(n.text for n in notices))
                queued = True
            elif notices:
                logger.warning("TELEGRAM_STAFF_CHAT_ID is not set: %d alert(s) not sent", len(notices))
            signature = monitor.signature(session)
        return queued, signature

    async def tick(self) -> None:
        queued, signature = await to_thread.run_sync(self._review, datetime.now(UTC))
        if queued:
            self.outbox.kick()  # the outbox's dispatcher sends them (with its rate limits)
        if signature != self._last_signature:
            self._last_signature = signature
            self.live.publish()

    async def run_forever(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                logger.exception("queue watch failed; trying again")
            await asyncio.sleep(self.settings.monitor_interval_s)
