"""Processing Telegram messages from the inbox, after they were committed and acknowledged.

Every stored update is a ``messages`` row with status ``received``. A worker claims the
oldest one of a conversation (``received -> processing`` with a lease) only when no other
row of that conversation is being processed, so each conversation is handled one message
at a time, in inbox order, across any number of gateway workers. Conversations run in
parallel. On start, and every few seconds, rows still ``received`` (or ``processing`` with
a lease that ran out: their worker died) are picked up again, so nothing committed is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from anyio import to_thread
from sqlalchemy import or_, select, update

from bot import cases
from bot.channels.telegram_updates import CHANNEL, WIPE_AFTER_SCREENING, canned_reply
from bot.pipeline.pipeline import AlreadyProcessed, Pipeline, Stored
from bot.records.models import Contact, Conversation, Message
from bot.risk import Risk

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    stored: Stored
    kind: str
    text: str | None


def _utcnow() -> datetime:
    return datetime.now(UTC)


class InboxWorker:
    """Drains the Telegram inbox: one task per conversation with work, in order."""

    def __init__(
        self,
        pipeline: Pipeline,
        lease_s: float,
        on_processed: Callable[[int], None] | None = None,
        recover_every_s: float = 5.0,
    ) -> None:
        self.pipeline = pipeline
        self.db = pipeline.db
        self.lease_s = lease_s
        self.on_processed = on_processed
        self.recover_every_s = recover_every_s
        self._active: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()

    # -- database steps (worker threads) ------------------------------------------------------
    def _claim_next(self, conversation_id: int) -> Claim | None:
        now = _utcnow()
        with self.db.session() as session:
            # One claimer per conversation at a time across workers (PostgreSQL row lock;
            # SQLite's single writer serialises the same way).
            conversation = session.scalar(
                select(Conversation).where(Conversation.id == conversation_id).with_for_update()
            )
            if conversation is None:
                return None
            rows = session.execute(
                select(Message.id, Message.status, Message.lease_until, Message.kind, Message.text, Message.escalated)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.direction == "in",
                    Message.status.in_(("received", "processing")),
                )
                .order_by(Message.id)
            ).all()
            if not rows:
                return None
            for row in rows:
                lease = row.lease_until
                if lease is not None and lease.tzinfo is None:
                    lease = lease.replace(tzinfo=UTC)
                if row.status == "processing" and lease is not None and lease > now:
                    return None  # another worker holds this conversation
            first = rows[0]  # the oldest: a claim that ran out is taken over before newer rows
            claimed = session.execute(
                update(Message)
                .where(Message.id == first.id, Message.status == first.status)
                .values(
                    status="processing",
                    lease_until=now + timedelta(seconds=self.lease_s),
                    attempts=Message.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                return None
            stored = Stored(
                message_id=int(first.id),
                conversation_id=conversation.id,
                channel=conversation.channel,
                pseudonym=conversation.pseudonym,
                # Now, not when it was stored: an earlier message may have opened a case since
                # (but a case this message opened on arrival does not silence its own answer).
                case_open=not first.escalated and cases.open_case(session, conversation.id) is not None,
            )
            return Claim(stored, str(first.kind), first.text)

    def _release(self, message_id: int) -> None:
        """Give a claim back after a failure so the next pass retries it at once."""
        with self.db.session() as session:
            session.execute(
                update(Message)
                .where(Message.id == message_id, Message.status == "processing")
                .values(status="received", lease_until=None)
            )

    def _minimise(self, message_id: int, kind: str) -> None:
        """Keep only the type of a non-text message once screened, unless it was risk-bearing."""
        if kind not in WIPE_AFTER_SCREENING:
            return
        with self.db.session() as session:
            message = session.get(Message, message_id)
            if message is None or message.text is None:
                return
            contact = session.scalar(select(Contact).where(Contact.message_id == message_id))
            if contact is None or Risk.parse(contact.risk) < Risk.HIGH:
                message.text = None

    def waiting_conversations(self) -> list[int]:
        """Telegram conversations with a message still to process (including abandoned claims)."""
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Message.conversation_id)
                    .join(Conversation)
                    .where(
                        Conversation.channel == CHANNEL,
                        Message.direction == "in",
                        or_(
                            Message.status == "received",
                            (Message.status == "processing") & (Message.lease_until < _utcnow()),
                        ),
                    )
                    .distinct()
                )
            )

    # -- processing ----------------------------------------------------------------------------
    async def _process(self, claim: Claim) -> None:
        await self.pipeline.process(claim.stored, claim.text, claim.kind, canned_reply(claim.kind, claim.text))
        await to_thread.run_sync(self._minimise, claim.stored.message_id, claim.kind)

    async def _drain(self, conversation_id: int) -> None:
        try:
            while True:
                claim = await to_thread.run_sync(self._claim_next, conversation_id)
                if claim is None:
                    if conversation_id in self._again:
                        self._again.discard(conversation_id)
                        continue
                    return
                try:
                    await self._process(claim)
                except AlreadyProcessed:
                    logger.warning("inbox: message %s was finished by another worker", claim.stored.message_id)
                except Exception as exc:
                    message_id = claim.stored.message_id
                    logger.error("inbox: processing message %s failed (%s)", message_id, type(exc).__name__)
                    try:
                        await to_thread.run_sync(self._release, claim.stored.message_id)
                    except Exception:
                        logger.error("inbox: could not release message %s; its lease will", claim.stored.message_id)
                    return
                if self.on_processed is not None:
                    self.on_processed(conversation_id)
        except Exception as exc:  # the database is down: the periodic pass retries
            logger.error("inbox: conversation %s paused (%s)", conversation_id, type(exc).__name__)
        finally:
            self._active.pop(conversation_id, None)

    def submit(self, conversation_id: int) -> None:
        """A message was committed for this conversation: make sure a drain will see it."""
        if conversation_id in self._active:
            self._again.add(conversation_id)
            return
        self._active[conversation_id] = asyncio.create_task(self._drain(conversation_id))

    async def recover(self) -> int:
        """Pick up everything left unprocessed (after a crash, or by a stopped worker)."""
        waiting = await to_thread.run_sync(self.waiting_conversations)
        for conversation_id in waiting:
            self.submit(conversation_id)
        if waiting:
            logger.info("inbox: resuming %d conversation(s) with unprocessed messages", len(waiting))
        return len(waiting)

    async def run(self) -> None:
        """Recover now, then look again every few seconds."""
        while True:
            try:
                await self.recover()
            except Exception as exc:
                logger.error("inbox: recovery pass failed (%s)", type(exc).__name__)
            await asyncio.sleep(self.recover_every_s)

    async def idle(self, timeout: float = 30.0) -> None:
        """Wait until no conversation is being drained (tests and clean shutdown)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._active and asyncio.get_running_loop().time() < deadline:
            await asyncio.wait(list(self._active.values()), timeout=0.5)
