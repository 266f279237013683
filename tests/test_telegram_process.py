"""The Telegram gateway as real app processes over the real stack: kill -9 mid-stream, webhook
secrets on the real server, the action server down, and ``python -m bot run`` restarting a part."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot import cases
from bot.processes import actions_command, app_command
from bot.records.db import Database
from bot.records.models import Contact
from bot.settings import Settings
from tests.conftest import Process, Stack, free_port, settings_env, start, telegram_messages, wait_until
from tests.fakes.rasa_stub import StubRasa
from tests.fakes.telegram_api import FakeTelegram

pytestmark = pytest.mark.stack


def app_settings(stack: Stack, **changes: object) -> Settings:
    return dataclasses.replace(stack.settings, port=free_port(), **changes)  # type: ignore[arg-type]


def app_env(settings: Settings, fake: FakeTelegram, **extra: str) -> dict[str, str]:
    env = settings_env(settings)
    env.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_BASE_URL=fake.base_url, **extra)
    return env


def start_app(name: str, settings: Settings, env: dict[str, str], logs: Path) -> Process:
    process = start(name, app_command(settings), env, logs)
    # "/" answers as soon as the app is up, whatever the state of Rasa behind it.
    wait_until(f"http://127.0.0.1:{settings.port}/", process, 90)
    return process


def wait(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_kill_9_mid_stream_loses_nothing_and_sends_nothing_twice(stack: Stack, db: Database, tg: FakeTelegram) -> None:
    stuck_rasa = StubRasa(mode="slow", delay_s=60).start()
    users = [uuid.uuid4().int % 10**9 + 1 for _ in range(5)]
    try:
        settings = app_settings(stack, rasa_url=stuck_rasa.url)
        env = app_env(settings, tg, RASA_TIMEOUT="60", TELEGRAM_PROCESSING_LEASE="4")
        first = start_app("app-killed", settings, env, stack.logs)
        update_ids = [tg.push_text(user, "hello") for user in users]
        update_ids.append(tg.push_text(users[0], "are you still there"))
        wait(lambda: tg.confirmed_offset > max(update_ids), 30, "every update committed and acknowledged")
        wait(lambda: len(stuck_rasa.heard) == len(users), 30, "the first message of each person in processing")
        first.popen.send_signal(signal.SIGKILL)
        first.popen.wait(timeout=10)
    finally:
        stuck_rasa.stop()
    assert tg.sent == [], "nothing was answered before the crash"
    assert tg.updates == [], "Telegram has forgotten them: only our inbox has them now"

    settings = app_settings(stack)
    second = start_app("app-restarted", settings, app_env(settings, tg), stack.logs)
    try:
        for user in users:
            tg.wait_for_sent(user, 2 if user == users[0] else 1, timeout=90)
        wait(
            lambda: all(m.status in ("processed", "sent") for u in users for m in telegram_messages(db, u)),
            60,
            "everything processed and sent",
        )
    finally:
        second.stop()
    for user in users:
        rows = telegram_messages(db, user)
        inbound = [m for m in rows if m.direction == "in"]
        outbound = [m for m in rows if m.direction == "out"]
        assert [m.text for m in inbound] == (["hello", "are you still there"] if user == users[0] else ["hello"])
        assert all(m.status == "processed" for m in inbound)
        assert sorted(m.id for m in inbound) == [m.id for m in sorted(inbound, key=lambda m: m.done_at or 0)]
        sent = tg.sent_to(user)
        assert len(sent) == len(outbound), "each stored reply sent exactly once"
        assert [str(m["message_id"]) for m in sent] == [m.channel_message_id for m in outbound]


def test_webhook_mode_on_the_real_app_checks_the_secret(stack: Stack, db: Database, tg: FakeTelegram) -> None:
    secret = uuid.uuid4().hex
    settings = app_settings(stack)
    env = app_env(settings, tg, TELEGRAM_MODE="webhook", TELEGRAM_WEBHOOK_SECRET=secret)
    process = start_app("app-webhook", settings, env, stack.logs)
    url = f"http://127.0.0.1:{settings.port}/telegram/webhook"
    user = uuid.uuid4().int % 10**9 + 1
    try:
        tg.wait_for(lambda: tg.webhook.get("secret_token") == secret, 30, "setWebhook")
        assert tg.webhook["url"] == f"http://127.0.0.1:{settings.port}/telegram/webhook"
        update = tg.make_message(user, text="hi")
        assert httpx.post(url, json=update, timeout=10).status_code == 403
        wrong = {"X-Telegram-Bot-Api-Secret-Token": secret[:-1] + "x"}
        assert httpx.post(url, json=update, headers=wrong, timeout=10).status_code == 403
        assert telegram_messages(db, user) == []
        good = {"X-Telegram-Bot-Api-Secret-Token": secret}
        assert httpx.post(url, json=update, headers=good, timeout=10).status_code == 200
        assert [m.direction for m in telegram_messages(db, user)][:1] == ["in"], "committed before the 200"
        sent = tg.wait_for_sent(user, timeout=60)
        assert "Waymark" in sent[0]["text"]
        assert "getUpdates" not in tg.calls
    finally:
        process.stop()


def test_with_the_action_server_down_a_young_person_still_gets_help(
    app: str, stack: Stack, db: Database, fake_telegram: FakeTelegram
) -> None:
    stack.actions.stop()
    try:
        health = httpx.get(f"{app}/healthz", timeout=10)
        assert health.status_code == 503 and health.json()["actions"] == "down"
        user = uuid.uuid4().int % 10**9 + 1
        fake_telegram.push_text(user, "hes got a knife and hes coming for me")
        sent = fake_telegram.wait_for_sent(user, timeout=90)
        assert "999" in " ".join(m["text"] for m in sent)
        rows = telegram_messages(db, user)
        wait(lambda: telegram_messages(db, user)[0].status == "processed", 30, "the message accounted for")
        with db.session() as session:
            conversation_id = rows[0].conversation_id
            assert cases.open_case(session, conversation_id) is not None, "the safety net opened a case"
            contacts = session.scalar(select(func.count(Contact.id)).where(Contact.conversation_id == conversation_id))
            assert contacts == 1
    finally:
        # The same Process object the stack fixture stops at the end, now running a fresh server.
        stack.actions.popen = start("actions", actions_command(stack.settings), stack.env, stack.logs).popen
        wait_until(f"{stack.settings.action_server_url}/health", stack.actions, 60)


@pytest.mark.skipif(os.environ.get("WAYMARK_SKIP_RUNNER_TEST") == "1", reason="WAYMARK_SKIP_RUNNER_TEST=1")
def test_make_run_restarts_a_crashed_part_while_health_reports_it(
    stack: Stack, tmp_path: Path, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the supervisor is the same on PostgreSQL; once is enough (it starts its own Rasa)")
    settings = app_settings(
        stack,
        rasa_url=f"http://127.0.0.1:{free_port()}",
        action_server_url=f"http://127.0.0.1:{free_port()}",
        var_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'waymark.db'}",
    )
    children: list[str] = []
    runner = start("runner", [sys.executable, "-m", "bot", "run"], settings_env(settings), stack.logs)
    health = f"http://127.0.0.1:{settings.port}/healthz"
    try:
        wait_until(health, runner, 300)
        children = Path(f"/proc/{runner.popen.pid}/task/{runner.popen.pid}/children").read_text().split()
        actions = [pid for pid in children if "rasa_sdk" in Path(f"/proc/{pid}/cmdline").read_text()]
        assert len(actions) == 1
        os.kill(int(actions[0]), signal.SIGKILL)
        seen_degraded = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                response = httpx.get(health, timeout=5)
            except httpx.HTTPError:
                time.sleep(0.1)
                continue
            if response.status_code == 503:
                body = response.json()
                assert body["actions"] == "down" and body["rasa"] == "ok" and body["db"] == "ok"
                seen_degraded = True
            elif seen_degraded:
                break
            time.sleep(0.1)
        assert seen_degraded, "/healthz reported the crashed part"
        body = httpx.get(health, timeout=5).json()
        assert {k: body[k] for k in ("status", "rasa", "actions", "db")} == {
            "status": "ok",
            "rasa": "ok",
            "actions": "ok",
            "db": "ok",
        }
        children = Path(f"/proc/{runner.popen.pid}/task/{runner.popen.pid}/children").read_text().split()
    finally:
        runner.popen.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            runner.popen.wait(timeout=30)
        except Exception:
            runner.popen.kill()
    assert runner.popen.returncode == 0
    left = [pid for pid in children if Path(f"/proc/{pid}").exists()]
    assert left == [], "Ctrl-C stops every process the runner started"
