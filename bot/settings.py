"""One settings object, read from the environment with embedded defaults.

Secrets that have no value in the environment are generated once into
``var/secrets.json`` (mode 600), so ``make run`` needs no configuration.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _generated_secrets(var_dir: Path) -> dict[str, str]:
    """Return the local secrets, creating them on first use."""
    path = var_dir / "secrets.json"
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    wanted: dict[str, Callable[[], str]] = {
        "WAYMARK_PSEUDONYM_KEY": lambda: secrets.token_hex(32),
        "WAYMARK_ENCRYPTION_KEYS": lambda: Fernet.generate_key().decode(),
        "RASA_TOKEN": lambda: secrets.token_urlsafe(24),
        "WAYMARK_SESSION_KEY": lambda: secrets.token_hex(32),
    }
    missing = {k: make() for k, make in wanted.items() if k not in stored}
    if missing:
        stored.update(missing)
        var_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, indent=2))
        tmp.chmod(0o600)
        tmp.replace(path)
    return stored


@dataclass(frozen=True)
class Settings:
    """Every setting Waymark reads. The README's settings table mirrors this class."""

    var_dir: Path
    database_url: str
    host: str
    port: int
    public_url: str
    rasa_url: str
    rasa_token: str = field(repr=False)
    rasa_timeout_s: float
    action_server_url: str
    pseudonym_key: str = field(repr=False)
    encryption_keys: tuple[str, ...] = field(repr=False)
    session_key: str = field(repr=False)
    telegram_bot_token: str = field(repr=False)
    telegram_base_url: str
    telegram_staff_chat_id: str
    log_level: str

    @classmethod
    def from_env(cls) -> Settings:
        var_dir = Path(_env("WAYMARK_VAR_DIR", str(ROOT / "var")))
        local = _generated_secrets(var_dir)
        port = int(_env("PORT", "8000"))
        host = _env("WAYMARK_HOST", "127.0.0.1")
        return cls(
            var_dir=var_dir,
            database_url=_env("WAYMARK_DATABASE_URL", f"sqlite:///{var_dir / 'waymark.db'}"),
            host=host,
            port=port,
            public_url=_env("WAYMARK_PUBLIC_URL", f"http://{host}:{port}"),
            rasa_url=_env("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            rasa_token=_env("RASA_TOKEN", local["RASA_TOKEN"]),
            rasa_timeout_s=float(_env("RASA_TIMEOUT", "10")),
            action_server_url=_env("ACTION_SERVER_URL", "http://127.0.0.1:5055").rstrip("/"),
            pseudonym_key=_env("WAYMARK_PSEUDONYM_KEY", local["WAYMARK_PSEUDONYM_KEY"]),
            encryption_keys=tuple(
                k.strip()
                for k in _env("WAYMARK_ENCRYPTION_KEYS", local["WAYMARK_ENCRYPTION_KEYS"]).split(",")
                if k.strip()
            ),
            session_key=_env("WAYMARK_SESSION_KEY", local["WAYMARK_SESSION_KEY"]),
            telegram_bot_token=_env("TELEGRAM_BOT_TOKEN", ""),
            telegram_base_url=_env("TELEGRAM_BASE_URL", "https://api.telegram.org/bot"),
            telegram_staff_chat_id=_env("TELEGRAM_STAFF_CHAT_ID", ""),
            log_level=_env("LOG_LEVEL", "INFO"),
        )

    def describe(self) -> dict[str, str]:
        """Settings for display, secrets masked."""
        hidden = {f.name for f in fields(self) if not f.repr}
        return {
            f.name: "***" if f.name in hidden and getattr(self, f.name) else str(getattr(self, f.name))
            for f in fields(self)
        }


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env()
