"""Encryption at rest and keyed pseudonyms.

Texts are sealed with Fernet (AES-128-CBC + HMAC-SHA256, authenticated). Several keys
may be configured: the first encrypts, all decrypt, so keys rotate without downtime.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, MultiFernet
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_cipher: MultiFernet | None = None


def configure(keys: Sequence[str]) -> None:
    """Set the keys used by every encrypted column (first key encrypts)."""
    global _cipher
    if not keys:
        raise ValueError("at least one encryption key is required")
    _cipher = MultiFernet([Fernet(k.encode()) for k in keys])


def _current() -> MultiFernet:
    if _cipher is None:
        raise RuntimeError("bot.records.crypto.configure() was not called")
    return _cipher


def encrypt(text: str) -> bytes:
    return _current().encrypt(text.encode("utf-8"))


def decrypt(token: bytes) -> str:
    return _current().decrypt(token).decode("utf-8")


def rotate(token: bytes) -> bytes:
    """Re-encrypt under the current key."""
    return _current().rotate(token)


def pseudonym(key: str, channel: str, user_id: str) -> str:
    """A stable, keyed, irreversible name for a channel user id."""
    digest = hmac.new(key.encode(), f"{channel}:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


class EncryptedText(TypeDecorator[str]):
    """A text column stored encrypted; Python code sees plain ``str``."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> str | None:
        return None if value is None else decrypt(bytes(value))
