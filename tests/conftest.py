"""Shared fixtures: databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and the
real Waymark stack (Rasa server, action server, app) on free loopback ports."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.processes import MODELS, RASA_BIN, actions_command, app_command, base_env, rasa_command
from bot.records import crypto
from bot.records.crypto import pseudonym
from bot.records.db import Database, migrate
from bot.records.models import Conversation, Message
from bot.settings import ROOT, Settings
from tests.fakes.rasa_stub import StubRasa
from tests.fakes.telegram_api import FakeTelegram

ENCRYPTION_KEY = Fernet.generate_key().decode()
PSEUDONYM_KEY = secrets.token_hex(32)
crypto.configure([ENCRYPTION_KEY])

#: The staff alert chat the app under test sends alerts to (on the fake Telegram server).
STAFF_CHAT_ID = -1001234567890

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Per database backend, run the tests that use the live app last (keeping their order).

    The app's outbox dispatcher and queue watcher work on the shared test database for as
    long as it runs; tests that drive their own outbox against that database must not have
    a live app competing for their rows. Runs after pytest's own grouping by backend.
    """
    backends: dict[str, int] = {}

    def key(item: pytest.Item) -> tuple[int, bool]:
        callspec = getattr(item, "callspec", None)
        backend = str(callspec.params.get("database_url", "")) if callspec else ""
        return backends.setdefault(backend, len(backends)), "app" in getattr(item, "fixturenames", ())

    items.sort(key=key)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    admin_url = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"waymark_test_{uuid.uuid4().hex[:10]}"
    conninfo = admin_url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'waymark.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture(scope="session")
def db(database_url: str) -> Iterator[Database]:
    migrate(database_url)
    database = Database(database_url)
    yield database
    database.engine.dispose()


def make_settings(database_url: str, var_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = dict(
        var_dir=var_dir,
        database_url=database_url,
        host="127.0.0.1",
        port=free_port(),
        public_url="",
        rasa_url=f"http://127.0.0.1:{free_port()}",
        rasa_token=secrets.token_urlsafe(16),
        rasa_timeout_s=30.0,
        action_server_url=f"http://127.0.0.1:{free_port()}",
        pseudonym_key=PSEUDONYM_KEY,
        encryption_keys=(ENCRYPTION_KEY,),
        session_key=secrets.token_hex(16),
        telegram_bot_token="",
        telegram_base_url="",
        telegram_staff_chat_id="",
        log_level="INFO",
    )
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process read exactly these settings."""
    env = base_env(settings)
    env.update(
        WAYMARK_VAR_DIR=str(settings.var_dir),
        WAYMARK_DATABASE_URL=settings.database_url,
        PORT=str(settings.port),
        RASA_URL=settings.rasa_url,
        RASA_TOKEN=settings.rasa_token,
        RASA_TIMEOUT=str(settings.rasa_timeout_s),
        ACTION_SERVER_URL=settings.action_server_url,
        WAYMARK_PSEUDONYM_KEY=settings.pseudonym_key,
        WAYMARK_ENCRYPTION_KEYS=",".join(settings.encryption_keys),
        WAYMARK_SESSION_KEY=settings.session_key,
        TELEGRAM_BOT_TOKEN=settings.telegram_bot_token,
        TELEGRAM_BASE_URL=settings.telegram_base_url,
    )
    return env


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def start(name: str, command: list[str], env: dict[str, str], logs: Path) -> Process:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Process(name, popen, log)


def wait_until(check_url: str, process: Process, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited early:\n{process.log.read_text()[-3000:]}")
        try:
            if httpx.get(check_url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{process.name} not ready in {timeout}s:\n{process.log.read_text()[-3000:]}")


@dataclass
class Stack:
    settings: Settings
    env: dict[str, str]
    rasa: Process
    actions: Process
    logs: Path

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"


needs_model = pytest.mark.skipif(
    not (RASA_BIN.exists() and (MODELS / "waymark.tar.gz").exists()),
    reason="needs .venv-rasa and a trained model: run `make test` (scripts/setup.sh --test) first",
)


@pytest.fixture(scope="session")
def stack(database_url: str, db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real Rasa server and action server, sharing the test database."""
    if not (RASA_BIN.exists() and (MODELS / "waymark.tar.gz").exists()):
        pytest.skip("needs .venv-rasa and a trained model: run `make test` first")
    logs = tmp_path_factory.mktemp("logs")
    settings = make_settings(database_url, tmp_path_factory.mktemp("var"))
    env = settings_env(settings)
    actions = start("actions", actions_command(settings), env, logs)
    rasa = start("rasa", rasa_command(settings, MODELS / "waymark.tar.gz"), env, logs)
    try:
        wait_until(f"{settings.action_server_url}/health", actions, 60)
        wait_until(f"{settings.rasa_url}/status?token={settings.rasa_token}", rasa, 240)
        yield Stack(settings, env, rasa, actions, logs)
    finally:
        rasa.stop()
        actions.stop()


def telegram_messages(db: Database, user: int, direction: str | None = None) -> list[Message]:
    """A Telegram user's stored messages (inbox and outbox), oldest first."""
    query = (
        select(Message)
        .join(Conversation)
        .where(Conversation.pseudonym == pseudonym(PSEUDONYM_KEY, "telegram", str(user)))
        .order_by(Message.id)
    )
    if direction is not None:
        query = query.where(Message.direction == direction)
    with db.session() as session:
        return list(session.scalars(query))


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    """A fresh fake Telegram Bot API for one test (faults injected there stay there)."""
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@pytest.fixture
def rasa() -> Iterator[StubRasa]:
    """A stub Rasa server for gateway tests that do not need the real model."""
    stub = StubRasa().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session")
def fake_telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def app(stack: Stack, fake_telegram: FakeTelegram) -> Iterator[str]:
    """The app server (web chat, console, Telegram polling against the fake API)."""
    env = dict(
        stack.env,
        TELEGRAM_BOT_TOKEN=fake_telegram.token,
        TELEGRAM_BASE_URL=fake_telegram.base_url,
        TELEGRAM_STAFF_CHAT_ID=str(STAFF_CHAT_ID),
    )
    process = start("app", app_command(stack.settings), env, stack.logs)
    try:
        wait_until(f"{stack.app_url}/healthz", process, 60)
        yield stack.app_url
    finally:
        process.stop()


@pytest.fixture
def python() -> str:
    return sys.executable
