"""A small fake Telegram Bot API server on 127.0.0.1 for python-telegram-bot's ``base_url``.

Supports getMe, getUpdates (long polling with offsets: asking for offset N forgets every
update before N, as Telegram does), sendMessage (``reply_markup`` kept; ``keyboard_of``
decodes it), answerCallbackQuery, deleteWebhook, setWebhook, deleteMessage and leaveChat.
Tests push updates with ``push_text`` / ``push_message`` / ``push_button`` (a pressed
inline button) / ``push_update`` and read what the bot sent from ``sent``; webhook,
answered button presses, deleted messages and left chats are recorded too.

Faults:
- ``fail_next``: a queue of (status, body) answered to the next calls of any method;
- ``fail(method, status, body, times)``: the next ``times`` calls of one method fail,
  e.g. ``fail("sendMessage", 429, retry_after(1))`` or ``fail("sendMessage", 502)``;
- ``hang(method, seconds, record=True)``: the next call of the method waits ``seconds``
  before answering (a timeout for the client); with ``record`` a sendMessage is recorded
  as delivered first, like a Telegram that sent it but whose answer got lost;
- ``push_update(update, times=2)``: the same update delivered twice (a duplicate).
"""

from __future__ import annotations

import contextlib
import copy
import json
import random
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Waymark", "username": "waymark_test_bot"}


def retry_after(seconds: int) -> dict[str, Any]:
    """The body Telegram sends with a 429."""
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {seconds}",
        "parameters": {"retry_after": seconds},
    }


def keyboard_of(sent: dict[str, Any]) -> dict[str, Any] | None:
    """The ``reply_markup`` of a recorded sendMessage, decoded (PTB sends it as a JSON string)."""
    markup = sent.get("reply_markup")
    if isinstance(markup, str):
        decoded: dict[str, Any] = json.loads(markup)
        return decoded
    return markup


def server_error(status: int = 502) -> dict[str, Any]:
    return {"ok": False, "error_code": status, "description": "Bad Gateway" if status == 502 else "Internal Error"}


@dataclass
class Hang:
    seconds: float
    record: bool


@dataclass
class FakeTelegram:
    token: str = "123456:TEST-TOKEN"
    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    fail_next: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    faults: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    hangs: dict[str, list[Hang]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    webhook_calls: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    left_chats: list[int] = field(default_factory=list)
    #: callback_query ids answered with answerCallbackQuery, in order.
    answered_queries: list[str] = field(default_factory=list)
    #: Highest offset a getUpdates asked for: every update below it is acknowledged.
    confirmed_offset: int = 0
    #: (time.monotonic(), chat_id) of every sendMessage answered 200.
    send_times: list[tuple[float, int]] = field(default_factory=list)
    # Update ids are unique per bot; tests share a database, so each fake starts somewhere else.
    _next_update_id: int = field(default_factory=lambda: random.randrange(10**9, 10**15, 10**5))
    _next_message_id: int = 1
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _server: ThreadingHTTPServer | None = None

    # -- what tests call -------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/bot"

    def fail(self, method: str, status: int, body: dict[str, Any] | None = None, times: int = 1) -> None:
        with self._cond:
            self.faults.setdefault(method, []).extend([(status, body or server_error(status))] * times)

    def hang(self, method: str, seconds: float, record: bool = True) -> None:
        with self._cond:
            self.hangs.setdefault(method, []).append(Hang(seconds, record))

    def new_update_id(self) -> int:
        with self._cond:
            self._next_update_id += 1
            return self._next_update_id

    def make_message(
        self,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str = "private",
        update_key: str = "message",
        update_id: int | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        """An update carrying one message; ``content`` is e.g. text=..., photo=[...], location={...}."""
        update_id = update_id or self.new_update_id()
        chat: dict[str, Any] = {"id": chat_id or user_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "Sam"
        else:
            chat["title"] = "Some group"
        message = {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Sam"},
            **content,
        }
        if update_key == "edited_message":
            message["edit_date"] = int(time.time())
        return {"update_id": update_id, update_key: message}

    def push_update(self, update: dict[str, Any], times: int = 1) -> int:
        """Queue an update (``times`` > 1 delivers duplicates); returns its update_id."""
        with self._cond:
            for _ in range(times):
                self.updates.append(copy.deepcopy(update))
            self.updates.sort(key=lambda u: u["update_id"])
            self._cond.notify_all()
        return int(update["update_id"])

    def push_message(self, user_id: int, chat_id: int | None = None, **kwargs: Any) -> int:
        return self.push_update(self.make_message(user_id, chat_id, **kwargs))

    def push_text(self, user_id: int, text: str, chat_id: int | None = None) -> int:
        """Queue a private text message from a user; returns its update_id."""
        return self.push_message(user_id, chat_id, text=text)

    def make_button_press(
        self, user_id: int, data: str, chat_id: int | None = None, chat_type: str = "private", message_id: int = 1
    ) -> dict[str, Any]:
        """An update for a pressed inline button (``callback_data`` = ``data``) under a bot message."""
        update_id = self.new_update_id()
        chat: dict[str, Any] = {"id": chat_id or user_id, "type": chat_type}
        return {
            "update_id": update_id,
            "callback_query": {
                "id": f"cq-{update_id}",
                "from": {"id": user_id, "is_bot": False, "first_name": "Sam"},
                "chat_instance": f"ci-{chat_id or user_id}",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": chat,
                    "from": BOT_USER,
                    "text": "a question with buttons",
                },
            },
        }

    def push_button(self, user_id: int, data: str, chat_id: int | None = None, times: int = 1) -> int:
        """Queue a press of an inline button; returns its update_id (the query id is ``cq-<update_id>``)."""
        return self.push_update(self.make_button_press(user_id, data, chat_id), times=times)

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self._cond:
            return [m for m in self.sent if int(m["chat_id"]) == chat_id]

    def wait_for_sent(self, chat_id: int, count: int = 1, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                mine = [m for m in self.sent if int(m["chat_id"]) == chat_id]
                if len(mine) >= count:
                    return mine
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"bot sent {len(mine)} of {count} messages to chat {chat_id}")
                self._cond.wait(left)

    def wait_for(self, check: Any, timeout: float = 30, what: str = "condition") -> None:
        """Wait until ``check()`` is true (it runs under the server's lock)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not check():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"fake telegram: timed out waiting for {what}")
                self._cond.wait(min(left, 0.2))

    # -- the API -----------------------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        hang: Hang | None = None
        with self._cond:
            self.calls.append(method)
            if self.fail_next:
                return self.fail_next.pop(0)
            if self.faults.get(method):
                return self.faults[method].pop(0)
            if self.hangs.get(method):
                hang = self.hangs[method].pop(0)
        if hang is not None:
            if method == "sendMessage" and hang.record:
                self._send_message(params)
            time.sleep(hang.seconds)
            return 200, {"ok": True, "result": True}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method in ("deleteWebhook", "setWebhook"):
            with self._cond:
                self.webhook_calls.append({"method": method, **params})
                self.webhook = dict(params) if method == "setWebhook" else {}
                self._cond.notify_all()
            return 200, {"ok": True, "result": True}
        if method == "deleteMessage":
            with self._cond:
                self.deleted.append(params)
            return 200, {"ok": True, "result": True}
        if method == "answerCallbackQuery":
            with self._cond:
                self.answered_queries.append(str(params["callback_query_id"]))
                self._cond.notify_all()
            return 200, {"ok": True, "result": True}
        if method == "leaveChat":
            with self._cond:
                self.left_chats.append(int(params["chat_id"]))
                self._cond.notify_all()
            return 200, {"ok": True, "result": True}
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method == "sendMessage":
            return 200, {"ok": True, "result": self._send_message(params)}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 2.0)
        deadline = time.monotonic() + timeout
        with self._cond:
            # Confirming an offset forgets everything before it, as Telegram does.
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            self._cond.notify_all()
            while not self.updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return copy.deepcopy(self.updates[: int(params.get("limit") or 100)])

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self._next_message_id += 1
            record = dict(params, message_id=self._next_message_id)
            self.sent.append(record)
            self.send_times.append((time.monotonic(), int(params["chat_id"])))
            self._cond.notify_all()
            return {
                "message_id": self._next_message_id,
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }

    # -- lifetime ------------------------------------------------------------------------
    def start(self) -> FakeTelegram:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self._serve()

            def do_GET(self) -> None:
                self._serve()

            def _serve(self) -> None:
                path, _, query = self.path.partition("?")
                prefix = f"/bot{fake.token}/"
                if not path.startswith(prefix):
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                params: dict[str, Any] = {k: v[0] for k, v in parse_qs(query).items()}
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                ctype = self.headers.get("content-type", "")
                if raw and "json" in ctype:
                    params.update(json.loads(raw))
                elif raw:
                    params.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
                status, body = fake.handle(path[len(prefix) :], params)
                self._reply(status, body)

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                # The client may have given up (a long poll cut short, a timeout fault).
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
