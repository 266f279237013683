"""Drop near-duplicates from a new evaluation set before it is committed.

Usage::

    python -m tests.eval.dedupe new_set.jsonl > tests/eval/triage_heldoutN.jsonl

A message is dropped when its words overlap an NLU training example, a message of an
existing evaluation set or an earlier message of the new set by ``THRESHOLD`` or more
(Jaccard similarity of word sets): a held-out set that repeats the training data, or
itself, measures memory rather than understanding. The count dropped goes to stderr;
the texts never do, so running it over a sealed set leaves the set unread.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from bot.safety.classifier import training_examples
from tests.eval.run import EVAL_DIR

THRESHOLD = 0.8
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def fresh(
    rows: Iterable[dict[str, object]], known: Iterable[str], threshold: float = THRESHOLD
) -> list[dict[str, object]]:
    """The rows whose text is not a near-duplicate of ``known`` or of an earlier kept row."""
    seen = [words(text) for text in known]
    kept: list[dict[str, object]] = []
    for row in rows:
        bag = words(str(row["text"]))
        if any(similarity(bag, other) >= threshold for other in seen):
            continue
        seen.append(bag)
        kept.append(row)
    return kept


def known_texts(exclude: Path | None = None) -> list[str]:
    """Every NLU training example and every message of the committed evaluation sets."""
    texts = [text for text, _ in training_examples()]
    for path in sorted(EVAL_DIR.glob("triage_*.jsonl")):
        if exclude is not None and path.resolve() == exclude.resolve():
            continue
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    return texts


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    kept = fresh(rows, known_texts(exclude=path))
    for row in kept:
        print(json.dumps(row, ensure_ascii=False))
    print(f"kept {len(kept)} of {len(rows)}; dropped {len(rows) - len(kept)} near-duplicates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
