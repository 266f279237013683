"""action_triage with a real Tracker and CollectingDispatcher, no server (as in financial-demo)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.actions import ActionTriage
from bot import cases, conversations, runtime
from bot.records.db import Database
from bot.records.models import Contact, Message
from bot.risk import Risk
from tests.conftest import PSEUDONYM_KEY


@pytest.fixture
def actions_db(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    monkeypatch.setattr(runtime, "database", lambda: db)
    monkeypatch.setattr("actions.actions.database", lambda: db)
    yield db


def tracker_for(pseudonym: str, text: str, intent: str, confidence: float, metadata: dict[str, Any]) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "metadata": metadata,
    }
    return Tracker(pseudonym, {}, latest, [], False, None, {}, "action_listen")


def stored_message(db: Database, text: str) -> tuple[int, str, int]:
    with db.session() as session:
        conversation = conversations.get_or_create(session, PSEUDONYM_KEY, "web", str(uuid.uuid4()))
        message = Message(
            conversation_id=conversation.id, direction="in", author="person", text=text, status="received"
        )
        session.add(message)
        session.flush()
        return conversation.id, conversation.pseudonym, message.id


def test_in_danger_now_records_an_emergency_contact_and_opens_a_case(actions_db: Database) -> None:
    cid, name, mid = stored_message(actions_db, "theyre breaking the door down")
    metadata = {
        "message_id": mid,
        "channel": "web",
        "safety": {"risk": "low", "categories": [], "reasons": []},
    }
    events = ActionTriage().run(
        CollectingDispatcher(),
        tracker_for(name, "theyre breaking the door down", "in_danger_now", 0.93, metadata),
        {},
    )
    assert SlotSet("risk", "emergency") in events and SlotSet("handoff", True) in events
    with actions_db.session() as session:
        contact = session.scalars(select(Contact).where(Contact.message_id == mid)).one()
        assert (contact.intent, contact.risk, contact.decided_by) == ("in_danger_now", "emergency", "actions")
        case = cases.open_case(session, cid)
        assert case is not None and case.priority == Risk.EMERGENCY


def test_greeting_records_a_low_contact_and_no_case(actions_db: Database) -> None:
    cid, name, mid = stored_message(actions_db, "hey")
    metadata = {
        "message_id": mid,
        "channel": "web",
        "safety": {"risk": "low", "categories": [], "reasons": []},
    }
    events = ActionTriage().run(CollectingDispatcher(), tracker_for(name, "hey", "greet", 0.99, metadata), {})
    assert SlotSet("handoff", False) in events
    with actions_db.session() as session:
        assert session.scalars(select(Contact).where(Contact.message_id == mid)).one().risk == "low"
        assert cases.open_case(session, cid) is None


def test_the_gateway_safety_finding_is_honoured(actions_db: Database) -> None:
    cid, name, mid = stored_message(actions_db, "i owe him now")
    safety = {
        "risk": "high",
        "categories": ["exploitation"],
        "reasons": ["safety net: debt to an older person"],
    }
    metadata = {"message_id": mid, "channel": "web", "safety": safety}
    ActionTriage().run(CollectingDispatcher(), tracker_for(name, "i owe him now", "out_of_scope", 0.6, metadata), {})
    with actions_db.session() as session:
        case = cases.open_case(session, cid)
        assert case is not None and case.priority == Risk.HIGH
        assert "safety net: debt to an older person" in case.reasons


def test_not_safe_while_away_gets_a_person_and_ends_the_questions(actions_db: Database) -> None:
    from actions.actions import AWAY_SLOTS, ValidateAwayForm

    cid, name, mid = stored_message(actions_db, "no")
    metadata = {"message_id": mid, "channel": "web"}
    tracker = tracker_for(name, "no", "deny", 0.95, metadata)
    dispatcher = CollectingDispatcher()
    answer = ValidateAwayForm().validate_away_safe_now("no", dispatcher, tracker, {})
    assert answer["away_safe_now"] == "no"
    assert all(answer[slot] == "skipped" for slot in AWAY_SLOTS[1:])
    assert dispatcher.messages[0]["response"] == "utter_not_safe_while_away"
    with actions_db.session() as session:
        case = cases.open_case(session, cid)
        assert case is not None and case.priority == Risk.HIGH


def test_every_away_question_can_be_skipped(actions_db: Database) -> None:
    from actions.actions import ValidateAwayForm

    _, name, mid = stored_message(actions_db, "rather not say")
    tracker = tracker_for(name, "rather not say", "skip_question", 0.9, {"message_id": mid, "channel": "web"})
    form = ValidateAwayForm()
    assert form.validate_away_area("rather not say", CollectingDispatcher(), tracker, {}) == {"away_area": "skipped"}
    assert form.validate_away_why("rather not say", CollectingDispatcher(), tracker, {}) == {"away_why": "skipped"}
    answered = tracker_for(name, "croydon", "out_of_scope", 0.5, {"message_id": mid, "channel": "web"})
    assert form.validate_away_area("croydon", CollectingDispatcher(), answered, {}) == {"away_area": "croydon"}


def test_away_report_and_return_make_one_closed_episode(actions_db: Database) -> None:
    from actions.actions import ActionRecordAway, ActionRecordReturn
    from bot import episodes
    from bot.records.models import Episode

    cid, name, mid = stored_message(actions_db, "at my mates")
    slots = {"away_safe_now": "yes", "away_area": "croydon", "away_with": "skipped", "away_back": "sunday"}
    tracker = Tracker(name, slots, {"metadata": {"message_id": mid, "channel": "web"}}, [], False, None, {}, "")
    ActionRecordAway().run(CollectingDispatcher(), tracker, {})
    with actions_db.session() as session:
        episode = episodes.open_episode(session, cid)
        assert episode is not None and episode.source == "young_person" and episode.category == "away"
        assert episode.details is not None and "croydon" in episode.details and "skipped" not in episode.details
    ActionRecordReturn().run(CollectingDispatcher(), tracker, {})
    with actions_db.session() as session:
        assert episodes.open_episode(session, cid) is None
        closed = session.scalars(select(Episode).where(Episode.conversation_id == cid)).one()
        assert closed.ended_at is not None


def test_danger_now_read_as_another_intent_still_puts_999_first(actions_db: Database) -> None:
    _, name, mid = stored_message(actions_db, "theres a man banging on my door")
    safety = {"risk": "emergency", "categories": ["in_danger_now"], "reasons": ["safety net: someone at the door"]}
    dispatcher = CollectingDispatcher()
    metadata = {"message_id": mid, "channel": "web", "safety": safety}
    ActionTriage().run(
        dispatcher, tracker_for(name, "theres a man banging on my door", "feel_unsafe", 0.7, metadata), {}
    )
    assert dispatcher.messages[0]["response"] == "utter_in_danger_now"
    calm = CollectingDispatcher()
    ActionTriage().run(calm, tracker_for(name, "hey", "greet", 0.99, {"message_id": None, "channel": "web"}), {})
    assert calm.messages == []
