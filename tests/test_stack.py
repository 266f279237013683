"""End to end through the real Rasa server, action server and app (web chat and Telegram)."""

from __future__ import annotations

import json
import subprocess
import uuid

import httpx
import pytest
from sqlalchemy import select

from bot.records.crypto import pseudonym
from bot.records.db import Database
from bot.records.models import Contact, Conversation, Message
from tests.conftest import PSEUDONYM_KEY, Stack
from tests.fakes.telegram_api import FakeTelegram

pytestmark = pytest.mark.stack


def chat(app: str, sender: str, text: str) -> list[dict[str, object]]:
    response = httpx.post(f"{app}/api/chat", json={"sender": sender, "text": text}, timeout=60)
    assert response.status_code == 200, response.text
    replies: list[dict[str, object]] = response.json()["replies"]
    assert replies, "every message gets a reply"
    return replies


def conversation_of(db: Database, channel: str, user_id: str) -> Conversation:
    with db.session() as session:
        conversation = session.scalar(
            select(Conversation).where(
                Conversation.channel == channel,
                Conversation.pseudonym == pseudonym(PSEUDONYM_KEY, channel, user_id),
            )
        )
        assert conversation is not None
        return conversation


def cases_json(stack: Stack) -> list[dict[str, object]]:
    out = subprocess.run(
        [".venv/bin/python", "-m", "bot", "cases", "list", "--json"],
        env=stack.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows: list[dict[str, object]] = json.loads(out.stdout)
    return rows


def test_healthz_reports_every_part(app: str) -> None:
    body = httpx.get(f"{app}/healthz", timeout=10).json()
    unconfirmed = body.pop("unconfirmed")
    assert body == {"status": "ok", "rasa": "ok", "actions": "ok", "db": "ok"}
    assert isinstance(unconfirmed, int) and unconfirmed >= 0  # sends whose answer was lost


def test_greeting_is_answered_and_recorded_by_the_actions(app: str, db: Database) -> None:
    sender = str(uuid.uuid4())
    replies = chat(app, sender, "hiya")
    assert "Waymark" in str(replies[0]["text"])
    conversation = conversation_of(db, "web", sender)
    with db.session() as session:
        contact = session.scalars(select(Contact).where(Contact.conversation_id == conversation.id)).one()
        assert contact.decided_by == "actions"
        assert contact.intent == "greet"
        assert contact.risk == "low"


def test_danger_now_opens_an_emergency_case_listed_by_the_cli(app: str, stack: Stack, db: Database) -> None:
    sender = str(uuid.uuid4())
    replies = chat(app, sender, "help theres a man trying to get in my room right now")
    assert "999" in str(replies[0]["text"]), "999 comes first when in danger now"
    conversation = conversation_of(db, "web", sender)
    with db.session() as session:
        contact = session.scalars(select(Contact).where(Contact.conversation_id == conversation.id)).one()
        assert contact.risk == "emergency"
    emergencies = [c for c in cases_json(stack) if c["priority"] == "emergency"]
    assert emergencies, "the emergency case is in the queue"
    assert emergencies[0]["channel"] in ("web", "telegram")
    assert emergencies[0]["reasons"]


def test_asking_for_a_person_opens_a_case_then_messages_join_the_case(app: str, db: Database) -> None:
    sender = str(uuid.uuid4())
    chat(app, sender, "can i talk to a real person please")
    conversation = conversation_of(db, "web", sender)
    holding = chat(app, sender, "are you there")
    assert "999" in str(holding[0]["text"])
    # The bot says a person is coming once, then stays quiet while the case is open.
    response = httpx.post(f"{app}/api/chat", json={"sender": sender, "text": "hello?"}, timeout=60)
    assert response.json() == {"replies": []}
    with db.session() as session:
        stored = session.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id, Message.direction == "in")
            .order_by(Message.id)
        ).all()
        assert [m.text for m in stored] == ["can i talk to a real person please", "are you there", "hello?"]


def test_messages_endpoint_returns_what_was_sent_after_an_id(app: str) -> None:
    sender = str(uuid.uuid4())
    chat(app, sender, "hello")
    first = httpx.get(f"{app}/api/chat/{sender}/messages", timeout=10).json()["messages"]
    assert first and first[0]["from"] == "bot"
    chat(app, sender, "what is this")
    later = httpx.get(f"{app}/api/chat/{sender}/messages?after={first[-1]['id']}", timeout=10).json()
    assert later["messages"] and all(m["id"] > first[-1]["id"] for m in later["messages"])
    assert httpx.get(f"{app}/api/chat/{uuid.uuid4()}/messages", timeout=10).json() == {"messages": []}


@pytest.mark.parametrize(
    ("kwargs", "status", "says"),
    [
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "JSON"),
        ({"json": {"sender": "a"}}, 422, "text"),
        ({"json": {"sender": "a", "text": "   "}}, 422, "empty"),
        ({"json": {"text": "hi"}}, 422, "sender"),
        ({"json": ["sender", "text"]}, 422, "object"),
        ({"content": b"sender=a&text=hi", "headers": {"content-type": "text/plain"}}, 415, "Content-Type"),
    ],
)
def test_bad_input_gets_a_clear_4xx(app: str, kwargs: dict[str, object], status: int, says: str) -> None:
    response = httpx.post(f"{app}/api/chat", timeout=30, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert says in response.json()["error"]


def test_long_and_strange_text_is_stored_as_sent_and_answered(app: str, db: Database) -> None:
    sender = str(uuid.uuid4())
    text = "i\u200bm\x00 n\u202eot ok \x07" + "x" * 10_000
    replies = chat(app, sender, text)
    assert replies[0]["text"]
    conversation = conversation_of(db, "web", sender)
    with db.session() as session:
        stored = session.scalars(
            select(Message).where(Message.conversation_id == conversation.id, Message.direction == "in")
        ).one()
        assert stored.text == text


def test_telegram_message_round_trip_through_the_fake_api(app: str, fake_telegram: FakeTelegram) -> None:
    user = uuid.uuid4().int % 10**9
    update_id = fake_telegram.push_text(user_id=user, text="hi there")
    sent = fake_telegram.wait_for_sent(chat_id=user)
    assert "Waymark" in sent[0]["text"]
    assert sent[0].get("protect_content") in (True, "true", "True")
    assert update_id > 0


def test_nothing_a_young_person_wrote_reaches_a_log(app: str, stack: Stack, fake_telegram: FakeTelegram) -> None:
    canary = f"canary{uuid.uuid4().hex}"
    chat(app, str(uuid.uuid4()), f"he hits me {canary}")
    user = uuid.uuid4().int % 10**9
    fake_telegram.push_text(user_id=user, text=f"im scared {canary}")
    fake_telegram.wait_for_sent(chat_id=user)
    for log in stack.logs.glob("*.log"):
        assert canary not in log.read_text(errors="replace"), f"{log.name} contains message text"
