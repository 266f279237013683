"""Webhook mode: secret checked, committed before the 200, 503 (so Telegram retries) when not stored."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette

from bot.channels import telegram_webhook
from bot.channels.telegram import TelegramChannel
from bot.pipeline.pipeline import Inbound
from bot.records.db import Database
from tests.conftest import PSEUDONYM_KEY, telegram_messages
from tests.fakes.rasa_stub import StubRasa, eventually, running_channel
from tests.fakes.telegram_api import FakeTelegram

SECRET = "good-secret_123"
PATH = "/telegram/webhook"


@asynccontextmanager
async def webhook_client(channel: TelegramChannel) -> AsyncIterator[httpx.AsyncClient]:
    app = Starlette(routes=telegram_webhook.routes)
    app.state.telegram = channel
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway") as client:
        yield client


def stored_count(db: Database, user: int, direction: str = "in") -> int:
    return len(telegram_messages(db, user, direction))


async def test_webhook_is_registered_with_its_secret(db: Database, tg: FakeTelegram, rasa: StubRasa) -> None:
    async with running_channel(db, tg, rasa.url, PSEUDONYM_KEY, mode="webhook", webhook_secret=SECRET) as channel:
        await asyncio.wait_for(channel.ready.wait(), 10)
    assert tg.webhook["url"].endswith(PATH)
    assert tg.webhook["secret_token"] == SECRET
    assert "getUpdates" not in tg.calls, "no polling in webhook mode"


@pytest.mark.parametrize(
    "headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {"X-Telegram-Bot-Api-Secret-Token": ""}]
)
async def test_a_wrong_or_missing_secret_gets_403_and_stores_nothing(
    db: Database, tg: FakeTelegram, rasa: StubRasa, headers: dict[str, str]
) -> None:
    user = uuid.uuid4().int % 10**9
    async with (
        running_channel(db, tg, rasa.url, PSEUDONYM_KEY, mode="webhook", webhook_secret=SECRET) as channel,
        webhook_client(channel) as client,
    ):
        response = await client.post(PATH, json=tg.make_message(user, text="hi"), headers=headers)
    assert response.status_code == 403
    assert stored_count(db, user) == 0


async def test_a_good_update_is_committed_answered_and_a_redelivery_ignored(
    db: Database, tg: FakeTelegram, rasa: StubRasa
) -> None:
    user = uuid.uuid4().int % 10**9
    good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with (
        running_channel(db, tg, rasa.url, PSEUDONYM_KEY, mode="webhook", webhook_secret=SECRET) as channel,
        webhook_client(channel) as client,
    ):
        update = tg.make_message(user, text="hello")
        response = await client.post(PATH, json=update, headers=good)
        assert response.status_code == 200
        assert stored_count(db, user) == 1, "committed before the 200"
        sent = await asyncio.to_thread(tg.wait_for_sent, user, 1, 20)
        again = await client.post(PATH, json=update, headers=good)  # Telegram retried after a timeout
        assert again.status_code == 200
        await channel.inbox.idle()
        bad = await client.post(PATH, content=b"{not json", headers=good)
        assert bad.status_code == 400
        odd = await client.post(PATH, json={"hello": "world"}, headers=good)
        assert odd.status_code == 400
    assert sent[0]["text"] == "stub reply to: hello"
    assert len(tg.sent_to(user)) == 1
    assert stored_count(db, user) == 1, "the redelivery was not stored again"
    assert stored_count(db, user, "out") == 1


async def test_database_down_answers_503_so_telegram_redelivers(db: Database, tg: FakeTelegram, rasa: StubRasa) -> None:
    user = uuid.uuid4().int % 10**9
    good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with (
        running_channel(db, tg, rasa.url, PSEUDONYM_KEY, mode="webhook", webhook_secret=SECRET) as channel,
        webhook_client(channel) as client,
    ):
        store = channel.pipeline.store_batch
        down = {"yes": True}

        def maybe_down(inbounds: list[Inbound], *args: Any) -> Any:
            if down["yes"]:
                raise OperationalError("INSERT", {}, Exception("could not connect to server"))
            return store(inbounds, *args)

        channel.pipeline.store_batch = maybe_down  # type: ignore[method-assign]
        update = tg.make_message(user, text="anyone?")
        first = await client.post(PATH, json=update, headers=good)
        assert first.status_code == 503
        down["yes"] = False
        second = await client.post(PATH, json=update, headers=good)
        assert second.status_code == 200
        await eventually(lambda: tg.sent_to(user), what="the reply")
    assert len(tg.sent_to(user)) == 1
