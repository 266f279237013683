"""`python -m bot triage` against the real Rasa server: the contract in DESIGN.md."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import Stack

pytestmark = pytest.mark.stack

MESSAGES = [
    "this homework is killing me",
    "theres a man outside my door and he wont go away im scared",
    "hiya",
    "",
    "staying at my mates tonight im fine",
]


def triage(stack: Stack, lines: list[str], *flags: str) -> list[dict[str, object]]:
    out = subprocess.run(
        [".venv/bin/python", "-m", "bot", "triage", *flags],
        input="\n".join(lines) + "\n",
        env=stack.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_one_json_object_per_message_with_the_documented_keys(stack: Stack) -> None:
    rows = triage(stack, MESSAGES)
    assert [r["text"] for r in rows] == [m for m in MESSAGES if m.strip()], "blank lines are skipped"
    for row in rows:
        assert set(row) == {"text", "risk", "handoff", "intent", "confidence", "reasons"}
        assert row["risk"] in ("emergency", "high", "medium", "low")
        assert isinstance(row["handoff"], bool) and isinstance(row["reasons"], list)
    by_text = {r["text"]: r for r in rows}
    assert by_text["this homework is killing me"]["handoff"] is False
    danger = by_text["theres a man outside my door and he wont go away im scared"]
    assert danger["handoff"] is True and danger["risk"] in ("emergency", "high") and danger["reasons"]
    assert by_text["hiya"]["intent"] == "greet" and by_text["hiya"]["risk"] == "low"


def test_safety_net_only_needs_no_rasa(stack: Stack) -> None:
    env = dict(stack.env, RASA_URL="http://127.0.0.1:9")  # nothing listens there
    out = subprocess.run(
        [".venv/bin/python", "-m", "bot", "triage"],
        input="hes got a knife and hes coming for me\n",
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    row = json.loads(out.stdout)
    assert row["risk"] == "emergency" and row["handoff"] is True and row["intent"] is None
    assert any("Rasa unavailable" in r for r in row["reasons"])
