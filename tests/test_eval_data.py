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


def test_dedupe_drops_near_duplicates_of_known_texts_and_of_each_other() -> None:
    from tests.eval.dedupe import fresh

    known = ["he took my shoes so i cant leave"]
    rows = [
        {"text": "he took my shoes so i cant leave!!"},  # same words as a known text
        {"text": "staying at my mates tonight"},
        {"text": "Staying at my mates tonight"},  # same as the row before it
        {"text": "staying at my mates house tonight, back tomorrow"},  # new words: kept
    ]
    kept = [row["text"] for row in fresh(rows, known)]
    assert kept == ["staying at my mates tonight", "staying at my mates house tonight, back tomorrow"]


#: The sets deduplicated by program when they were written (the earlier ones were not).
DEDUPLICATED_SETS = [f"triage_heldout{n}.jsonl" for n in range(7, 25)]


@pytest.mark.parametrize("name", DEDUPLICATED_SETS)
def test_a_deduplicated_held_out_set_has_no_near_duplicates_within_it(name: str) -> None:
    from tests.eval.dedupe import fresh

    rows = [json.loads(line) for line in (EVAL_DIR / name).read_text().splitlines() if line.strip()]
    assert rows and len(fresh(rows, [])) == len(rows), f"{name} repeats itself"


def test_a_low_risk_request_for_a_person_handed_off_is_no_false_escalation() -> None:
    from tests.eval.run import score

    gold = [
        {"text": "can i speak to an actual worker about my flat", "risk": "low", "handoff": True},
        {"text": "whats the weather like", "risk": "low", "handoff": False},
    ]
    both_handed_off = [{"risk": "low", "handoff": True}, {"risk": "low", "handoff": True}]
    scores = score(gold, both_handed_off)
    assert scores.low_escalated == 1.0
    assert [text for _, _, text in scores.misses] == ["whats the weather like"]
    assert score(gold, [{"risk": "low", "handoff": True}, {"risk": "low", "handoff": False}]).low_escalated == 0.0


def test_a_request_for_a_person_not_handed_off_is_listed_as_a_miss() -> None:
    from tests.eval.run import score

    gold = [{"text": "can i talk to my worker pls", "risk": "low", "handoff": True}]
    assert score(gold, [{"risk": "low", "handoff": False}]).misses == [
        ("low (wants a person)", "low", "can i talk to my worker pls")
    ]
    assert score(gold, [{"risk": "low", "handoff": True}]).misses == []
