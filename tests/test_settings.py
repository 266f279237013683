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


def test_rasa_reads_a_token_that_starts_with_a_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """token_urlsafe can start with "-"; passed as its own argument, Rasa's argparse read it
    as an option and would not start (seen once in CI)."""
    import json
    import subprocess

    from bot.processes import RASA_BIN, rasa_command

    monkeypatch.setenv("WAYMARK_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("RASA_TOKEN", "-starts-with-a-dash")
    command = rasa_command(Settings.from_env())
    assert command[0] == str(RASA_BIN) and command[1] == "run"
    parse = (
        "import json, sys\n"
        "from rasa.__main__ import create_argument_parser\n"
        "print(json.dumps(vars(create_argument_parser().parse_args(sys.argv[1:])), default=str))\n"
    )
    python = RASA_BIN.parent / "python"
    out = subprocess.run([str(python), "-c", parse, *command[1:]], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.splitlines()[-1])["auth_token"] == "-starts-with-a-dash"
