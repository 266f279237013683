"""The one path every inbound message takes, whatever its channel.

1. The message is committed to the inbox before anything else (a duplicate is ignored).
2. The safety net screens it, with no network and no Rasa.
3. With an open case the message joins the case thread; the bot sends one holding note.
   Otherwise Rasa answers and the custom actions record the contact and open cases.
4. If Rasa or the actions fail, the safety net decides alone: a kind fallback reply, and a
   case for anything risk-bearing. Every message ends with a contact recorded.
5. Replies go to the outbox (with Rasa's buttons, if any).

``/stop`` (a Telegram command) mutes the conversation as it is committed; any later message
from the person unmutes it. While muted the bot starts nothing itself
(``outbox.enqueue_unprompted``); answers to the person and staff replies still go.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import cases, contacts, conversations
from bot.pipeline.fallback import HOLDING, NOT_TEXT, STAY_WITH_YOU, fallback_reply
from bot.pipeline.outbox import Outbox, enqueue
from bot.pipeline.rasa_client import RasaClient, RasaUnavailable, Reply
from bot.records.db import Database
from bot.records.models import Conversation, Message
from bot.risk import Risk
from bot.safety.net import Finding, screen
from bot.safety.normalise import normalise_for_nlu
from bot.staff import duty
from bot.staff.duty import NOBODY_ON_DUTY, STILL_NOBODY
from bot.triage import before_rasa, decide

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


def _goes_to_case_thread(session: Session, conversation: Conversation) -> bool:
    """Whether a new message from this person joins an open case instead of going to Rasa.

    A young person's messages go to the case as soon as one is open. A carer keeps talking
    to the bot (to report a return, say) until a person has picked the case up.
    """
    case = cases.open_case(session, conversation.id)
    if case is None:
        return False
    return not (conversation.role == "carer" and case.status == "waiting")


def is_stop(inbound: Inbound) -> bool:
    """The person asked the bot to stop messaging them (Telegram's ``/stop``)."""
    return inbound.kind == "command" and inbound.text.strip().split(maxsplit=1)[:1] == ["/stop"]


class AlreadyProcessed(Exception):
    """Another worker finished this message first (its claim had run out); nothing is queued twice."""


def _mark_processed(session: Session, message_id: int) -> Message:
    message = session.get(Message, message_id)
    assert message is not None
    if message.status == "processed":
        raise AlreadyProcessed(message_id)
    message.status = "processed"
    message.done_at = datetime.now(UTC)
    return message


def _honest_if_nobody_on_duty(session: Session, conversation_id: int) -> list[Reply]:
    """A case just opened and nobody is on duty: say so now, once, with where to get help."""
    case = cases.open_case(session, conversation_id)
    if case is None or case.status != "waiting" or case.nobody_on_duty_told or duty.anyone_on_duty(session):
        return []
    case.nobody_on_duty_told = True
    return [Reply(NOBODY_ON_DUTY)]


class Pipeline:
    def __init__(self, db: Database, rasa: RasaClient, outbox: Outbox, pseudonym_key: str) -> None:
        self.db = db
        self.rasa = rasa
        self.outbox = outbox
        self._key = pseudonym_key

    def store(self, inbound: Inbound) -> Stored | None:
        """Commit the inbound message (the inbox); None if this update was already stored."""
        return self.store_batch([inbound])[0]

    def store_batch(self, inbounds: Sequence[Inbound], screen_first: bool = False) -> list[Stored | None]:
        """Commit several inbound messages in one transaction (one disk sync for a whole
        Telegram batch); None for each one already stored. Raises if the database is down.

        With ``screen_first`` the safety net screens each text as it is stored and a
        risk-bearing one opens (or raises) its case in the same transaction, so an urgent
        message is in the human queue the moment it is acknowledged, before Rasa is asked.
        """
        try:
            with self.db.session() as session:
                stored: list[Stored | None] = []
                seen: set[str] = set()
                for inbound in inbounds:
                    key = inbound.external_id
                    if key is not None and (
                        key in seen or session.scalar(select(Message.id).where(Message.external_id == key))
                    ):
                        logger.info("inbox: duplicate update ignored")
                        stored.append(None)
                        continue
                    if key is not None:
                        seen.add(key)
                    item, message = self._store_in(session, inbound)
                    if screen_first and inbound.text:
                        self._escalate_on_arrival(session, item, message, inbound.text)
                    stored.append(item)
                return stored
        except IntegrityError:
            # Another worker stored one of them at the same moment: one by one, so the rest still go in.
            if len(inbounds) > 1:
                return [self.store_batch([inbound], screen_first)[0] for inbound in inbounds]
            if inbounds[0].external_id is None:
                raise
            logger.info("inbox: duplicate update ignored")
            return [None]

    def _escalate_on_arrival(self, session: Session, stored: Stored, message: Message, text: str) -> None:
        decision = before_rasa(screen(normalise_for_nlu(text)))
        if decision is None:
            return
        # A case already open is raised, and this message joins its thread as usual; a case
        # opened by this message does not make the message itself a case-thread message.
        cases.open_or_raise(session, stored.conversation_id, decision.risk, decision.reasons)
        message.escalated = not stored.case_open

    def _store_in(self, session: Session, inbound: Inbound) -> tuple[Stored, Message]:
        conversation = conversations.get_or_create(
            session, self._key, inbound.channel, inbound.user_id, inbound.reply_address
        )
        if is_stop(inbound):
            conversation.muted_at = datetime.now(UTC)
        elif conversation.muted_at is not None:
            conversation.muted_at = None  # they wrote again
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
        stored = Stored(
            message_id=message.id,
            conversation_id=conversation.id,
            channel=conversation.channel,
            pseudonym=conversation.pseudonym,
            case_open=_goes_to_case_thread(session, conversation),
        )
        return stored, message

    def _open_case_now(self, stored: Stored, finding: Finding) -> None:
        """Put a clearly urgent message in the human queue before waiting on Rasa."""
        decision = before_rasa(finding)
        if decision is not None:
            with self.db.session() as session:
                cases.open_or_raise(session, stored.conversation_id, decision.risk, decision.reasons)

    def _relay_to_case(self, stored: Stored, finding: Finding) -> list[Reply]:
        """The message joins the open case thread; say a person is coming, once."""
        decision = decide(finding)
        with self.db.session() as session:
            contacts.record(session, stored.conversation_id, stored.channel, stored.message_id, decision, "safety_net")
            case, _ = cases.open_or_raise(session, stored.conversation_id, decision.risk, decision.reasons)
            message = _mark_processed(session, stored.message_id)
            # Say a person is coming only if someone is on duty; otherwise say so honestly.
            on_duty = duty.anyone_on_duty(session)
            if case.holding_sent and case.status == "waiting" and case.priority == Risk.EMERGENCY:
                # In danger and nobody has picked it up yet: the bot stays with them.
                line = STAY_WITH_YOU[stored.message_id % len(STAY_WITH_YOU)]
                enqueue(session, message.conversation, line)
                return [Reply(line)]
            if case.holding_sent and (on_duty or case.nobody_on_duty_told):
                return []
            case.holding_sent = True
            holding = HOLDING if on_duty else STILL_NOBODY if case.nobody_on_duty_told else NOBODY_ON_DUTY
            case.nobody_on_duty_told = case.nobody_on_duty_told or not on_duty
            enqueue(session, message.conversation, holding)
            return [Reply(holding)]

    def _settle(self, stored: Stored, finding: Finding, replies: list[Reply] | None) -> list[Reply]:
        """Account for the message whatever Rasa did, then queue the replies.

        The actions normally record the contact and open cases. If Rasa or the action
        server failed, the safety net's own decision is recorded and acted on instead; if
        they ran, what the net acts on before Rasa is still a backstop for a case they did not open.
        """
        net_alone = decide(finding)
        with self.db.session() as session:
            if replies is None or not contacts.exists_for_message(session, stored.message_id):
                contacts.record(
                    session, stored.conversation_id, stored.channel, stored.message_id, net_alone, "safety_net"
                )
                if net_alone.handoff:
                    cases.open_or_raise(session, stored.conversation_id, net_alone.risk, net_alone.reasons)
            elif (early := before_rasa(finding)) is not None:
                cases.open_or_raise(session, stored.conversation_id, early.risk, early.reasons)
            out = replies if replies is not None else [Reply(fallback_reply(net_alone.risk))]
            out = [*out, *_honest_if_nobody_on_duty(session, stored.conversation_id)]
            message = _mark_processed(session, stored.message_id)
            for reply in out:
                enqueue(session, message.conversation, reply.text, buttons=reply.buttons or None)
            return out

    async def handle(self, inbound: Inbound) -> list[Reply]:
        """Take one inbound message all the way to its replies."""
        stored = await to_thread.run_sync(self.store, inbound)
        if stored is None:
            return []
        return await self.process(stored, inbound.text, inbound.kind)

    async def process(self, stored: Stored, text: str | None, kind: str, canned: str | None = None) -> list[Reply]:
        """Screen, answer and account for one stored message; returns the queued replies.

        ``canned`` is the channel's own answer (a command, a photo...): Rasa is not asked,
        but the words that came with it are still screened and anything risk-bearing gets
        the safety net's reply and a case instead.
        """
        nlu_text = normalise_for_nlu(text) if text and kind == "text" else ""
        screened = nlu_text or (normalise_for_nlu(text) if text else "")
        finding = await to_thread.run_sync(screen, screened)
        if stored.case_open:
            return await to_thread.run_sync(self._relay_to_case, stored, finding)
        if canned is not None or not nlu_text:  # a command, a photo, only invisible characters...
            if decide(finding).handoff:
                return await to_thread.run_sync(self._settle, stored, finding, None)
            return await to_thread.run_sync(self._settle, stored, finding, [Reply(canned or NOT_TEXT)])
        await to_thread.run_sync(self._open_case_now, stored, finding)
        replies: list[Reply] | None
        try:
            replies = await self.rasa.send(
                stored.pseudonym,
                nlu_text,
                metadata={
                    "message_id": stored.message_id,
                    "channel": stored.channel,
                    "safety": {
                        "risk": finding.risk.label,
                        "categories": list(finding.categories),
                        "reasons": list(finding.reasons),
                        "scores": asdict(finding.scores) if finding.scores else None,
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
