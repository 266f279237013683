"""The evaluation sets stay out of the training data, or their figures would flatter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.safety.classifier import training_examples
from tests.eval.run import EVAL_DIR


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@pytest.mark.parametrize("path", sorted(EVAL_DIR.glob("triage_*.jsonl")), ids=lambda p: p.name)
def test_no_evaluation_message_is_a_training_example(path: Path) -> None:
    training = {_key(text) for text, _ in training_examples()}
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    assert rows, f"{path.name} is empty"
    leaked = [row for row in rows if _key(row["text"]) in training and len(_key(row["text"])) > 8]
    assert not leaked, f"{len(leaked)} messages of {path.name} are also training examples"
