"""How each Waymark process is started: shared by ``python -m bot run`` and the tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bot.settings import ROOT, Settings

RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
MODELS = ROOT / "models"


def port_of(url: str) -> int:
    port = urlsplit(url).port
    if port is None:
        raise ValueError(f"{url} has no port")
    return port


def base_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        ACTION_SERVER_URL=settings.action_server_url,
        RASA_TOKEN=settings.rasa_token,
        PYTHONPATH=str(ROOT),
        SANIC_HOST="127.0.0.1",
    )
    tracker_password = urlsplit(settings.rasa_tracker_store_url).password if settings.rasa_tracker_store_url else None
    if tracker_password:
        env["RASA_TRACKER_STORE_PASSWORD"] = tracker_password
    lock_password = urlsplit(settings.rasa_lock_store_url).password if settings.rasa_lock_store_url else None
    if lock_password:
        env["RASA_LOCK_STORE_PASSWORD"] = lock_password
    return env


def rasa_endpoints(settings: Settings) -> Path:
    """``endpoints.yml``, plus Rasa's shared stores when the settings select them.

    ``RASA_TRACKER_STORE_URL`` (``postgresql://user@host:port/db``) keeps conversation
    trackers in PostgreSQL and ``RASA_LOCK_STORE_URL`` (``redis://host:port/db``) locks a
    conversation across Rasa servers, so several Rasa servers can serve the same people.
    Unset, Rasa keeps both in memory (one server). Passwords stay in the environment.
    """
    base = ROOT / "endpoints.yml"
    if not (settings.rasa_tracker_store_url or settings.rasa_lock_store_url):
        return base
    lines = [base.read_text().rstrip(), ""]
    if settings.rasa_tracker_store_url:
        url = urlsplit(settings.rasa_tracker_store_url)
        lines += [
            "tracker_store:",
            "  type: SQL",
            "  dialect: postgresql",
            f"  url: {url.hostname or '127.0.0.1'}",
            f"  port: {url.port or 5432}",
            f"  db: {url.path.lstrip('/') or 'rasa'}",
            f"  username: {url.username or 'postgres'}",
            "  login_db: postgres",
        ]
        if url.password:
            lines.append("  password: ${RASA_TRACKER_STORE_PASSWORD}")
    if settings.rasa_lock_store_url:
        url = urlsplit(settings.rasa_lock_store_url)
        lines += [
            "lock_store:",
            "  type: redis",
            f"  url: {url.hostname or '127.0.0.1'}",
            f"  port: {url.port or 6379}",
            f"  db: {url.path.lstrip('/') or '0'}",
            "  key_prefix: waymark",
        ]
        if url.password:
            lines.append("  password: ${RASA_LOCK_STORE_PASSWORD}")
    path = settings.var_dir / f"endpoints.rasa-{port_of(settings.rasa_url)}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def rasa_command(settings: Settings, model: Path = MODELS) -> list[str]:
    """The Rasa server: REST channel and HTTP API on loopback, the API behind a token."""
    return [
        str(RASA_BIN),
        "run",
        "--enable-api",
        # one argument: a token may start with "-" (token_urlsafe), which would read as an option
        f"--auth-token={settings.rasa_token}",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port_of(settings.rasa_url)),
        "--model",
        str(model),
        "--endpoints",
        str(rasa_endpoints(settings)),
        "--credentials",
        str(ROOT / "credentials.yml"),
    ]


def actions_command(settings: Settings) -> list[str]:
    return [
        sys.executable,
        "-m",
        "rasa_sdk",
        "--actions",
        "actions",
        "--port",
        str(port_of(settings.action_server_url)),
    ]


def app_command(settings: Settings) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "bot.web.app:create_app",
        "--host",
        settings.host,
        "--port",
        str(settings.port),
        "--no-access-log",
    ]
