from pathlib import Path

import pytest

from bot.settings import Settings


def test_secrets_are_generated_once_and_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WAYMARK_PSEUDONYM_KEY", "WAYMARK_ENCRYPTION_KEYS", "RASA_TOKEN", "WAYMARK_SESSION_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WAYMARK_VAR_DIR", str(tmp_path))
    first, second = Settings.from_env(), Settings.from_env()
    assert first.pseudonym_key == second.pseudonym_key and first.rasa_token == second.rasa_token
    assert (tmp_path / "secrets.json").stat().st_mode & 0o777 == 0o600
    shown = first.describe()
    assert shown["rasa_token"] == "***" and first.rasa_token not in str(shown)
    assert shown["database_url"].startswith("sqlite:///")


def test_environment_overrides_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAYMARK_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("WAYMARK_ENCRYPTION_KEYS", "a, b")
    settings = Settings.from_env()
    assert settings.port == 9123 and settings.encryption_keys == ("a", "b")
