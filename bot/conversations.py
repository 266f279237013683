"""Finding the conversation behind a channel user, by pseudonym only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.records.crypto import pseudonym
from bot.records.models import Conversation


def find(session: Session, channel: str, pseudonym_: str) -> Conversation | None:
    return session.scalar(
        select(Conversation).where(Conversation.channel == channel, Conversation.pseudonym == pseudonym_)
    )


def get_or_create(
    session: Session, key: str, channel: str, user_id: str, reply_address: str | None = None
) -> Conversation:
    """Return the conversation for this channel user, creating it on first contact."""
    name = pseudonym(key, channel, user_id)
    conversation = find(session, channel, name)
    if conversation is None:
        try:
            with session.begin_nested():
                conversation = Conversation(channel=channel, pseudonym=name, reply_address=reply_address)
                session.add(conversation)
        except IntegrityError:  # the same person's other message won the race
            conversation = find(session, channel, name)
            assert conversation is not None
    if reply_address and conversation.reply_address != reply_address:
        conversation.reply_address = reply_address
    return conversation
