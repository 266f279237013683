"""A stand-in Rasa REST channel on 127.0.0.1, and an in-process Telegram gateway to test with.

``StubRasa`` answers ``POST /webhooks/rest/webhook`` the way a healthy, empty, slow or
broken Rasa would, and remembers what each sender said, in order. ``running_channel``
wires the real gateway (``TelegramChannel``, ``Pipeline``, ``Outbox``, ``RasaClient``) to
a fake Telegram and a Rasa URL, inside the test's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.channels.telegram import TelegramChannel
from bot.pipeline.outbox import Outbox
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.rasa_client import RasaClient
from bot.records.db import Database
from tests.fakes.telegram_api import FakeTelegram


@dataclass
class StubRasa:
    mode: str = "ok"  # ok | empty | slow | error
    delay_s: float = 0.0
    reply: str | None = None  # answer this instead of echoing
    buttons: list[dict[str, str]] | None = None  # Rasa's buttons ({"title", "payload"}) on the reply
    heard: dict[str, list[str]] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def answer(self, body: dict[str, Any]) -> tuple[int, Any]:
        with self._lock:
            self.heard.setdefault(str(body.get("sender")), []).append(str(body.get("message")))
            mode, delay = self.mode, self.delay_s
        if delay or mode == "slow":
            time.sleep(delay or 30)
        if mode == "empty":
            return 200, []
        if mode == "error":
            return 500, {"error": "boom"}
        text = self.reply or f"stub reply to: {body.get('message')}"
        item: dict[str, Any] = {"recipient_id": body.get("sender"), "text": text}
        if self.buttons:
            item["buttons"] = self.buttons
        return 200, [item]

    def start(self) -> StubRasa:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                status, body = stub.answer(json.loads(raw or b"{}"))
                self._reply(status, body)

            def do_GET(self) -> None:
                self._reply(200, {"version": "stub"})

            def _reply(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()


@contextlib.asynccontextmanager
async def running_channel(
    db: Database,
    fake: FakeTelegram,
    rasa_url: str,
    pseudonym_key: str,
    *,
    mode: str = "polling",
    rasa_timeout_s: float = 5.0,
    lease_s: float = 30.0,
    staff_chat_id: str = "",
    webhook_secret: str = "",
    start: bool = True,
    outbox: Outbox | None = None,
) -> AsyncIterator[TelegramChannel]:
    """The real Telegram gateway in this event loop, polling (or webhooked by) the fake."""
    rasa = RasaClient(rasa_url, "stub-token", timeout_s=rasa_timeout_s)
    outbox = outbox or Outbox(db, per_chat_per_s=50, global_per_s=200, backoff_base_s=0.2, poll_every_s=0.2)
    pipeline = Pipeline(db, rasa, outbox, pseudonym_key)
    channel = TelegramChannel(
        fake.token,
        fake.base_url,
        pipeline,
        outbox,
        mode=mode,
        webhook_url="http://127.0.0.1:9/telegram/webhook",
        webhook_secret=webhook_secret,
        staff_chat_id=staff_chat_id,
        poll_timeout_s=1,
        send_timeout_s=2.0,
        processing_lease_s=lease_s,
    )
    channel.inbox.recover_every_s = 0.5
    if start:
        await channel.start()
    try:
        yield channel
    finally:
        await channel.stop()
        await rasa.aclose()


async def eventually(check: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll ``check`` (run in a thread: it may query the database) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        result = await asyncio.to_thread(check)
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)
