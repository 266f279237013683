"""The Telegram gateway in-process against the fake Bot API: durable inbox, commands, non-text, groups.

Rasa is a local stub here (``tests/fakes/rasa_stub.py``) so each behaviour is exact and quick;
``test_telegram_process.py`` runs the same gateway as a real app process over the real stack.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from telegram import ReplyKeyboardMarkup

from bot import cases
from bot.channels import telegram_updates as texts
from bot.channels.telegram import keyboard
from bot.pipeline.handback import HANDED_BACK, StaffRelay
from bot.pipeline.pipeline import Inbound
from bot.queue.targets import ClaimTargets
from bot.records.crypto import pseudonym
from bot.records.db import Database
from bot.records.models import Contact, Conversation, Message
from bot.risk import Risk
from tests.conftest import PSEUDONYM_KEY, free_port, telegram_messages
from tests.fakes.rasa_stub import StubRasa, eventually, running_channel
from tests.fakes.telegram_api import BOT_USER, FakeTelegram, keyboard_of
from tests.helpers_staff import make_staff


def new_user() -> int:
    return uuid.uuid4().int % 10**9 + 1


def name_of(user: int) -> str:
    return pseudonym(PSEUDONYM_KEY, "telegram", str(user))


def inbound_rows(db: Database, user: int) -> list[Message]:
    return telegram_messages(db, user, "in")


def conversation_id(db: Database, user: int) -> int | None:
    with db.session() as session:
        return session.scalar(select(Conversation.id).where(Conversation.pseudonym == name_of(user)))


async def sent_to(fake: FakeTelegram, user: int, count: int = 1, timeout: float = 30) -> list[dict[str, Any]]:
    return await asyncio.to_thread(fake.wait_for_sent, user, count, timeout)


def protected(message: dict[str, Any]) -> bool:
    return message.get("protect_content") in (True, "true", "True")


# -- durable inbox ---------------------------------------------------------------------------------


async def test_an_update_is_committed_before_it_is_acknowledged(db: Database, tg: FakeTelegram, rasa: StubRasa) -> None:
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY) as channel:
        offsets_at_commit: list[int] = []
        store = channel.pipeline.store_batch

        def watching_store(inbounds: list[Inbound], *args: Any) -> Any:
            offsets_at_commit.append(tg.confirmed_offset)
            return store(inbounds, *args)

        channel.pipeline.store_batch = watching_store  # type: ignore[method-assign]
        user = new_user()
        update_id = tg.push_text(user, "hello there")
        sent = await sent_to(tg, user)
        assert sent[0]["text"] == "stub reply to: hello there"
        assert protected(sent[0]), "every bot message is sent with protect_content"
        assert offsets_at_commit and offsets_at_commit[0] <= update_id, "not acknowledged before the commit"
        await eventually(lambda: tg.confirmed_offset > update_id, what="the offset to move on")
        rows = inbound_rows(db, user)
        assert [(r.status, r.external_id) for r in rows] == [("processed", f"telegram:{update_id}")]


async def test_database_down_means_the_update_is_not_acknowledged(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY) as channel:
        store = channel.pipeline.store_batch
        failures = {"left": 2}

        def broken_store(inbounds: list[Inbound], *args: Any) -> Any:
            if failures["left"]:
                failures["left"] -= 1
                raise OperationalError("INSERT INTO messages", {}, Exception("connection refused"))
            return store(inbounds, *args)

        channel.pipeline.store_batch = broken_store  # type: ignore[method-assign]
        user = new_user()
        update_id = tg.push_text(user, "is anyone there")
        await eventually(lambda: failures["left"] == 0, what="the gateway to retry")
        assert tg.confirmed_offset <= update_id, "an update that is not stored is never acknowledged"
        sent = await sent_to(tg, user)
        assert len(sent) == 1
        assert len(inbound_rows(db, user)) == 1


async def test_a_locked_sqlite_database_delays_the_ack_and_loses_nothing(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    if not db.url.startswith("sqlite"):
        pytest.skip("SQLite's file lock; PostgreSQL's row locks are exercised by the multi-instance test")
    path = db.url.split("///", 1)[1]
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        locker = sqlite3.connect(path, timeout=1, check_same_thread=False)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            user = new_user()
            update_id = tg.push_text(user, "hello?")
            await asyncio.sleep(1.5)
            assert tg.confirmed_offset <= update_id, "not acknowledged while the database is locked"
        finally:
            locker.rollback()
            locker.close()
        assert len(await sent_to(tg, user)) == 1
        await eventually(lambda: tg.confirmed_offset > update_id, what="the ack after the lock")


async def test_duplicate_updates_are_stored_and_answered_once(db: Database, tg: FakeTelegram, rasa: StubRasa) -> None:
    user = new_user()
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY) as channel:
        update = tg.make_message(user, text="hi")
        tg.push_update(update, times=3)
        await sent_to(tg, user)
        await eventually(lambda: tg.confirmed_offset > update["update_id"], what="the ack")
        await channel.inbox.idle()
        await channel.outbox.sweep()
    assert len(tg.sent_to(user)) == 1
    assert len(inbound_rows(db, user)) == 1
    assert rasa.heard[name_of(user)] == ["hi"]


async def test_committed_but_unprocessed_messages_are_processed_after_a_restart(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    users = [new_user() for _ in range(4)]
    # The first gateway committed these updates (so Telegram forgot them) and died before processing.
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY, start=False) as dead:
        for user in users:
            dead.pipeline.store(
                Inbound("telegram", str(user), f"message from {user}", str(user), f"telegram:{tg.new_update_id()}")
            )
    # One of them had been claimed by that gateway: its lease ran out with it.
    cid = conversation_id(db, users[0])
    with db.session() as session:
        session.execute(
            update(Message)
            .where(Message.conversation_id == cid, Message.direction == "in")
            .values(status="processing", lease_until=datetime.now(UTC) - timedelta(seconds=1))
        )
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        for user in users:
            sent = await sent_to(tg, user)
            assert sent[0]["text"] == f"stub reply to: message from {user}"
    for user in users:
        assert [r.status for r in inbound_rows(db, user)] == ["processed"]
        assert len(tg.sent_to(user)) == 1


async def test_a_live_claim_by_another_worker_is_left_alone(db: Database, tg: FakeTelegram, rasa: StubRasa) -> None:
    user = new_user()
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY, start=False) as other:
        other.pipeline.store(Inbound("telegram", str(user), "first", str(user), f"telegram:{tg.new_update_id()}"))
        other.pipeline.store(Inbound("telegram", str(user), "second", str(user), f"telegram:{tg.new_update_id()}"))
    first = inbound_rows(db, user)[0]
    with db.session() as session:
        session.execute(
            update(Message)
            .where(Message.id == first.id)
            .values(status="processing", lease_until=datetime.now(UTC) + timedelta(seconds=2))
        )
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        await asyncio.sleep(1.0)
        assert tg.sent_to(user) == [], "the second message waits for the first (order within a conversation)"
        sent = await sent_to(tg, user, count=2)
    assert [m["text"] for m in sent] == ["stub reply to: first", "stub reply to: second"]


async def test_a_conversation_is_processed_in_order_while_others_run_alongside(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    rasa.delay_s = 0.1
    users = [new_user() for _ in range(5)]
    script = [f"message {i}" for i in range(4)]
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        started = time.monotonic()
        for line in script:
            for user in users:
                tg.push_text(user, line)
        for user in users:
            sent = await sent_to(tg, user, count=len(script))
            assert [m["text"] for m in sent] == [f"stub reply to: {line}" for line in script]
        elapsed = time.monotonic() - started
    for user in users:
        assert rasa.heard[name_of(user)] == script
    # 20 messages at 0.1 s each would take 2 s one after another; conversations run in parallel.
    assert elapsed < 20 * 0.1 + 3


# -- commands and everything that is not text ----------------------------------------------------------

PHOTO = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
MEDIA = {
    "photo": {"photo": PHOTO},
    "voice": {"voice": {"file_id": "v1", "file_unique_id": "u2", "duration": 3}},
    "video": {"video": {"file_id": "v2", "file_unique_id": "u3", "width": 1, "height": 1, "duration": 1}},
    "sticker": {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "u4",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    },
    "document": {"document": {"file_id": "d1", "file_unique_id": "u5", "file_name": "x.pdf"}},
}


@pytest.mark.parametrize(
    ("content", "kind", "kept", "reply_says"),
    [
        ({"text": "/start"}, "command", "/start", "I'm Waymark"),
        ({"text": "/start@waymark_test_bot"}, "command", "/start", "I'm Waymark"),
        ({"text": "/help"}, "command", "/help", "Childline"),
        ({"text": "/stop"}, "command", "/stop", "won't message you"),
        ({"text": "/dance now"}, "unknown_command", None, "don't know that command"),
        *[(content, kind, None, "can't open") for kind, content in MEDIA.items()],
        ({**MEDIA["photo"], "caption": "my new trainers"}, "photo", None, "can't open"),
        ({"contact": {"phone_number": "+447700900123", "first_name": "Jo"}}, "contact", None, "phone numbers"),
        ({"location": {"latitude": 52.486123, "longitude": -1.890401}}, "location", "area 52.5,-1.9", "rough area"),
    ],
)
async def test_commands_and_non_text_get_a_kind_reply_and_are_recorded_by_type(
    db: Database,
    tg: FakeTelegram,
    rasa: StubRasa,
    content: dict[str, Any],
    kind: str,
    kept: str | None,
    reply_says: str,
) -> None:
    user = new_user()
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        tg.push_message(user, **content)
        sent = await sent_to(tg, user)
        await eventually(lambda: inbound_rows(db, user)[0].text == kept, what="the record by type")
    assert reply_says in sent[0]["text"] and protected(sent[0])
    [row] = inbound_rows(db, user)
    assert (row.kind, row.text, row.status) == (kind, kept, "processed")
    assert name_of(user) not in rasa.heard, "Rasa is not asked about commands and media"
    with db.session() as session:
        contact = session.scalar(select(Contact).where(Contact.message_id == row.id))
        assert contact is not None and contact.decided_by == "safety_net", "every message is accounted for"


async def test_start_with_an_enrolment_code_goes_on_as_if_the_code_was_typed(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user = new_user()
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        tg.push_message(user, text="/start ABC-123 and more")
        await sent_to(tg, user)
        await eventually(lambda: inbound_rows(db, user)[0].status == "processed", what="the code processed")
    [row] = inbound_rows(db, user)
    assert (row.kind, row.text) == ("text", "ABC-123"), "only the code is kept"
    assert name_of(user) in rasa.heard, "the code reaches the enrolment step like a typed one"


async def test_an_edited_message_gets_a_note_and_keeps_only_its_type(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user = new_user()
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        tg.push_text(user, "hello")
        await sent_to(tg, user)
        tg.push_message(user, update_key="edited_message", text="hello again")
        sent = await sent_to(tg, user, count=2)
        await eventually(lambda: inbound_rows(db, user)[-1].text is None, what="the edit to be minimised")
    assert sent[1]["text"] == texts.EDITED
    assert [(r.kind, r.text) for r in inbound_rows(db, user)] == [("text", "hello"), ("edited", None)]


async def test_words_with_a_photo_are_still_screened_and_kept_when_risk_bearing(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user = new_user()
    caption = "hes got a knife and hes coming for me"
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        tg.push_message(user, photo=PHOTO, caption=caption)
        sent = await sent_to(tg, user)
    assert "999" in sent[0]["text"]
    [row] = inbound_rows(db, user)
    assert (row.kind, row.text) == ("photo", caption), "kept as evidence for the case"
    with db.session() as session:
        case = cases.open_case(session, row.conversation_id)
        assert case is not None


async def test_a_text_over_telegrams_limit_is_kept_whole_and_long_replies_are_split(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user = new_user()
    text = "i need to tell someone something " * 200  # 6,600 characters
    rasa.reply = "\n\n".join(f"paragraph {i} " + "words " * 300 for i in range(5))  # about 9,100
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        tg.push_text(user, text)
        sent = await sent_to(tg, user, count=3)
    assert all(len(m["text"]) <= 4096 for m in sent)
    assert [m["text"].split()[:2] for m in sent] == [["paragraph", "0"], ["paragraph", "2"], ["paragraph", "4"]]
    assert " ".join(m["text"] for m in sent).split() == rasa.reply.split(), "nothing lost, in order"
    assert inbound_rows(db, user)[0].text == text, "the stored message keeps the whole text"
    assert len(rasa.heard[name_of(user)][0]) <= 1000, "the NLU sees a bounded copy"


# -- groups ----------------------------------------------------------------------------------------------


async def test_the_bot_leaves_groups_but_stays_in_the_staff_chat(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user, group, staff_chat, added_to = new_user(), -100_000_001, -100_000_002, -100_000_003
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY, staff_chat_id=str(staff_chat)):
        tg.push_message(user, chat_id=group, chat_type="group", text="hello bot")
        tg.push_message(user, chat_id=staff_chat, chat_type="supergroup", text="team: case 4 is mine")
        tg.push_update(
            {
                "update_id": tg.new_update_id(),
                "my_chat_member": {
                    "chat": {"id": added_to, "type": "supergroup", "title": "random"},
                    "from": {"id": user, "is_bot": False, "first_name": "Sam"},
                    "date": int(time.time()),
                    "old_chat_member": {"status": "left", "user": BOT_USER},
                    "new_chat_member": {"status": "member", "user": BOT_USER},
                },
            }
        )
        last = tg.push_text(user, "now in private")
        await sent_to(tg, user)
        await eventually(lambda: tg.confirmed_offset > last, what="all updates acknowledged")
    assert sorted(tg.left_chats) == sorted([group, added_to])
    assert staff_chat not in tg.left_chats
    assert [r.text for r in inbound_rows(db, user)] == ["now in private"], "group messages are not recorded"
    assert tg.sent_to(group) == [] and tg.sent_to(staff_chat) == []


# -- the parts behind failing ------------------------------------------------------------------------------


@pytest.mark.parametrize("trouble", ["down", "slow", "empty", "error"])
async def test_when_rasa_fails_a_young_person_still_gets_help_and_a_case(
    db: Database, tg: FakeTelegram, rasa: StubRasa, trouble: str
) -> None:
    url = f"http://127.0.0.1:{free_port()}" if trouble == "down" else rasa.url
    rasa.mode = "ok" if trouble == "down" else trouble
    rasa.delay_s = 3.0 if trouble == "slow" else 0.0
    in_danger, chatting = new_user(), new_user()
    async with running_channel(db, tg, url, PSEUDONYM_KEY, rasa_timeout_s=1.0):
        tg.push_text(in_danger, "hes got a knife and hes coming for me")
        tg.push_text(chatting, "what time is it")
        urgent = await sent_to(tg, in_danger)
        calm = await sent_to(tg, chatting)
    assert "999" in urgent[0]["text"]
    assert "Childline" in calm[0]["text"] and "999" in calm[0]["text"]
    for user, risk, has_case in ((in_danger, "emergency", True), (chatting, "low", False)):
        [row] = inbound_rows(db, user)
        assert row.status == "processed", "kept and accounted for"
        with db.session() as session:
            contact = session.scalar(select(Contact).where(Contact.message_id == row.id))
            assert contact is not None and (contact.decided_by, contact.risk) == ("safety_net", risk)
            assert (cases.open_case(session, row.conversation_id) is not None) is has_case


async def test_an_urgent_message_is_in_the_queue_before_rasa_answers(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    rasa.delay_s = 2.0
    user = new_user()

    def queued_while_waiting_for_rasa() -> bool:
        rows = inbound_rows(db, user)
        if not rows or rows[0].status == "processed":
            return False
        with db.session() as session:
            return cases.open_case(session, rows[0].conversation_id) is not None

    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY, rasa_timeout_s=10):
        tg.push_text(user, "hes got a knife and hes coming for me")
        await eventually(queued_while_waiting_for_rasa, timeout=10, what="the case before Rasa's answer")
        sent = await sent_to(tg, user)
    assert sent[0]["text"].startswith("stub reply to:"), "the message that opened the case still gets its answer"
    [row] = inbound_rows(db, user)
    assert row.escalated and row.status == "processed"


# -- Rasa's buttons ------------------------------------------------------------------------------------


async def test_rasa_buttons_become_an_inline_keyboard_and_a_press_comes_back_as_the_payload(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user = new_user()
    rasa.reply = "Are you safe where you are?"
    rasa.buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        tg.push_text(user, "im not going home tonight")
        [question] = await sent_to(tg, user)
        assert question["text"] == "Are you safe where you are?" and protected(question)
        yes, no = {"text": "Yes", "callback_data": "/affirm"}, {"text": "No", "callback_data": "/deny"}
        assert keyboard_of(question) == {"inline_keyboard": [[yes], [no]]}
        rasa.buttons = None
        update_id = tg.push_button(user, "/deny", times=2)  # Telegram redelivers it: one message
        await sent_to(tg, user, 2)
        await eventually(lambda: [r.status for r in inbound_rows(db, user)] == ["processed"] * 2, what="the press")
        await asyncio.to_thread(tg.wait_for, lambda: f"cq-{update_id}" in tg.answered_queries, 10, "the answer")
    assert rasa.heard[name_of(user)] == ["im not going home tonight", "/deny"], "the payload, once, to Rasa"
    press = inbound_rows(db, user)[1]
    assert (press.kind, press.text, press.external_id) == ("text", "/deny", f"telegram:{update_id}")
    with db.session() as session:
        out = session.scalars(
            select(Message)
            .where(Message.conversation_id == press.conversation_id, Message.direction == "out")
            .order_by(Message.id)
        ).all()
    assert out[0].text == "Are you safe where you are?", "the outbox keeps only the reply text"
    assert out[0].buttons == [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    assert out[1].buttons is None and "reply_markup" not in tg.sent_to(user)[1]


def test_a_payload_too_long_for_callback_data_gets_a_one_time_reply_keyboard() -> None:
    long_payload = '/report_missing{"child": "' + "x" * 60 + '"}'
    markup = keyboard([{"title": "Report", "payload": long_payload}, {"title": "Skip", "payload": "/skip"}])
    assert isinstance(markup, ReplyKeyboardMarkup) and markup.one_time_keyboard
    assert [[b.text for b in row] for row in markup.keyboard] == [["Report"], ["Skip"]]
    assert keyboard([]) is None and keyboard(None) is None


async def test_a_button_press_outside_a_private_chat_is_answered_but_not_stored(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user, group = new_user(), -new_user()
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY):
        update = tg.make_button_press(user, "/affirm", chat_id=group, chat_type="group")
        tg.push_update(update)
        query_id = update["callback_query"]["id"]
        await asyncio.to_thread(tg.wait_for, lambda: query_id in tg.answered_queries, 10, "the answer")
    assert inbound_rows(db, user) == [] and tg.sent_to(group) == []


# -- /stop -----------------------------------------------------------------------------------------------


def muted_at(db: Database, user: int) -> datetime | None:
    with db.session() as session:
        return session.scalar(select(Conversation.muted_at).where(Conversation.pseudonym == name_of(user)))


async def test_stop_silences_what_the_bot_starts_itself_until_the_person_writes_again(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user = new_user()
    staff, _ = make_staff(db)
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY) as channel:
        targets = ClaimTargets.parse("emergency=2m,high=10m,medium=60m,low=1h")
        relay = StaffRelay(db, channel.outbox, channel.pipeline.rasa, targets)
        tg.push_message(user, text="/stop")
        [stopped] = await sent_to(tg, user)
        assert stopped["text"] == texts.STOP, "the answer to /stop itself is sent"
        await eventually(lambda: muted_at(db, user), what="the conversation muted")
        cid = conversation_id(db, user)
        assert cid is not None
        with db.session() as session:
            case, _ = cases.open_or_raise(session, cid, Risk.MEDIUM, ["test"])
            case_id = case.id
        now = datetime.now(UTC)
        await relay.claim(case_id, staff, now)
        await relay.reply(case_id, staff, "Hi, it's Jo from the team. Are you OK?", now)
        replies = await sent_to(tg, user, 2)
        assert replies[1]["text"].startswith("Hi, it's Jo"), "a person answering them still gets through"
        await relay.close(case_id, staff, "safe_and_well", "", now)
        await asyncio.sleep(1.0)
        await channel.outbox.sweep()
        assert [m["text"] for m in tg.sent_to(user)] == [texts.STOP, replies[1]["text"]], "no handback note"

        tg.push_text(user, "hello again")
        await sent_to(tg, user, 3)
        await eventually(lambda: muted_at(db, user) is None, what="unmuted by writing again")
        with db.session() as session:
            case, _ = cases.open_or_raise(session, cid, Risk.MEDIUM, ["test"])
            case_id = case.id
        await relay.claim(case_id, staff, now)
        await relay.close(case_id, staff, "safe_and_well", "", now)
        sent = await sent_to(tg, user, 4)
    assert sent[3]["text"] == HANDED_BACK, "once they wrote again, the bot says it is back"
