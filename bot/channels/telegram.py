"""Telegram through python-telegram-bot: long polling into the shared pipeline.

Started by the app when ``TELEGRAM_BOT_TOKEN`` is set. ``TELEGRAM_BASE_URL`` points PTB
at another Bot API server (the tests use a local fake one).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.pipeline.outbox import Outbox
from bot.pipeline.pipeline import Inbound, Pipeline
from bot.records.models import Conversation

logger = logging.getLogger(__name__)

SWEEP_EVERY_S = 2.0


def _kind(update: Update) -> str:
    message = update.effective_message
    if message is None:
        return "unknown"
    if message.text:
        return "text"
    for kind in ("photo", "voice", "video", "sticker", "document", "contact", "location", "audio"):
        if getattr(message, kind, None):
            return kind
    return "other"


class TelegramChannel:
    def __init__(self, token: str, base_url: str, pipeline: Pipeline, outbox: Outbox) -> None:
        self.pipeline = pipeline
        self.outbox = outbox
        self.application = Application.builder().token(token).base_url(base_url).build()
        self.application.add_handler(MessageHandler(filters.ALL, self.on_message))
        outbox.register("telegram", self.send)
        self._sweeper: asyncio.Task[None] | None = None

    async def send(self, conversation: Conversation, text: str) -> str | None:
        """Send one stored message to the person's chat; returns Telegram's message id."""
        if not conversation.reply_address:
            raise ValueError("conversation has no Telegram chat id")
        sent = await self.application.bot.send_message(
            chat_id=int(conversation.reply_address), text=text, protect_content=True
        )
        return str(sent.message_id)

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Hand one update to the pipeline, then push the replies out."""
        user, chat, message = update.effective_user, update.effective_chat, update.effective_message
        if user is None or chat is None or message is None:
            return
        kind = _kind(update)
        await self.pipeline.handle(
            Inbound(
                channel="telegram",
                user_id=str(user.id),
                text=message.text or "",
                reply_address=str(chat.id),
                external_id=f"telegram:{update.update_id}",
                kind=kind,
            )
        )
        await self.outbox.sweep()

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_EVERY_S)
            try:
                await self.outbox.sweep()
            except Exception:
                logger.exception("outbox sweep failed")

    async def start(self) -> None:
        await self.application.initialize()
        await self.application.start()
        assert self.application.updater is not None
        await self.application.updater.start_polling(poll_interval=0.0, timeout=10)
        self._sweeper = asyncio.create_task(self._sweep_forever())
        logger.info("telegram: long polling started")

    async def stop(self) -> None:
        if self._sweeper:
            self._sweeper.cancel()
            with suppress(asyncio.CancelledError):
                await self._sweeper
        if self.application.updater and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
