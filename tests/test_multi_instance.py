"""Past one machine: two Rasa servers and two gateway workers (webhook mode) over one PostgreSQL
and one Redis. Updates for the same person land on either worker, and Telegram redelivers some;
nothing is lost, duplicated or reordered within a conversation.

Needs ``TEST_DATABASE_URL`` (PostgreSQL) and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from bot.processes import MODELS, app_command, rasa_command
from bot.records.crypto import pseudonym
from bot.records.db import Database
from bot.settings import Settings
from tests.conftest import PSEUDONYM_KEY, Process, Stack, free_port, settings_env, start, telegram_messages, wait_until
from tests.fakes.telegram_api import FakeTelegram

pytestmark = pytest.mark.stack

SCRIPT = ["hello", "how does this work", "thanks", "goodbye"]
CONVERSATIONS = 12
SECRET = "multi-instance-secret"


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_two_rasa_servers_and_two_gateway_workers_lose_duplicate_and_reorder_nothing(
    database_url: str, db: Database, stack: Stack, tmp_path: Path
) -> None:
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("set TEST_DATABASE_URL (PostgreSQL) to run two Rasa servers and two gateway workers")
    if not database_url.startswith("postgresql"):
        pytest.skip("runs once, on the PostgreSQL backend (SQLite is the single-machine default)")
    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379 for Rasa's lock store")
    admin = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"waymark_rasa_{uuid.uuid4().hex[:10]}"
    tracker_url = admin.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    fake = FakeTelegram().start()
    processes: list[Process] = []
    workers: list[Settings] = []
    try:
        for n in range(2):
            settings = dataclasses.replace(
                stack.settings,
                var_dir=tmp_path,
                port=free_port(),
                rasa_url=f"http://127.0.0.1:{free_port()}",
                rasa_tracker_store_url=tracker_url,
                rasa_lock_store_url="redis://127.0.0.1:6379/3",
            )
            workers.append(settings)
            command = rasa_command(settings, MODELS / "waymark.tar.gz")
            processes.append(start(f"rasa-{n}", command, settings_env(settings), stack.logs))
        for settings, rasa in zip(workers, processes, strict=True):
            wait_until(f"{settings.rasa_url}/status?token={settings.rasa_token}", rasa, 300)
        for n, settings in enumerate(workers):
            env = settings_env(settings)
            env.update(
                TELEGRAM_BOT_TOKEN=fake.token,
                TELEGRAM_BASE_URL=fake.base_url,
                TELEGRAM_MODE="webhook",
                TELEGRAM_WEBHOOK_SECRET=SECRET,
            )
            app = start(f"gateway-{n}", app_command(settings), env, stack.logs)
            processes.append(app)
            wait_until(f"http://127.0.0.1:{settings.port}/healthz", app, 90)

        users = [uuid.uuid4().int % 10**9 + 1 for _ in range(CONVERSATIONS)]
        errors: list[str] = []

        def converse(index: int, user: int) -> None:
            with httpx.Client(timeout=30, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as client:
                for turn, line in enumerate(SCRIPT):
                    update = fake.make_message(user, text=line)
                    worker = workers[(index + turn) % 2]
                    url = f"http://127.0.0.1:{worker.port}/telegram/webhook"
                    if client.post(url, json=update).status_code != 200:
                        errors.append(f"{user}: turn {turn} not acknowledged")
                    if (index + turn) % 3 == 0:  # Telegram redelivers it to the other worker
                        other = workers[(index + turn + 1) % 2]
                        client.post(f"http://127.0.0.1:{other.port}/telegram/webhook", json=update)

        threads = [threading.Thread(target=converse, args=(i, u)) for i, u in enumerate(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []

        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            rows = [m for u in users for m in telegram_messages(db, u)]
            if all(m.status in ("processed", "sent") for m in rows) and len(rows) > len(users) * len(SCRIPT):
                break
            time.sleep(0.5)

        for user in users:
            rows = telegram_messages(db, user)
            inbound = [m for m in rows if m.direction == "in"]
            outbound = [m for m in rows if m.direction == "out"]
            # lost / duplicated inbound: every turn stored once, all processed
            assert [m.text for m in inbound] == SCRIPT
            assert all(m.status == "processed" for m in inbound)
            # duplicated outbound: each stored reply sent exactly once, ids recorded
            assert outbound and all(m.status == "sent" for m in outbound)
            sent = fake.sent_to(user)
            assert [str(m["message_id"]) for m in sent] == [m.channel_message_id for m in outbound]
            # reordered: Rasa's shared tracker heard the turns in the order they were sent
            name = pseudonym(PSEUDONYM_KEY, "telegram", str(user))
            tracker = httpx.get(
                f"{workers[0].rasa_url}/conversations/{name}/tracker",
                params={"token": workers[0].rasa_token},
                timeout=30,
            ).json()
            heard = [e["text"] for e in tracker["events"] if e.get("event") == "user"]
            assert heard == SCRIPT, "both Rasa servers wrote one tracker, in order"
    finally:
        for process in reversed(processes):
            process.stop()
        fake.stop()
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
