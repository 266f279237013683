"""Our own long-polling loop: an update is committed to the inbox before the offset moves past it.

PTB's ``Updater`` confirms an update (by asking for the next offset) before a handler has
stored it, so a crash in between loses it. Here the offset advances only past updates
that are in the database; when the database is down the loop stops advancing, and
Telegram hands the same updates back on the next call.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.channels.telegram_updates import ALLOWED_UPDATES

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel

logger = logging.getLogger(__name__)

MAX_PAUSE_S = 30.0


async def poll_once(channel: TelegramChannel, offset: int | None) -> tuple[int | None, bool]:
    """Fetch one batch and commit it; returns the next offset and whether all of it was stored."""
    updates = await channel.bot.get_updates(
        offset=offset, timeout=channel.poll_timeout_s, allowed_updates=ALLOWED_UPDATES
    )
    if not updates:
        return offset, True
    try:
        await channel.ingest(updates)
    except Exception as exc:
        # Not in the inbox: confirm none of them. The next getUpdates starts from the first again.
        logger.error("telegram: %d update(s) not stored (%s); fetching them again", len(updates), type(exc).__name__)
        return updates[0].update_id, False
    return updates[-1].update_id + 1, True


async def poll_forever(channel: TelegramChannel) -> None:
    """Long-poll until cancelled, pausing (with growing waits) while Telegram or the database fail."""
    from bot.channels.telegram import retry_after_s

    offset: int | None = None
    pause = 1.0
    while True:
        try:
            offset, stored_all = await poll_once(channel, offset)
        except RetryAfter as exc:
            await asyncio.sleep(retry_after_s(exc))
            continue
        except (Conflict, InvalidToken, NetworkError) as exc:
            # Conflict: a webhook is set or another poller runs; NetworkError includes timeouts.
            logger.warning("telegram: getUpdates failed (%s)", type(exc).__name__)
            stored_all = False
        except TelegramError as exc:
            logger.warning("telegram: getUpdates refused (%s)", type(exc).__name__)
            stored_all = False
        if stored_all:
            pause = 1.0
            continue
        await asyncio.sleep(pause)
        pause = min(MAX_PAUSE_S, pause * 2)
