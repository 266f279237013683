"""The one path every inbound message takes, whatever its channel.

1. The message is committed to the inbox before anything else (a duplicate is ignored).
2. The safety net screens it, with no network and no Rasa.
3. With an open case the message joins the case thread; the bot sends one holding note.
   Otherwise Rasa answers and the custom actions record the contact and open cases.
4. If Rasa or the actions fail, the safety net decides alone: a kind fallback reply, and a
   case for anything risk-bearing. Every message ends with a contact recorded.
5. Replies go to the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from anyio import to_thread
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import cases, contacts, conversations
from bot.pipeline.fallback import HOLDING, NOT_TEXT, fallback_reply
from bot.pipeline.outbox import Outbox, enqueue
from bot.pipeline.rasa_client import RasaClient, RasaUnavailable, Reply
from bot.records.db import Database
from bot.records.models import Message
from bot.risk import Risk
from bot.safety.net import Finding, screen
from bot.safety.normalise import normalise_for_nlu
from bot.triage import decide

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Inbound:
    channel: str
    user_id: str
    text: str
    reply_address: str | None = None
    external_id: str | None = None
    kind: str = "text"


@dataclass(frozen=True)
class Stored:
    message_id: int
    conversation_id: int
    channel: str
    pseudonym: str
    case_open: bool


def _mark_processed(session: Session, message_id: int) -> Message:
    message = session.get(Message, message_id)
    assert message is not None
    message.status = "processed"
    message.done_at = datetime.now(UTC)
    return message


class Pipeline:
    def __init__(self, db: Database, rasa: RasaClient, outbox: Outbox, pseudonym_key: str) -> None:
        self.db = db
        self.rasa = rasa
        self.outbox = outbox
        self._key = pseudonym_key

    def _store(self, inbound: Inbound) -> Stored | None:
        """Commit the inbound message; None if this update was already stored."""
        try:
            with self.db.session() as session:
                conversation = conversations.get_or_create(
                    session, self._key, inbound.channel, inbound.user_id, inbound.reply_address
                )
                message = Message(
                    conversation_id=conversation.id,
                    direction="in",
                    author="person",
                    kind=inbound.kind,
                    text=inbound.text,
                    external_id=inbound.external_id,
                    status="received",
                )
                session.add(message)
                session.flush()
                return Stored(
                    message_id=message.id,
                    conversation_id=conversation.id,
                    channel=conversation.channel,
                    pseudonym=conversation.pseudonym,
                    case_open=cases.open_case(session, conversation.id) is not None,
                )
        except IntegrityError:
            if inbound.external_id is None:
                raise
            logger.info("inbox: duplicate update ignored")
            return None

    def _relay_to_case(self, stored: Stored, finding: Finding) -> list[Reply]:
        """The message joins the open case thread; say a person is coming, once."""
        decision = decide(finding)
        with self.db.session() as session:
            contacts.record(session, stored.conversation_id, stored.channel, stored.message_id, decision, "safety_net")
            case, _ = cases.open_or_raise(session, stored.conversation_id, decision.risk, decision.reasons)
            message = _mark_processed(session, stored.message_id)
            if case.holding_sent:
                return []
            case.holding_sent = True
            enqueue(session, message.conversation, HOLDING)
            return [Reply(HOLDING)]

    def _settle(self, stored: Stored, finding: Finding, replies: list[Reply] | None) -> list[Reply]:
        """Account for the message whatever Rasa did, then queue the replies.

        The actions normally record the contact and open cases. If Rasa or the action
        server failed, the safety net's own decision is recorded and acted on instead.
        """
        decision = decide(finding)
        with self.db.session() as session:
            if replies is None or not contacts.exists_for_message(session, stored.message_id):
                contacts.record(
                    session, stored.conversation_id, stored.channel, stored.message_id, decision, "safety_net"
                )
            if decision.handoff:
                cases.open_or_raise(session, stored.conversation_id, decision.risk, decision.reasons)
            out = replies if replies is not None else [Reply(fallback_reply(decision.risk))]
            message = _mark_processed(session, stored.message_id)
            for reply in out:
                enqueue(session, message.conversation, reply.text)
            return out

    async def handle(self, inbound: Inbound) -> list[Reply]:
        """Take one inbound message all the way to its replies."""
        stored = await to_thread.run_sync(self._store, inbound)
        if stored is None:
            return []
        nlu_text = normalise_for_nlu(inbound.text) if inbound.kind == "text" else ""
        finding = await to_thread.run_sync(screen, nlu_text)
        if stored.case_open:
            return await to_thread.run_sync(self._relay_to_case, stored, finding)
        if not nlu_text:  # a photo, a sticker, only invisible characters...
            return await to_thread.run_sync(self._settle, stored, finding, [Reply(NOT_TEXT)])
        replies: list[Reply] | None
        try:
            replies = await self.rasa.send(
                stored.pseudonym,
                nlu_text,
                metadata={
                    "message_id": stored.message_id,
                    "channel": inbound.channel,
                    "safety": {
                        "risk": finding.risk.label,
                        "categories": list(finding.categories),
                        "reasons": list(finding.reasons),
                    },
                },
            )
        except RasaUnavailable as exc:
            logger.warning("rasa unavailable (%s): safety net decides alone", exc)
            replies = None
        out = await to_thread.run_sync(self._settle, stored, finding, replies)
        if finding.risk >= Risk.HIGH:
            logger.info("safety net: risk %s on message %s", finding.risk.label, stored.message_id)
        return out
