"""Process-wide wiring: the settings, the encryption keys and the database, set up once."""

from __future__ import annotations

import logging
from functools import lru_cache

from bot.records import crypto
from bot.records.db import Database
from bot.settings import get_settings


@lru_cache(maxsize=1)
def database() -> Database:
    """The records database for this process, with encryption configured."""
    settings = get_settings()
    crypto.configure(settings.encryption_keys)
    return Database(settings.database_url)


def configure_logging() -> None:
    """Log levels and format; nothing a person wrote is ever passed to a logger."""
    logging.basicConfig(
        level=get_settings().log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs full URLs, which carry the Rasa token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
