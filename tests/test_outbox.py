"""The outbox: retries, Telegram's retry_after, rate limits, message ids, and never sending twice."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette
from starlette.routing import Route

from bot import cases, conversations
from bot.pipeline.outbox import Buttons, Outbox, enqueue, split_text
from bot.pipeline.watch import QueueWatch
from bot.queue.live import Broadcaster
from bot.records.db import Database
from bot.records.models import AuditEvent, Conversation, Message
from bot.risk import Risk
from bot.web.health import healthz
from tests.conftest import PSEUDONYM_KEY, free_port, make_settings
from tests.fakes.rasa_stub import eventually, running_channel
from tests.fakes.telegram_api import FakeTelegram, retry_after


def new_user() -> int:
    return uuid.uuid4().int % 10**9 + 1


def queue(db: Database, user: int, *texts: str) -> list[int]:
    with db.session() as session:
        conversation = conversations.get_or_create(session, PSEUDONYM_KEY, "telegram", str(user), str(user))
        return [enqueue(session, conversation, text).id for text in texts]


def rows(db: Database, ids: list[int]) -> list[Message]:
    with db.session() as session:
        return list(session.scalars(select(Message).where(Message.id.in_(ids)).order_by(Message.id)))


def statuses(db: Database, ids: list[int]) -> list[str]:
    return [m.status for m in rows(db, ids)]


class Recorder:
    """A channel sender that remembers what it sent, per conversation, in order."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.sent: list[tuple[int, str, float]] = []
        self.delay_s = delay_s

    async def __call__(self, conversation: Conversation, text: str, buttons: Buttons | None = None) -> str:
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        self.sent.append((conversation.id, text, time.monotonic()))
        return str(len(self.sent))

    def texts(self, marker: str) -> list[str]:
        return [text for _, text, _ in self.sent if marker in text]


# -- through the fake Bot API ------------------------------------------------------------------------


async def test_429_retry_after_is_honoured_for_every_chat_and_recorded_once(db: Database, tg: FakeTelegram) -> None:
    first, second = new_user(), new_user()
    async with running_channel(db, tg, f"http://127.0.0.1:{free_port()}", PSEUDONYM_KEY) as channel:
        tg.fail("sendMessage", 429, retry_after(1))
        started = time.monotonic()
        [a] = queue(db, first, "first reply")
        channel.outbox.kick()
        await eventually(lambda: "sendMessage" in tg.calls, what="the first try")
        [b] = queue(db, second, "second reply")
        channel.outbox.kick()
        await asyncio.to_thread(tg.wait_for_sent, first, 1, 20)
        await asyncio.to_thread(tg.wait_for_sent, second, 1, 20)
    times = {chat: at for at, chat in tg.send_times}
    assert times[first] - started >= 0.95, "the chat that got the 429 waited retry_after"
    assert times[second] - started >= 0.95, "every send paused for retry_after"
    [row_a, row_b] = rows(db, [a, b])
    assert (row_a.status, row_a.attempts) == ("sent", 2)
    assert row_a.channel_message_id == str(tg.sent_to(first)[0]["message_id"])
    assert row_b.status == "sent"
    assert len(tg.sent_to(first)) == 1


async def test_server_errors_are_retried_with_backoff_until_sent(db: Database, tg: FakeTelegram) -> None:
    user = new_user()
    async with running_channel(db, tg, f"http://127.0.0.1:{free_port()}", PSEUDONYM_KEY) as channel:
        tg.fail("sendMessage", 502, times=2)
        tg.fail("sendMessage", 500)
        ids = queue(db, user, "hello after errors")
        channel.outbox.kick()
        sent = await asyncio.to_thread(tg.wait_for_sent, user, 1, 30)
    [row] = rows(db, ids)
    assert (row.status, row.attempts) == ("sent", 4)
    assert row.channel_message_id == str(sent[0]["message_id"])
    assert sent[0]["protect_content"] in (True, "true")
    assert tg.calls.count("sendMessage") == 4


async def test_a_send_whose_answer_was_lost_is_not_resent(db: Database, tg: FakeTelegram) -> None:
    user = new_user()
    async with running_channel(db, tg, f"http://127.0.0.1:{free_port()}", PSEUDONYM_KEY) as channel:
        tg.hang("sendMessage", 3.5, record=True)  # Telegram delivered it, its answer never came
        ids = queue(db, user, "maybe delivered", "next one")
        channel.outbox.kick()
        await eventually(lambda: statuses(db, ids) == ["unconfirmed", "sent"], timeout=30, what="both settled")
        await asyncio.sleep(1.0)  # further sweeps
        await channel.outbox.sweep()
    assert [m["text"] for m in tg.sent_to(user)] == ["maybe delivered", "next one"], "nothing sent twice"


async def test_a_refused_connection_keeps_the_message_pending(db: Database) -> None:
    gone = FakeTelegram().start()
    gone.stop()  # its port now refuses connections
    user = new_user()
    async with running_channel(db, gone, "http://127.0.0.1:9", PSEUDONYM_KEY, start=False) as channel:
        ids = queue(db, user, "waiting for the network")
        await channel.outbox.deliver(ids[0])
    [row] = rows(db, ids)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at is not None, "retried later, with backoff"


async def test_a_person_who_blocked_the_bot_is_not_retried(db: Database, tg: FakeTelegram) -> None:
    user = new_user()
    async with running_channel(db, tg, f"http://127.0.0.1:{free_port()}", PSEUDONYM_KEY, start=False) as channel:
        await channel.bot.initialize()
        tg.fail("sendMessage", 403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"})
        ids = queue(db, user, "hello?")
        await channel.outbox.deliver(ids[0])
        await channel.outbox.sweep()
    [row] = rows(db, ids)
    assert (row.status, row.attempts) == ("failed", 1)


# -- the outbox's own promises -------------------------------------------------------------------------


async def test_a_crash_between_send_and_record_never_resends(db: Database) -> None:
    user, marker = new_user(), uuid.uuid4().hex
    ids = queue(db, user, f"{marker} one", f"{marker} two")
    calls: list[str] = []

    async def stuck_sender(conversation: Conversation, text: str, buttons: Buttons | None = None) -> str:
        calls.append(text)
        await asyncio.sleep(3600)  # the process dies while Telegram has the message
        return "never"

    crashed = Outbox(db, send_lease_s=0.5)
    crashed.register("telegram", stuck_sender)
    sweep = asyncio.create_task(crashed.sweep())
    await eventually(lambda: calls, what="the send to start")
    sweep.cancel()  # the process is gone: nothing after the call ran
    with pytest.raises(asyncio.CancelledError):
        await sweep
    assert statuses(db, ids) == ["sending", "pending"]

    restarted, recorder = Outbox(db, send_lease_s=0.5), Recorder()
    restarted.register("telegram", recorder)
    await asyncio.sleep(0.6)  # the dead worker's lease runs out
    await restarted.sweep()
    assert statuses(db, ids) == ["unconfirmed", "sent"]
    assert recorder.texts(marker) == [f"{marker} two"], "the message that may have arrived is not resent"


async def test_two_workers_send_each_message_once_in_order(db: Database) -> None:
    marker = uuid.uuid4().hex
    users = [new_user() for _ in range(3)]
    ids = [i for u in users for i in queue(db, u, *(f"{marker} {u} {n}" for n in range(8)))]
    recorder = Recorder(delay_s=0.005)
    workers = [Outbox(db, per_chat_per_s=1000, global_per_s=1000) for _ in range(2)]
    for worker in workers:
        worker.register("telegram", recorder)
    deadline = time.monotonic() + 30
    while any(s != "sent" for s in statuses(db, ids)) and time.monotonic() < deadline:
        await asyncio.gather(*(w.sweep() for w in workers))
    texts = recorder.texts(marker)
    assert sorted(texts) == sorted(set(texts)) and len(texts) == len(ids), "each message exactly once"
    for u in users:
        assert [t for t in texts if f" {u} " in t] == [f"{marker} {u} {n}" for n in range(8)], "in order"


async def test_per_chat_and_global_rates_are_respected(db: Database) -> None:
    marker = uuid.uuid4().hex
    one_chat = new_user()
    ids = queue(db, one_chat, *(f"{marker} {n}" for n in range(6)))
    recorder = Recorder()
    outbox = Outbox(db, per_chat_per_s=5, per_chat_burst=1, global_per_s=1000)
    outbox.register("telegram", recorder)
    while any(s != "sent" for s in statuses(db, ids)):
        await outbox.sweep()
    times = [at for _, text, at in recorder.sent if marker in text]
    assert times[-1] - times[0] >= 5 * 0.2 * 0.9, "about 5 a second in one chat"

    marker = uuid.uuid4().hex
    ids = [i for _ in range(3) for i in queue(db, new_user(), *(f"{marker} {n}" for n in range(8)))]
    recorder = Recorder()
    outbox = Outbox(db, per_chat_per_s=1000, per_chat_burst=100, global_per_s=10)
    outbox.register("telegram", recorder)
    while any(s != "sent" for s in statuses(db, ids)):
        await outbox.sweep()
    times = [at for _, text, at in recorder.sent if marker in text]
    assert len(times) == 24
    assert times[-1] - times[0] >= (24 - 10) / 10 * 0.9, "about 10 a second overall after a burst of 10"


def test_long_texts_are_split_at_paragraphs_and_spaces() -> None:
    text = "a" * 3000 + "\n\n" + "b " * 2000
    parts = split_text(text, 4096)
    assert all(len(p) <= 4096 for p in parts)
    assert parts[0] == "a" * 3000
    assert "".join(parts).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert split_text("", 4096) == [""]
    assert split_text("x" * 9000, 4096) == ["x" * 4096, "x" * 4096, "x" * 808]


def test_enqueue_stores_a_long_telegram_reply_as_several_messages(db: Database) -> None:
    user = new_user()
    [first] = queue(db, user, "word " * 2000)
    with db.session() as session:
        conversation_id = session.get(Message, first).conversation_id  # type: ignore[union-attr]
        stored = session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        ).all()
    assert len(stored) == 3 and all(len(m.text or "") <= 4096 for m in stored)
    assert [m.status for m in stored] == ["pending"] * 3


# -- unconfirmed sends are surfaced -------------------------------------------------------------------


async def test_an_unconfirmed_reply_on_an_open_case_tells_staff_and_is_counted_by_healthz(
    db: Database, tg: FakeTelegram, tmp_path: Path
) -> None:
    user, staff_chat_id = new_user(), -new_user()
    # Earlier tests share this database: their unsent rows would queue ahead of ours behind
    # the hanging fake, so this test starts from an empty outbox.
    with db.session() as session:
        session.execute(
            update(Message)
            .where(Message.direction == "out", Message.status.in_(("pending", "sending")))
            .values(status="failed")
        )
    settings = make_settings(
        db.url, tmp_path, public_url="http://console.test", telegram_staff_chat_id=str(staff_chat_id)
    )
    health = Starlette(routes=[Route("/healthz", healthz)])

    async def healthz_body() -> tuple[int, dict[str, object]]:
        transport = httpx.ASGITransport(app=health)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            response = await client.get("/healthz")
        return response.status_code, response.json()

    async with running_channel(db, tg, f"http://127.0.0.1:{free_port()}", PSEUDONYM_KEY) as channel:
        health.state.pipeline = channel.pipeline
        health.state.settings = settings
        health.state.outbox = channel.outbox
        watch = QueueWatch(db, channel.outbox, settings, Broadcaster())
        channel.outbox.on_unconfirmed = watch.unconfirmed
        status, before = await healthz_body()
        assert status == 503 and before["rasa"] == "down" and before["db"] == "ok", "contract keys and codes kept"

        ids = queue(db, user, "no case here")
        tg.hang("sendMessage", 3.5, record=True)
        channel.outbox.kick()
        await eventually(lambda: statuses(db, ids) == ["unconfirmed"], timeout=30, what="the first unconfirmed")
        with db.session() as session:
            conversation = session.get(Message, ids[0]).conversation  # type: ignore[union-attr]
            case, _ = cases.open_or_raise(session, conversation.id, Risk.HIGH, ["test"])
            case_id = case.id
        tg.hang("sendMessage", 3.5, record=True)
        ids += queue(db, user, "staff reply that may be lost")
        channel.outbox.kick()
        await eventually(lambda: statuses(db, ids)[1] == "unconfirmed", timeout=30, what="the second unconfirmed")
        [alert] = await asyncio.to_thread(tg.wait_for_sent, staff_chat_id, 1, 30)
        _, after = await healthz_body()
    assert "may not have reached the person" in alert["text"] and f"#{case_id}" in alert["text"]
    assert f"outbox message {ids[1]}" in alert["text"] and "staff reply" not in alert["text"], "ids only"
    assert len(tg.sent_to(staff_chat_id)) == 1, "no alert without an open case"
    assert isinstance(before["unconfirmed"], int) and after["unconfirmed"] == before["unconfirmed"] + 2
    with db.session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action == "outbox.unconfirmed")
        ).all()
        assert [e.detail["message_id"] for e in events] == [ids[1]], "on the case's audit trail"
