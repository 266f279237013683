"""The Starlette app: ``uvicorn --factory bot.web.app:create_app``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

from anyio import to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot import retention
from bot.channels import telegram_webhook, webchat
from bot.channels.telegram import WEBHOOK_PATH, TelegramChannel
from bot.pipeline.handback import StaffRelay
from bot.pipeline.outbox import Outbox
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.rasa_client import RasaClient
from bot.pipeline.watch import QueueWatch
from bot.queue.live import Broadcaster
from bot.records.db import migrate
from bot.runtime import configure_logging, database
from bot.safety.net import warm_up
from bot.settings import get_settings
from bot.web import carers_console, console, reports_page, staff_api
from bot.web.health import healthz

logger = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """Adds the CSP and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


async def index(request: Request) -> Response:
    return FileResponse(STATIC / "chat.html")


def create_app() -> Starlette:
    settings = get_settings()
    configure_logging()
    db = database()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await to_thread.run_sync(migrate, settings.database_url)
        await to_thread.run_sync(warm_up)
        rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_s)
        outbox = Outbox(db, per_chat_per_s=settings.telegram_chat_rate, global_per_s=settings.telegram_global_rate)
        app.state.settings = settings
        app.state.pipeline = Pipeline(db, rasa, outbox, settings.pseudonym_key)
        app.state.templates = Jinja2Templates(directory=TEMPLATES)  # autoescapes .html
        app.state.live = Broadcaster()
        watch = QueueWatch(db, outbox, settings, app.state.live)
        outbox.on_unconfirmed = watch.unconfirmed  # staff hear of replies that may not have arrived
        app.state.relay = StaffRelay(db, outbox, rasa, watch.targets)
        app.state.outbox = outbox
        telegram = None
        if settings.telegram_bot_token:
            telegram = TelegramChannel(
                settings.telegram_bot_token,
                settings.telegram_base_url,
                app.state.pipeline,
                outbox,
                mode=settings.telegram_mode,
                webhook_url=settings.telegram_webhook_url or f"{settings.public_url}{WEBHOOK_PATH}",
                webhook_secret=settings.telegram_webhook_secret,
                staff_chat_id=settings.telegram_staff_chat_id,
                # A claim outlives the slowest processing: Rasa's timeout plus the database.
                processing_lease_s=settings.telegram_processing_lease_s or 2 * settings.rasa_timeout_s + 60,
            )
            await telegram.start()
        app.state.telegram = telegram
        watcher = asyncio.create_task(watch.run_forever())
        purger = asyncio.create_task(retention.purge_forever(db, settings))
        logger.info("waymark app ready on %s", settings.public_url)
        try:
            yield
        finally:
            for task in (watcher, purger):
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            if telegram:
                await telegram.stop()
            await rasa.aclose()

    return Starlette(
        routes=[
            Route("/", index),
            Route("/healthz", healthz),
            *webchat.routes,
            *telegram_webhook.routes,
            *console.routes,
            *carers_console.routes,
            *staff_api.routes,
            *reports_page.routes,
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        middleware=[Middleware(SecurityHeaders)],
        lifespan=lifespan,
    )
