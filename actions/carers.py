"""Carer actions: enrolment, the missing and return forms, contact logs, guidance, check-ins.

Nothing about any child is said to a conversation that is not linked to a carer by an
enrolment code: the gate answers "not linked" and the rules send such people to a neutral reply.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.actions import _conversation, triage_latest
from bot import episodes
from bot.carers import guidance, invites, placements
from bot.carers import reports as carer_reports
from bot.records.models import Carer, Child, as_utc
from bot.risk import Risk
from bot.runtime import database
from bot.settings import get_settings

logger = logging.getLogger(__name__)

MISSING_SLOTS = ("carer_child", "carer_last_seen", "carer_clothing", "carer_with", "carer_risks", "carer_police")
RETURN_SLOTS = (
    "carer_child",
    "carer_return_time",
    "carer_return_seem",
    "carer_return_injuries",
    "carer_return_intox",
    "carer_return_concerns",
)
UNKNOWN_CHILD = "unknown"


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def _carer(session: Any, tracker: Tracker) -> Carer | None:
    conversation = _conversation(session, tracker)
    return placements.carer_of_conversation(session, conversation.id) if conversation is not None else None


def _child(session: Any, carer: Carer, value: str | None) -> Child | None:
    if not value or value == UNKNOWN_CHILD:
        return None
    return placements.resolve_child(session, carer.placement_id, value)


class ActionCarerGate(Action):
    """Is this conversation a linked carer? Pre-fills the child when the words name one."""

    def name(self) -> str:
        return "action_carer_gate"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        with database().session() as session:
            carer = _carer(session, tracker)
            if carer is None:
                return [SlotSet("carer_status", "not_linked")]
            events: list[EventType] = [SlotSet("carer_status", "linked")]
            child = placements.resolve_child(session, carer.placement_id, _text(tracker))
            if child is None and intent == "report_return":
                out = carer_reports.open_episodes_of_placement(session, carer.placement_id)
                child = out[0][0] if len(out) == 1 else None
            if child is not None:
                events.append(SlotSet("carer_child", child.code))
            if intent == "report_missing":
                dispatcher.utter_message(response="utter_carer_missing_start")
            elif intent == "report_return":
                dispatcher.utter_message(response="utter_carer_return_start")
        return events


class ActionCarerEnrol(Action):
    """Link this conversation to a carer record when the message holds a valid one-time code."""

    def name(self) -> str:
        return "action_carer_enrol"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        with database().session() as session:
            conversation = _conversation(session, tracker)
            result = invites.enrol(session, conversation, _text(tracker)) if conversation is not None else None
            if result is None or not result.ok:
                dispatcher.utter_message(response="utter_carer_code_not_valid")
                return []
            assert result.carer is not None
            codes = placements.codes_of(session, result.carer.placement_id)
            placement = result.carer.placement.name
        dispatcher.utter_message(
            response="utter_carer_enrolled", placement=placement, codes=", ".join(codes) or "none yet"
        )
        return [SlotSet("carer_status", "linked")]


class _CarerForm(FormValidationAction):
    """Shared: every answer is triaged; "don't know" is always an answer."""

    @abstractmethod
    def name(self) -> str:
        """Abstract, so the action server does not register this base class."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        decision = triage_latest(tracker)
        events: list[EventType] = list(await super().run(dispatcher, tracker, domain))
        if decision.risk >= Risk.HIGH:
            dispatcher.utter_message(response="utter_carer_flagged")
        return [*events, SlotSet("risk", decision.risk.label), SlotSet("handoff", decision.handoff)]

    @staticmethod
    def _answer(slot: str, value: Any) -> dict[str, Any]:
        text = str(value or "").strip()[:300]
        return {slot: "don't know" if carer_reports.dont_know(text) else text}

    def validate_carer_child(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value or "")
        if carer_reports.dont_know(text):
            return {"carer_child": UNKNOWN_CHILD}
        with database().session() as session:
            carer = _carer(session, tracker)
            if carer is None:
                return {"carer_child": UNKNOWN_CHILD}
            child = placements.resolve_child(session, carer.placement_id, text)
            if child is not None:
                return {"carer_child": child.code}
            codes = ", ".join(placements.codes_of(session, carer.placement_id)) or "none on the list yet"
        dispatcher.utter_message(response="utter_carer_child_not_matched", codes=codes)
        return {"carer_child": None}


def _generic_validator(slot: str) -> Any:
    def validate(
        self: _CarerForm, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(slot, value)

    validate.__name__ = f"validate_{slot}"
    return validate


class ValidateCarerMissingForm(_CarerForm):
    def name(self) -> str:
        return "validate_carer_missing_form"


class ValidateCarerReturnForm(_CarerForm):
    def name(self) -> str:
        return "validate_carer_return_form"


for _slot in MISSING_SLOTS[1:]:
    setattr(ValidateCarerMissingForm, f"validate_{_slot}", _generic_validator(_slot))
for _slot in RETURN_SLOTS[1:]:
    setattr(ValidateCarerReturnForm, f"validate_{_slot}", _generic_validator(_slot))


def _reset(slots: tuple[str, ...]) -> list[EventType]:
    return [SlotSet(slot, None) for slot in slots]


class ActionCarerSubmitMissing(Action):
    """Open or join the child's episode, open a case, and tell the carer about the police."""

    def name(self) -> str:
        return "action_carer_submit_missing"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings = get_settings()
        with database().session() as session:
            carer = _carer(session, tracker)
            if carer is None:
                dispatcher.utter_message(response="utter_carer_not_linked")
                return _reset(MISSING_SLOTS)
            child = _child(session, carer, tracker.get_slot("carer_child"))
            answers = {
                "last_seen": tracker.get_slot("carer_last_seen"),
                "clothing": tracker.get_slot("carer_clothing"),
                "with": tracker.get_slot("carer_with"),
                "risks": tracker.get_slot("carer_risks"),
                "police": tracker.get_slot("carer_police"),
            }
            report = carer_reports.report_missing(session, settings, carer, child, answers)
            who = child.code if child else "the child"
            joined = "" if report.new_episode else " I've added this to the episode already open for them."
        dispatcher.utter_message(
            response="utter_carer_missing_recorded", child=who, joined=joined, advice=report.assessment.advice
        )
        return _reset(MISSING_SLOTS)


class ActionCarerSubmitReturn(Action):
    """Close the episode, schedule the return interview, raise a case if there are concerns."""

    def name(self) -> str:
        return "action_carer_submit_return"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        settings = get_settings()
        with database().session() as session:
            carer = _carer(session, tracker)
            child = _child(session, carer, tracker.get_slot("carer_child")) if carer else None
            if carer is None or child is None:
                dispatcher.utter_message(response="utter_carer_return_no_child")
                return _reset(RETURN_SLOTS)
            answers = {
                "time": tracker.get_slot("carer_return_time"),
                "seem": tracker.get_slot("carer_return_seem"),
                "injuries": tracker.get_slot("carer_return_injuries"),
                "intoxication": tracker.get_slot("carer_return_intox"),
                "concerns": tracker.get_slot("carer_return_concerns"),
            }
            result = carer_reports.report_return(session, settings, carer, child, answers)
            due = result.episode.return_interview_due_at
            due_text = as_utc(due).strftime("%d %b %H:%M UTC") if due else "in 72 hours"
            code = child.code
        dispatcher.utter_message(response="utter_carer_return_recorded", child=code, due=due_text)
        if result.concerns:
            dispatcher.utter_message(response="utter_carer_return_concerns")
        return _reset(RETURN_SLOTS)


class ActionCarerLogContact(Action):
    """The absent child has been in touch: note it on their open episode."""

    def name(self) -> str:
        return "action_carer_log_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = _text(tracker)
        with database().session() as session:
            carer = _carer(session, tracker)
            if carer is None:
                dispatcher.utter_message(response="utter_carer_not_linked")
                return []
            child = placements.resolve_child(session, carer.placement_id, text)
            open_ = carer_reports.open_episodes_of_placement(session, carer.placement_id)
            if child is None and len(open_) == 1:
                child = open_[0][0]
            episode = episodes.open_for_child(session, child.id) if child else None
            if child is None or episode is None:
                dispatcher.utter_message(response="utter_carer_contact_no_episode")
                return []
            known = any(w in text.lower() for w in (" at ", "with", "staying"))
            episodes.log_contact(session, episode, datetime.now(UTC), text, whereabouts_known=known)
            code = child.code
        dispatcher.utter_message(response="utter_carer_contact_logged", child=code)
        return []


class ActionCarerCheckIn(Action):
    """What is open for this carer's placement right now."""

    def name(self) -> str:
        return "action_carer_check_in"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        now = datetime.now(UTC)
        with database().session() as session:
            carer = _carer(session, tracker)
            if carer is None:
                dispatcher.utter_message(response="utter_carer_not_linked")
                return []
            lines = []
            for child, episode in carer_reports.open_episodes_of_placement(session, carer.placement_id):
                hours = (now - as_utc(episode.started_at)).total_seconds() / 3600
                police = {True: "police told", False: "police not told yet", None: "police: not recorded"}[
                    episode.police_informed
                ]
                lines.append(f"{child.code}: {episodes.CATEGORY_LABELS[episode.category]} for {hours:.0f} h, {police}")
        if not lines:
            dispatcher.utter_message(response="utter_carer_nothing_open")
        else:
            dispatcher.utter_message(response="utter_carer_open_episodes", episodes="; ".join(lines))
        return []


class ActionCarerPoliceGuidance(Action):
    """When to call 999 and when 101, per the local protocol in the settings (no child details)."""

    def name(self) -> str:
        return "action_carer_police_guidance"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=guidance.police_guidance(get_settings()))
        return []
