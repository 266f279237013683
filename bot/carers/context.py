"""What the triage needs to know about the child a message is from or about."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot import episodes
from bot.carers.placements import carer_of_conversation, resolve_child
from bot.records.models import Child, Conversation
from bot.settings import Settings


def child_in_question(session: Session, conversation: Conversation, text: str, hint: str | None) -> Child | None:
    """The young person themselves, or the child of a carer's placement their words name."""
    own = episodes.child_of_conversation(session, conversation.id)
    if own is not None:
        return own
    carer = carer_of_conversation(session, conversation.id)
    if carer is None:
        return None  # someone who only says they are a carer: no child is looked up for them
    return resolve_child(session, carer.placement_id, f"{hint or ''} {text}")


def repeat_missing(
    session: Session,
    settings: Settings,
    conversation: Conversation,
    text: str,
    hint: str | None = None,
    at: datetime | None = None,
) -> episodes.RepeatStatus | None:
    """The repeat-missing status of the child in question, when the rule flags them."""
    child = child_in_question(session, conversation, text, hint)
    if child is None:
        return None
    status = episodes.repeat_status(
        session, child.id, at or datetime.now(UTC), settings.repeat_missing_episodes, settings.repeat_missing_days
    )
    return status if status.flagged else None
