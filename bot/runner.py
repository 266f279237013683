"""``python -m bot run``: start Rasa, the action server and the app; restart what crashes.

Ctrl-C (or SIGTERM) stops every process it started: politely first, then firmly.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from contextlib import suppress
from dataclasses import dataclass

import httpx

from bot.processes import actions_command, app_command, base_env, rasa_command
from bot.records.db import migrate
from bot.settings import ROOT, Settings

logger = logging.getLogger(__name__)

STOP_GRACE_S = 10.0
MAX_BACKOFF_S = 30.0


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0

    def start(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, start_new_session=True)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()

    def reap(self) -> None:
        """Kill what the child left behind (Sanic's workers keep its port after the main process dies)."""
        if self.process is not None:
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)


def _wait_healthy(settings: Settings, children: list[Child], timeout_s: float = 600) -> bool:
    deadline = time.monotonic() + timeout_s
    url = f"http://{settings.host}:{settings.port}/healthz"
    while time.monotonic() < deadline:
        if any(c.process and c.process.poll() is not None for c in children):
            return False
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def run(settings: Settings) -> int:
    migrate(settings.database_url)
    env = base_env(settings)
    children = [
        Child("rasa", rasa_command(settings)),
        Child("actions", actions_command(settings)),
        Child("app", app_command(settings)),
    ]
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGHUP, request_stop)  # the terminal closed: stop the children too

    started = time.monotonic()
    for child in children:
        child.start(env)
    print("Starting Rasa, the action server and the app (Rasa takes about 30 s to load)...")
    if _wait_healthy(settings, children):
        print(
            f"\nWaymark is up after {time.monotonic() - started:.0f} s:\n"
            f"  web chat       {settings.public_url}/\n"
            f"  staff console  {settings.public_url}/staff\n"
            f"  health         {settings.public_url}/healthz\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
    try:
        while not stopping:
            now = time.monotonic()
            for child in children:
                assert child.process is not None
                code = child.process.poll()
                if code is None:
                    continue
                if child.next_start == 0.0:
                    # It crashed: restart it after a growing pause; the others keep serving.
                    child.reap()
                    backoff = min(MAX_BACKOFF_S, 2.0 ** min(child.restarts, 5))
                    logger.warning("%s exited with %s; restarting in %.0f s", child.name, code, backoff)
                    child.next_start = now + backoff
                elif now >= child.next_start:
                    child.restarts += 1
                    child.next_start = 0.0
                    child.start(env)
            time.sleep(0.5)
    finally:
        print("\nStopping Waymark...", flush=True)
        for child in children:
            child.stop()
        deadline = time.monotonic() + STOP_GRACE_S
        for child in children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
            child.reap()
        print("Stopped.", flush=True)
    return 0
