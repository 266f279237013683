"""``POST /telegram/webhook``: Telegram's updates in webhook mode.

The secret Telegram echoes in ``X-Telegram-Bot-Api-Secret-Token`` is compared in constant
time; a wrong or missing one gets 403. The update is committed to the inbox before the 200;
if the database is down the answer is 503 and Telegram delivers the update again later.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from telegram import Update

from bot.channels.telegram import WEBHOOK_PATH, TelegramChannel

logger = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 (a header name)
MAX_BODY = 1_000_000


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"error": detail}, status_code=status)


async def telegram_webhook(request: Request) -> JSONResponse:
    """Commit one update from Telegram, then acknowledge it."""
    channel: TelegramChannel | None = getattr(request.app.state, "telegram", None)
    if channel is None or channel.mode != "webhook":
        return _error(404, "webhook mode is not enabled")
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not channel.webhook_secret or not hmac.compare_digest(given, channel.webhook_secret.encode()):
        return _error(403, "wrong or missing secret token")
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return _error(413, "update too large")
    try:
        body: Any = json.loads(raw)
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            raise ValueError("not an update")
        update = Update.de_json(body, channel.bot)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return _error(400, "body is not a Telegram update")
    try:
        await channel.ingest([update])
    except Exception as exc:
        logger.error("telegram webhook: update not stored (%s); asking Telegram to retry", type(exc).__name__)
        return _error(503, "not stored; retry later")
    return JSONResponse({})


routes = [Route(WEBHOOK_PATH, telegram_webhook, methods=["POST"])]
