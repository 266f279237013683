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
        "TELEGRAM_WEBHOOK_SECRET": lambda: secrets.token_urlsafe(32),
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
    # Telegram delivery and scaling (defaults keep the embedded single-machine setup).
    telegram_mode: str = "polling"  # "polling" | "webhook"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = field(default="", repr=False)
    telegram_chat_rate: float = 1.0
    telegram_global_rate: float = 30.0
    telegram_processing_lease_s: float = 0.0  # 0: twice RASA_TIMEOUT plus a minute
    rasa_tracker_store_url: str = field(default="", repr=False)
    rasa_lock_store_url: str = field(default="", repr=False)
    # The human queue: first-claim targets per priority ("emergency=2m,...,low=next-working-day").
    claim_targets: str = "emergency=2m,high=10m,medium=60m,low=next-working-day"
    monitor_interval_s: float = 1.0
    realert_every_s: float = 300.0
    # Staff console sessions end after this long idle, and after this long whatever happens.
    session_idle_s: float = 1800.0
    session_max_s: float = 43200.0
    # Episodes and carers: the repeat-missing rule, enrolment codes, the return interview and the
    # local police protocol carers are told to follow (999 in danger, else 101).
    repeat_missing_episodes: int = 3
    repeat_missing_days: int = 90
    carer_invite_hours: float = 72.0
    return_interview_hours: float = 72.0
    police_999_under_age: int = 12
    police_checks_minutes: int = 60
    local_protocol: str = "the local joint protocol for children missing from home and care"
    local_timezone: str = "Europe/London"
    # Retention (days): message texts with no case; texts and notes of conversations with a
    # case; episode free text and police references; identities (chat ids, names, profiles).
    retain_message_text_days: int = 90
    retain_case_text_days: int = 730
    retain_episode_detail_days: int = 2190
    retain_identity_days: int = 2190
    # The app runs the retention purge this often (hours; 0 turns the scheduled purge off).
    purge_every_hours: float = 24.0

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
            telegram_mode=_env("TELEGRAM_MODE", "polling").lower(),
            telegram_webhook_url=_env("TELEGRAM_WEBHOOK_URL", ""),
            telegram_webhook_secret=_env("TELEGRAM_WEBHOOK_SECRET", local["TELEGRAM_WEBHOOK_SECRET"]),
            telegram_chat_rate=float(_env("TELEGRAM_CHAT_RATE", "1")),
            telegram_global_rate=float(_env("TELEGRAM_GLOBAL_RATE", "30")),
            telegram_processing_lease_s=float(_env("TELEGRAM_PROCESSING_LEASE", "0")),
            rasa_tracker_store_url=_env("RASA_TRACKER_STORE_URL", ""),
            rasa_lock_store_url=_env("RASA_LOCK_STORE_URL", ""),
            claim_targets=_env("WAYMARK_CLAIM_TARGETS", cls.claim_targets),
            monitor_interval_s=float(_env("WAYMARK_MONITOR_INTERVAL", "1")),
            realert_every_s=float(_env("WAYMARK_REALERT_EVERY", "300")),
            session_idle_s=float(_env("WAYMARK_SESSION_IDLE", "1800")),
            session_max_s=float(_env("WAYMARK_SESSION_MAX", "43200")),
            repeat_missing_episodes=int(_env("WAYMARK_REPEAT_MISSING_EPISODES", "3")),
            repeat_missing_days=int(_env("WAYMARK_REPEAT_MISSING_DAYS", "90")),
            carer_invite_hours=float(_env("WAYMARK_CARER_INVITE_HOURS", "72")),
            return_interview_hours=float(_env("WAYMARK_RETURN_INTERVIEW_HOURS", "72")),
            police_999_under_age=int(_env("WAYMARK_POLICE_999_UNDER_AGE", "12")),
            police_checks_minutes=int(_env("WAYMARK_POLICE_CHECKS_MINUTES", "60")),
            local_protocol=_env("WAYMARK_LOCAL_PROTOCOL", cls.local_protocol),
            local_timezone=_env("WAYMARK_TIMEZONE", "Europe/London"),
            retain_message_text_days=int(_env("WAYMARK_RETAIN_MESSAGE_TEXT_DAYS", "90")),
            retain_case_text_days=int(_env("WAYMARK_RETAIN_CASE_TEXT_DAYS", "730")),
            retain_episode_detail_days=int(_env("WAYMARK_RETAIN_EPISODE_DETAIL_DAYS", "2190")),
            retain_identity_days=int(_env("WAYMARK_RETAIN_IDENTITY_DAYS", "2190")),
            purge_every_hours=float(_env("WAYMARK_PURGE_EVERY_HOURS", "24")),
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
