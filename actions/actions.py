"""Custom actions run by the action server (``python -m rasa_sdk --actions actions``)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.signals import finding_from, ranking_from
from bot import cases, contacts, conversations
from bot.runtime import database
from bot.triage import decide

logger = logging.getLogger(__name__)


class ActionTriage(Action):
    """Decide the risk of the latest message, record the contact, and open a case if needed."""

    def name(self) -> str:
        return "action_triage"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message
        metadata: dict[str, Any] = message.get("metadata") or {}
        intent = (message.get("intent") or {}).get("name")
        confidence = (message.get("intent") or {}).get("confidence")
        decision = decide(
            finding_from(metadata, message.get("text") or ""),
            intent,
            confidence,
            ranking_from(message),
        )
        channel = metadata.get("channel")
        if channel:
            with database().session() as session:
                conversation = conversations.find(session, channel, tracker.sender_id)
                if conversation is not None:
                    contacts.record(
                        session,
                        conversation.id,
                        channel,
                        metadata.get("message_id"),
                        decision,
                        "actions",
                    )
                    if decision.handoff:
                        case, new = cases.open_or_raise(session, conversation.id, decision.risk, decision.reasons)
                        logger.info("case %s %s at %s", case.id, "opened" if new else "raised", decision.risk.label)
        return [SlotSet("risk", decision.risk.label), SlotSet("handoff", decision.handoff)]
