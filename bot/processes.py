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
    return env


def rasa_command(settings: Settings, model: Path = MODELS) -> list[str]:
    """The Rasa server: REST channel and HTTP API on loopback, the API behind a token."""
    return [
        str(RASA_BIN),
        "run",
        "--enable-api",
        "--auth-token",
        settings.rasa_token,
        "--interface",
        "127.0.0.1",
        "--port",
        str(port_of(settings.rasa_url)),
        "--model",
        str(model),
        "--endpoints",
        str(ROOT / "endpoints.yml"),
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
