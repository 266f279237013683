"""Telegram through python-telegram-bot's ``Bot``: our own polling loop or a webhook, then the inbox.

Started by the app when ``TELEGRAM_BOT_TOKEN`` is set. ``TELEGRAM_BASE_URL`` points PTB at
another Bot API server (the tests use a local fake one). ``TELEGRAM_MODE=webhook`` makes
Telegram post updates to ``/telegram/webhook`` (any gateway worker can take them).

An update is acknowledged only after it is committed to the inbox: the polling offset
moves past it, or the webhook answers 200. Processing happens afterwards from the inbox
(``telegram_inbox``), replies leave through the outbox (``bot.pipeline.outbox``).

Use::

    channel = TelegramChannel(settings.telegram_bot_token, settings.telegram_base_url, pipeline, outbox)
    await channel.start()   # polling (default) or setWebhook, inbox recovery, outbox dispatcher
    ...
    await channel.stop()
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from contextlib import suppress
from datetime import timedelta
from typing import Any

import httpx
from anyio import CapacityLimiter, to_thread
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.channels.telegram_inbox import InboxWorker
from bot.channels.telegram_polling import poll_forever
from bot.channels.telegram_updates import ALLOWED_UPDATES, classify
from bot.pipeline.outbox import Buttons, Outbox, RetryLater, Unconfirmed, Undeliverable
from bot.pipeline.pipeline import Pipeline
from bot.records.models import Conversation

logger = logging.getLogger(__name__)

# Opt in to PTB's coming timedelta durations (else every 429 also raises a deprecation warning).
os.environ.setdefault("PTB_TIMEDELTA", "true")

WEBHOOK_PATH = "/telegram/webhook"
#: Transport failures that prove the request never reached Telegram.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Telegram's limit on an inline button's callback_data.
MAX_CALLBACK_BYTES = 64


def keyboard(buttons: Buttons | None) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """Rasa's buttons as Telegram markup, one button a row.

    Inline buttons carry the payload as callback_data, so a press comes back (as a
    ``callback_query``) with exactly what Rasa asked for. Telegram caps callback_data at 64
    bytes; if a payload is longer, a one-time reply keyboard is sent instead, whose press
    comes back as the button's title typed as a message.
    """
    if not buttons:
        return None
    if all(len(b["payload"].encode()) <= MAX_CALLBACK_BYTES for b in buttons):
        return InlineKeyboardMarkup([[InlineKeyboardButton(b["title"], callback_data=b["payload"])] for b in buttons])
    return ReplyKeyboardMarkup([[KeyboardButton(b["title"])] for b in buttons], one_time_keyboard=True)


def retry_after_s(exc: RetryAfter) -> float:
    """Telegram's ``retry_after`` in seconds, whichever type PTB hands back."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramChannel:
    def __init__(
        self,
        token: str,
        base_url: str,
        pipeline: Pipeline,
        outbox: Outbox,
        *,
        mode: str = "polling",
        webhook_url: str = "",
        webhook_secret: str = "",
        staff_chat_id: str = "",
        poll_timeout_s: int = 10,
        send_timeout_s: float = 10.0,
        processing_lease_s: float = 90.0,
    ) -> None:
        if mode not in ("polling", "webhook"):
            raise ValueError("TELEGRAM_MODE must be polling or webhook")
        self.pipeline = pipeline
        self.outbox = outbox
        self.mode = mode
        self.webhook_url = webhook_url
        self.webhook_secret = webhook_secret
        self.staff_chat_id = staff_chat_id
        self.poll_timeout_s = poll_timeout_s
        self.bot = Bot(
            token,
            base_url=base_url,
            request=HTTPXRequest(connection_pool_size=128, read_timeout=send_timeout_s, pool_timeout=5.0),
            get_updates_request=HTTPXRequest(connection_pool_size=2, read_timeout=5.0),
        )
        self.inbox = InboxWorker(pipeline, lease_s=processing_lease_s, on_processed=outbox.kick)
        outbox.register("telegram", self.send)
        self._tasks: list[asyncio.Task[Any]] = []
        self._ingest_limiter = CapacityLimiter(4)
        self._answering: set[asyncio.Task[None]] = set()
        self.ready = asyncio.Event()

    async def send(self, conversation: Conversation, text: str, buttons: Buttons | None = None) -> str | None:
        """Send one stored message (with Rasa's buttons, if any) to the person's chat;
        returns Telegram's message id.

        Raises the outbox's ``RetryLater`` / ``Undeliverable`` / ``Unconfirmed`` so it can
        keep its at-most-once promise.
        """
        if not conversation.reply_address:
            raise Undeliverable("conversation has no Telegram chat id")
        try:
            sent = await self.bot.send_message(
                chat_id=int(conversation.reply_address),
                text=text,
                protect_content=True,
                reply_markup=keyboard(buttons),
            )
        except RetryAfter as exc:
            raise RetryLater(retry_after_s(exc), whole_channel=True) from exc
        except (Forbidden, BadRequest, ChatMigrated) as exc:
            raise Undeliverable(type(exc).__name__) from exc
        except (TimedOut, NetworkError) as exc:
            cause = exc.__cause__
            if isinstance(cause, _NOT_SENT):
                raise RetryLater() from exc
            if isinstance(cause, httpx.HTTPError):
                # The request left: Telegram may have sent it and the answer got lost.
                raise Unconfirmed(type(cause).__name__) from exc
            raise RetryLater() from exc  # Telegram answered with a 5xx: nothing was sent
        except TelegramError as exc:  # a bad token and the like: keep it, try later
            raise RetryLater() from exc
        return str(sent.message_id)

    async def ingest(self, updates: Sequence[Update]) -> None:
        """Commit a batch of updates to the inbox (one transaction), leaving groups on the way.

        Returns once every update is safe to acknowledge. Raises when the database is down:
        the caller must then acknowledge none of them.
        """
        inbounds = []
        button_presses: list[str] = []
        for update in updates:
            try:
                intake = classify(update, self.staff_chat_id)
            except Exception as exc:  # an update shape we do not know: drop its content, keep going
                logger.warning("telegram: could not read update %s (%s)", update.update_id, type(exc).__name__)
                continue
            if intake.callback_query_id is not None:
                button_presses.append(intake.callback_query_id)
            if intake.action == "leave" and intake.chat_id is not None:
                logger.info("telegram: leaving a chat (%s)", intake.what)
                try:
                    await self.bot.leave_chat(intake.chat_id)
                except TelegramError as exc:
                    logger.warning("telegram: could not leave a chat (%s)", type(exc).__name__)
            elif intake.action == "store" and intake.inbound is not None:
                inbounds.append(intake.inbound)
        if inbounds:
            # Its own thread limiter: a busy inbox worker must never hold up acknowledging updates.
            stored = await to_thread.run_sync(self.pipeline.store_batch, inbounds, True, limiter=self._ingest_limiter)
            for item in stored:
                if item is not None:
                    self.inbox.submit(item.conversation_id)
        # Committed (or nothing to keep): stop the buttons' spinners, in the background so a
        # slow answer never holds up acknowledging the next updates.
        for query_id in button_presses:
            task = asyncio.create_task(self._answer_button(query_id))
            self._answering.add(task)
            task.add_done_callback(self._answering.discard)

    async def _answer_button(self, query_id: str) -> None:
        """Best effort: a query answered late or twice (a redelivered update) is refused harmlessly."""
        try:
            await self.bot.answer_callback_query(query_id)
        except TelegramError as exc:
            logger.info("telegram: could not answer a button press (%s)", type(exc).__name__)

    async def _connect(self) -> None:
        """Say hello to the Bot API (retrying until it answers), then receive updates."""
        delay = 1.0
        while True:
            try:
                await self.bot.initialize()
                if self.mode == "webhook":
                    await self.bot.set_webhook(
                        url=self.webhook_url,
                        secret_token=self.webhook_secret,
                        allowed_updates=ALLOWED_UPDATES,
                        max_connections=40,
                    )
                else:
                    await self.bot.delete_webhook()
                break
            except TelegramError as exc:
                logger.warning("telegram: Bot API not reachable (%s); retrying", type(exc).__name__)
                await asyncio.sleep(delay)
                delay = min(30.0, delay * 2)
        self.ready.set()
        logger.info("telegram: %s started", "webhook" if self.mode == "webhook" else "long polling")
        if self.mode == "polling":
            await poll_forever(self)

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self.inbox.run()),
            asyncio.create_task(self.outbox.run()),
            asyncio.create_task(self._connect()),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with suppress(asyncio.CancelledError, Exception):
                await task
        await self.inbox.idle(timeout=10)
        await self.outbox.aclose()
        if self._answering:
            await asyncio.wait(list(self._answering), timeout=2)
        with suppress(Exception):
            await self.bot.shutdown()
