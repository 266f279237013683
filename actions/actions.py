"""Custom actions run by the action server (``python -m rasa_sdk --actions actions``)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.signals import finding_from, ranking_from
from bot import cases, contacts, conversations, episodes
from bot.carers import context as carer_context
from bot.records.models import Conversation
from bot.risk import Risk
from bot.runtime import database
from bot.settings import get_settings
from bot.triage import Context, Decision, decide

logger = logging.getLogger(__name__)

AWAY_SLOTS = ("away_safe_now", "away_area", "away_with", "away_back", "away_why")
SKIP_INTENTS = frozenset({"skip_question", "deny"})


def _conversation(session: Any, tracker: Tracker) -> Conversation | None:
    channel = (tracker.latest_message.get("metadata") or {}).get("channel")
    return conversations.find(session, channel, tracker.sender_id) if channel else None


def triage_latest(tracker: Tracker) -> Decision:
    """Decide the risk of the latest message, record the contact, open or raise a case."""
    message = tracker.latest_message
    metadata: dict[str, Any] = message.get("metadata") or {}
    intent = message.get("intent") or {}
    with database().session() as session:
        conversation = _conversation(session, tracker)
        # Repeat missing (computed from the episodes) raises the risk of every later contact.
        repeat = (
            carer_context.repeat_missing(
                session, get_settings(), conversation, message.get("text") or "", tracker.get_slot("carer_child")
            )
            if conversation is not None
            else None
        )
        context = Context(
            open_episode=conversation is not None and episodes.open_episode(session, conversation.id) is not None,
            repeat_missing=repeat is not None,
        )
        decision = decide(
            finding_from(metadata, message.get("text") or ""),
            intent.get("name"),
            intent.get("confidence"),
            ranking_from(message),
            context,
        )
        if conversation is not None:
            contacts.record(
                session, conversation.id, conversation.channel, metadata.get("message_id"), decision, "actions"
            )
            if decision.handoff:
                reasons = [*decision.reasons, *([repeat.reason] if repeat else [])]
                case, new = cases.open_or_raise(session, conversation.id, decision.risk, reasons)
                logger.info("case %s %s at %s", case.id, "opened" if new else "raised", decision.risk.label)
    return decision


class ActionTriage(Action):
    """Triage every message before the bot answers it."""

    def name(self) -> str:
        return "action_triage"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        decision = triage_latest(tracker)
        if decision.risk == Risk.EMERGENCY and decision.intent != "in_danger_now":
            # Whatever the words were read as, danger now means 999 comes first.
            dispatcher.utter_message(response="utter_in_danger_now")
        return [SlotSet("risk", decision.risk.label), SlotSet("handoff", decision.handoff)]


class ValidateAwayForm(FormValidationAction):
    """Every question in the away form can be skipped; a 'no, not safe' gets a person at once."""

    def name(self) -> str:
        return "validate_away_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        # Form answers are messages too: each one is triaged and recorded.
        decision = triage_latest(tracker)
        events: list[EventType] = list(await super().run(dispatcher, tracker, domain))
        events += [SlotSet("risk", decision.risk.label), SlotSet("handoff", decision.handoff)]
        if decision.risk >= Risk.HIGH:
            # Something worrying came up mid-form: stop asking questions, a person is coming.
            dispatcher.utter_message(response="utter_getting_person")
            events += [SlotSet(slot, tracker.get_slot(slot) or "skipped") for slot in AWAY_SLOTS]
        return events

    def validate_away_safe_now(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        answer = {"affirm": "yes", "deny": "no", "skip_question": "skipped"}.get(intent or "", "unclear")
        if answer != "no":
            return {"away_safe_now": answer}
        with database().session() as session:
            conversation = _conversation(session, tracker)
            if conversation is not None:
                cases.open_or_raise(
                    session, conversation.id, Risk.HIGH, ["said they are not safe where they are while away"]
                )
        dispatcher.utter_message(response="utter_not_safe_while_away")
        # Not safe: no more questions, just a person.
        return {slot: "skipped" for slot in AWAY_SLOTS} | {"away_safe_now": "no"}

    @staticmethod
    def _answer(slot: str, value: Any, tracker: Tracker) -> dict[str, Any]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return {slot: "skipped" if intent in SKIP_INTENTS else str(value)[:200]}

    def validate_away_area(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("away_area", value, tracker)

    def validate_away_with(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("away_with", value, tracker)

    def validate_away_back(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("away_back", value, tracker)

    def validate_away_why(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer("away_why", value, tracker)


class ActionRecordAway(Action):
    """Record the young person's own report that they are away (answers encrypted)."""

    def name(self) -> str:
        return "action_record_away"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        with database().session() as session:
            conversation = _conversation(session, tracker)
            if conversation is not None:
                episodes.record_self_report(
                    session,
                    conversation.id,
                    tracker.get_slot("away_safe_now"),
                    {
                        "area": tracker.get_slot("away_area") or "",
                        "with": tracker.get_slot("away_with") or "",
                        "back": tracker.get_slot("away_back") or "",
                        "why": tracker.get_slot("away_why") or "",
                    },
                )
        return [SlotSet(slot, None) for slot in AWAY_SLOTS]


class ActionRecordReturn(Action):
    """Close the open away episode when they say they are back."""

    def name(self) -> str:
        return "action_record_return"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        with database().session() as session:
            conversation = _conversation(session, tracker)
            if conversation is not None:
                episodes.record_return(session, conversation.id)
        return []
