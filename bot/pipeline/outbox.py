"""The outbox: every reply is stored before it is sent, then handed to its channel."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.records.db import Database
from bot.records.models import Conversation, Message

logger = logging.getLogger(__name__)

#: Sends one text to a conversation on its channel; returns the channel's message id.
Sender = Callable[[Conversation, str], Awaitable[str | None]]

MAX_ATTEMPTS = 8


#: Channels whose client reads its messages from us (so a stored message is delivered).
PULL_CHANNELS = frozenset({"web"})


def enqueue(session: Session, conversation: Conversation, text: str, author: str = "bot") -> Message:
    """Store a message for the person; pushed channels send it later from the outbox."""
    pulled = conversation.channel in PULL_CHANNELS
    message = Message(
        conversation_id=conversation.id,
        direction="out",
        author=author,
        text=text,
        status="sent" if pulled else "pending",
        done_at=datetime.now(UTC) if pulled else None,
    )
    session.add(message)
    session.flush()
    return message


class Outbox:
    """Delivers pending messages through the sender registered for their channel.

    Web chat has no sender: its messages are read by the client, so they count as sent
    when stored. Telegram registers a sender when a token is configured.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._senders: dict[str, Sender] = {}

    def register(self, channel: str, sender: Sender) -> None:
        self._senders[channel] = sender

    def pending_ids(self) -> list[int]:
        with self._db.session() as session:
            return list(
                session.scalars(
                    select(Message.id)
                    .join(Conversation)
                    .where(
                        Message.direction == "out",
                        Message.status == "pending",
                        Conversation.channel.in_(list(self._senders)),
                    )
                    .order_by(Message.id)
                )
            )

    async def deliver(self, message_id: int) -> None:
        """Try to send one pending message; it stays pending on failure for the next sweep."""
        with self._db.session() as session:
            message = session.get(Message, message_id)
            if message is None or message.status != "pending":
                return
            conversation = message.conversation
            send = self._senders.get(conversation.channel)
            text = message.text or ""
            if send is None:
                return
        try:
            channel_id = await send(conversation, text)
        except Exception as exc:  # the channel is down: keep it pending, count the try
            logger.warning("outbox: send of message %s failed (%s)", message_id, type(exc).__name__)
            with self._db.session() as session:
                message = session.get(Message, message_id)
                if message is not None:
                    message.attempts += 1
                    if message.attempts >= MAX_ATTEMPTS:
                        message.status = "failed"
            return
        with self._db.session() as session:
            message = session.get(Message, message_id)
            if message is not None:
                message.status = "sent"
                message.attempts += 1
                message.channel_message_id = channel_id
                message.done_at = datetime.now(UTC)

    async def sweep(self) -> int:
        """Deliver everything pending; returns how many were tried."""
        ids = self.pending_ids()
        for message_id in ids:
            await self.deliver(message_id)
        return len(ids)
