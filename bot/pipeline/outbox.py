"""The outbox: every reply is stored before it is sent, then handed to its channel.

Delivery guarantee (pushed channels such as Telegram): **at most once per stored row,
in order within a conversation**.

- A row is claimed ``pending -> sending`` by a conditional UPDATE, in a transaction that
  locks the conversation row (PostgreSQL), before the channel is called. Only the worker
  whose UPDATE matched sends it, so two workers or two sweeps never send the same row.
- Success records the channel's message id (``sent``). An answer from the channel that
  proves nothing was delivered (429 ``retry_after``, 5xx, a refused connection) puts the
  row back to ``pending`` with a backoff; a permanent refusal (blocked, bad chat) makes it
  ``failed``.
- A send whose fate is unknown (read timeout, cut connection, or a crash between the call
  and the record, found as a ``sending`` row whose lease ran out) becomes ``unconfirmed``
  and is **not** resent: Telegram offers no way to ask whether it arrived, and a duplicate
  is the failure the service promised not to make. Unconfirmed rows are logged (ids only),
  counted (``Outbox.counts``, ``/healthz``) and handed to ``on_unconfirmed`` in the same
  transaction, so staff hear of one whose conversation has an open case.

Buttons (Rasa's ``buttons``) are stored as JSON beside the text and handed to the sender;
the text alone is what the records keep.

``/stop``: ``enqueue_unprompted`` is for what the bot starts itself (not an answer to the
person); it stores nothing while the conversation is muted. See the README's Telegram section.

Rates: a per-chat bucket (about 1 message/s with a small burst) and a global bucket
(about 30 messages/s), both per process; a 429 pauses every send for ``retry_after``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from anyio import to_thread
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.records.db import Database
from bot.records.models import Conversation, Message

logger = logging.getLogger(__name__)

#: Rasa's buttons: [{"title": ..., "payload": ...}].
Buttons = list[dict[str, str]]
#: Sends one text (and its buttons, if any) to a conversation on its channel; returns the
#: channel's message id.
Sender = Callable[[Conversation, str, Buttons | None], Awaitable[str | None]]
#: Told, inside the transaction that marked them, about rows that became ``unconfirmed``.
UnconfirmedHook = Callable[[Session, list[int]], None]

MAX_ATTEMPTS = 12

#: Telegram refuses longer texts; longer replies are stored as several messages.
TELEGRAM_MAX_CHARS = 4096

#: Channels whose client reads its messages from us (so a stored message is delivered).
PULL_CHANNELS = frozenset({"web"})
#: Channels with a length limit per message.
LIMITS = {"telegram": TELEGRAM_MAX_CHARS}


class RetryLater(Exception):
    """The channel proved nothing was sent; try again (after ``after_s`` if it said so)."""

    def __init__(self, after_s: float | None = None, whole_channel: bool = False) -> None:
        super().__init__(f"retry after {after_s}s" if after_s else "retry")
        self.after_s = after_s
        self.whole_channel = whole_channel


class Undeliverable(Exception):
    """The channel refused this message for good (the person blocked the bot, no such chat)."""


class Unconfirmed(Exception):
    """The request may have reached the channel: resending could make a duplicate."""


def split_text(text: str, limit: int) -> list[str]:
    """Cut a text into pieces of at most ``limit`` characters, at a paragraph or space if possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut < limit // 2:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut < limit // 2:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def enqueue(
    session: Session, conversation: Conversation, text: str, author: str = "bot", buttons: Buttons | None = None
) -> Message:
    """Store a message for the person; pushed channels send it later from the outbox.

    A text longer than the channel allows is stored as several messages, in order; the
    first is returned. Buttons go with the last part.
    """
    pulled = conversation.channel in PULL_CHANNELS
    limit = LIMITS.get(conversation.channel)
    parts = split_text(text, limit) if limit else [text]
    first: Message | None = None
    for index, part in enumerate(parts):
        message = Message(
            conversation_id=conversation.id,
            direction="out",
            author=author,
            text=part,
            status="sent" if pulled else "pending",
            done_at=datetime.now(UTC) if pulled else None,
            buttons=[dict(b) for b in buttons] if buttons and index == len(parts) - 1 else None,
        )
        session.add(message)
        first = first or message
    session.flush()
    assert first is not None
    return first


def enqueue_unprompted(session: Session, conversation: Conversation, text: str) -> Message | None:
    """Store something the bot starts itself (not an answer to the person), unless they
    sent ``/stop`` and have not written since: then nothing is stored and None is returned.
    Staff replies are not this: a person answering them is not the bot (use ``enqueue``).
    """
    if conversation.muted_at is not None:
        logger.info("outbox: conversation %s is muted (/stop); bot message not queued", conversation.id)
        return None
    return enqueue(session, conversation, text)


class RateLimiter:
    """Generic cell rate algorithm: a steady rate with a burst, per key and overall."""

    def __init__(self, per_key_per_s: float, per_key_burst: int, global_per_s: float, global_burst: int) -> None:
        self._key_interval = 1.0 / per_key_per_s if per_key_per_s > 0 else 0.0
        self._key_tolerance = self._key_interval * max(0, per_key_burst - 1)
        self._global_interval = 1.0 / global_per_s if global_per_s > 0 else 0.0
        self._global_tolerance = self._global_interval * max(0, global_burst - 1)
        self._tat: dict[object, float] = {}
        self._global_tat = 0.0
        self.paused_until = 0.0

    def cancel(self, key: object) -> None:
        """Give back the last slot booked for ``key`` (it found nothing to send)."""
        if key in self._tat:
            self._tat[key] -= self._key_interval
        self._global_tat -= self._global_interval

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    def reserve(self, key: object) -> float:
        """Book the next slot for ``key``; returns how long to wait before using it."""
        now = time.monotonic()
        key_tat = max(self._tat.get(key, now), now)
        global_tat = max(self._global_tat, now)
        at = max(now, self.paused_until, key_tat - self._key_tolerance, global_tat - self._global_tolerance)
        self._tat[key] = max(key_tat, at) + self._key_interval
        self._global_tat = max(global_tat, at) + self._global_interval
        if len(self._tat) > 10_000:  # forget idle chats
            self._tat = {k: v for k, v in self._tat.items() if v > now}
        return at - now


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class Outbox:
    """Delivers pending messages through the sender registered for their channel.

    Web chat has no sender: its messages are read by the client, so they count as sent
    when stored. Telegram registers a sender when a token is configured. ``run()`` is the
    background dispatcher; ``kick()`` wakes it when something was queued.
    """

    def __init__(
        self,
        db: Database,
        per_chat_per_s: float = 1.0,
        global_per_s: float = 30.0,
        per_chat_burst: int = 3,
        send_lease_s: float = 60.0,
        backoff_base_s: float = 0.5,
        backoff_max_s: float = 300.0,
        poll_every_s: float = 1.0,
    ) -> None:
        self._db = db
        self._senders: dict[str, Sender] = {}
        self.limiter = RateLimiter(per_chat_per_s, per_chat_burst, global_per_s, max(1, int(global_per_s)))
        self.send_lease_s = send_lease_s
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.poll_every_s = poll_every_s
        self._inflight: dict[int, asyncio.Task[int]] = {}
        self._again: set[int] = set()
        self._wake = asyncio.Event()
        #: Staff follow-up for sends that may not have arrived (set by the app's queue watch).
        self.on_unconfirmed: UnconfirmedHook | None = None

    def register(self, channel: str, sender: Sender) -> None:
        self._senders[channel] = sender

    def kick(self, conversation_id: int | None = None) -> None:
        """Something was queued: send it now rather than at the dispatcher's next tick.

        With a conversation id only that conversation is drained (no scan of the outbox).
        """
        if conversation_id is not None and self._senders:
            self._start_drains([conversation_id])
        else:
            self._wake.set()

    # -- database steps (run in a worker thread) -------------------------------------------
    def _expire_stale_claims(self, session: Session) -> None:
        """A ``sending`` row whose lease ran out: its worker died mid-send. Never resend it."""
        stale = session.scalars(
            select(Message.id).where(
                Message.direction == "out", Message.status == "sending", Message.lease_until < _utcnow()
            )
        ).all()
        if stale:
            session.execute(
                update(Message)
                .where(Message.id.in_(stale), Message.status == "sending")
                .values(status="unconfirmed", done_at=_utcnow())
            )
            logger.warning(
                "outbox: message(s) %s left mid-send by a stopped worker marked unconfirmed",
                ",".join(str(i) for i in stale),
            )
            self._follow_up(session, list(stale))

    def _follow_up(self, session: Session, message_ids: list[int]) -> None:
        """Hand rows just marked ``unconfirmed`` to the staff follow-up; never fail the send path."""
        if self.on_unconfirmed is None or not message_ids:
            return
        try:
            with session.begin_nested():
                self.on_unconfirmed(session, message_ids)
        except Exception as exc:
            logger.warning(
                "outbox: follow-up of unconfirmed message(s) %s failed (%s)", message_ids, type(exc).__name__
            )

    def _due_conversations(self) -> list[int]:
        with self._db.session() as session:
            self._expire_stale_claims(session)
            now = _utcnow()
            return list(
                session.scalars(
                    select(Message.conversation_id)
                    .join(Conversation)
                    .where(
                        Message.direction == "out",
                        Message.status == "pending",
                        Conversation.channel.in_(list(self._senders)),
                        (Message.next_attempt_at.is_(None)) | (Message.next_attempt_at <= now),
                    )
                    .group_by(Message.conversation_id)
                    .order_by(func.min(Message.id))
                )
            )

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

    def _claim_next(self, conversation_id: int) -> tuple[int, Conversation, str, int, Buttons | None] | None:
        """Atomically take the conversation's oldest pending row for sending, if it is due.

        Nothing is taken while an older row is mid-send (order within a chat), and only the
        worker whose conditional UPDATE matched sends the row.
        """
        with self._db.session() as session:
            # Serialise claims within a conversation across workers (a no-op on SQLite,
            # whose single writer does the same).
            conversation = session.scalar(
                select(Conversation).where(Conversation.id == conversation_id).with_for_update()
            )
            if conversation is None or conversation.channel not in self._senders:
                return None
            row = session.execute(
                select(
                    Message.id, Message.status, Message.next_attempt_at, Message.text, Message.attempts, Message.buttons
                )
                .where(
                    Message.conversation_id == conversation_id,
                    Message.direction == "out",
                    Message.status.in_(("pending", "sending")),
                )
                .order_by(Message.id)
                .limit(1)
            ).first()
            if row is None or row.status != "pending":
                return None
            not_before = _aware(row.next_attempt_at)
            if not_before is not None and not_before > _utcnow():
                return None
            claimed = session.execute(
                update(Message)
                .where(Message.id == row.id, Message.status == "pending")
                .values(
                    status="sending",
                    attempts=Message.attempts + 1,
                    lease_until=_utcnow() + timedelta(seconds=self.send_lease_s),
                )
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
            return int(row.id), conversation, row.text or "", int(row.attempts) + 1, row.buttons or None

    def _finish(self, message_id: int, status: str, channel_id: str | None = None, retry_in: float = 0.0) -> None:
        with self._db.session() as session:
            message = session.get(Message, message_id)
            if message is None or message.status != "sending":
                return
            message.lease_until = None
            if status == "pending" and message.attempts >= MAX_ATTEMPTS:
                status = "failed"
            message.status = status
            if status == "pending":
                message.next_attempt_at = _utcnow() + timedelta(seconds=retry_in)
            else:
                message.done_at = _utcnow()
            if channel_id is not None:
                message.channel_message_id = channel_id
            if status == "unconfirmed":
                session.flush()
                self._follow_up(session, [message_id])

    def unconfirmed(self) -> int:
        """How many sends may not have reached the person (never resent; staff follow up)."""
        with self._db.session() as session:
            n = session.scalar(select(func.count()).where(Message.direction == "out", Message.status == "unconfirmed"))
            return int(n or 0)

    def counts(self) -> dict[str, int]:
        """Outbound rows by status (for health pages and the benchmark)."""
        with self._db.session() as session:
            rows = session.execute(
                select(Message.status, func.count()).where(Message.direction == "out").group_by(Message.status)
            ).all()
            return {str(status): int(n) for status, n in rows}

    # -- sending -----------------------------------------------------------------------------
    def _backoff(self, attempts: int) -> float:
        delay = min(self.backoff_max_s, self.backoff_base_s * 2.0 ** max(0, attempts - 1))
        return delay * random.uniform(0.8, 1.2)

    async def _send_next(self, conversation_id: int) -> tuple[bool, bool]:
        """Wait for a rate slot, claim the next row, send, record.

        Returns (something was claimed, carry on with this conversation).
        """
        delay = self.limiter.reserve(conversation_id)
        if delay > 0:
            await asyncio.sleep(delay)
        claim = await to_thread.run_sync(self._claim_next, conversation_id)
        if claim is None:
            self.limiter.cancel(conversation_id)
            return False, False
        message_id, conversation, text, attempts, buttons = claim
        send = self._senders[conversation.channel]
        try:
            channel_id = await send(conversation, text, buttons)
        except RetryLater as exc:
            if exc.after_s:
                logger.warning("outbox: channel asked to wait %.1f s", exc.after_s)
                if exc.whole_channel:
                    self.limiter.pause(exc.after_s)
            wait = exc.after_s if exc.after_s else self._backoff(attempts)
            await to_thread.run_sync(self._finish, message_id, "pending", None, wait)
            return True, False
        except Undeliverable as exc:
            logger.warning("outbox: message %s refused by the channel (%s)", message_id, exc)
            await to_thread.run_sync(self._finish, message_id, "failed")
            return True, True
        except Unconfirmed:
            logger.warning("outbox: message %s may or may not have arrived; not resending", message_id)
            await to_thread.run_sync(self._finish, message_id, "unconfirmed")
            return True, True
        except Exception as exc:  # the channel is down: keep it pending, count the try
            logger.warning("outbox: send of message %s failed (%s)", message_id, type(exc).__name__)
            await to_thread.run_sync(self._finish, message_id, "pending", None, self._backoff(attempts))
            return True, False
        await to_thread.run_sync(self._finish, message_id, "sent", channel_id)
        return True, True

    async def _drain(self, conversation_id: int) -> int:
        """Send a conversation's due messages one by one, in order; returns how many were tried."""
        tried = 0
        try:
            while True:
                claimed, carry_on = await self._send_next(conversation_id)
                tried += claimed
                if carry_on:
                    continue
                if not claimed and conversation_id in self._again:
                    self._again.discard(conversation_id)
                    continue
                return tried
        finally:
            self._inflight.pop(conversation_id, None)

    def _start_drains(self, conversation_ids: list[int]) -> list[asyncio.Task[int]]:
        tasks = []
        for conversation_id in conversation_ids:
            task = self._inflight.get(conversation_id)
            if task is None:
                task = asyncio.create_task(self._drain(conversation_id))
                self._inflight[conversation_id] = task
            else:
                self._again.add(conversation_id)
            tasks.append(task)
        return tasks

    async def deliver(self, message_id: int) -> None:
        """Send one pending message now if it is next in its conversation; else leave it to the sweep."""

        def pending_conversation() -> int | None:
            with self._db.session() as session:
                message = session.get(Message, message_id)
                if message is None or message.status != "pending":
                    return None
                if message.conversation.channel not in self._senders:
                    return None
                return message.conversation_id

        conversation_id = await to_thread.run_sync(pending_conversation)
        if conversation_id is None:
            return
        tasks = self._start_drains([conversation_id])
        await asyncio.gather(*tasks, return_exceptions=True)

    async def sweep(self) -> int:
        """Deliver everything due, conversations in parallel; returns how many sends were tried."""
        if not self._senders:
            return 0
        conversation_ids = await to_thread.run_sync(self._due_conversations)
        results = await asyncio.gather(*self._start_drains(conversation_ids), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                logger.error("outbox: delivery failed (%s)", type(result).__name__)
        return sum(r for r in results if isinstance(r, int))

    async def run(self) -> None:
        """Dispatch forever: start a drain for every conversation with something due."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_every_s)
            self._wake.clear()
            try:
                if self._senders:
                    self._start_drains(await to_thread.run_sync(self._due_conversations))
            except Exception:
                logger.exception("outbox: dispatch failed")

    async def aclose(self) -> None:
        """Let in-flight sends finish (bounded), so nothing is left ``sending`` by a clean stop."""
        tasks = list(self._inflight.values())
        if tasks:
            await asyncio.wait(tasks, timeout=10)
