"""The safety net's own risk model: a small spaCy text classifier that needs no Rasa.

The rules of the lexicon catch what they were written for; young people mostly say
things nobody wrote a rule for ("he took my shoes so i cant leave"). This model reads
the same training data as Rasa, labelled by risk instead of intent, so the net still
recognises those messages when Rasa or the action server is down.

Usage::

    python -m bot.safety.classifier train      # models/safety-net/, done by scripts/setup.sh
    scores = risk_scores(text)                  # None when the model has not been trained

``bot.safety.net.screen`` puts these scores on every Finding; triage weighs them.

It is trained from ``nlu_data/nlu/*.yml`` at setup (never fetched), on the text after the
net's own slang rewriting, with fixed seeds so the same data gives the same model.
"""

from __future__ import annotations

import logging
import random
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import srsly  # type: ignore[import-untyped]  # spaCy's own serialisation library; reads YAML

from bot.risk import INTENT_RISK, Risk
from bot.settings import ROOT

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TextCategorizer

logger = logging.getLogger(__name__)

MODEL_DIR = ROOT / "models" / "safety-net"
DATA_DIR = ROOT / "nlu_data" / "nlu"
LABELS = tuple(r.label for r in Risk)

# A bag of words and word pairs: on a few thousand short examples it generalised better
# than spaCy's CNN ensemble (the ensemble's probabilities were near 0 or 1, so no threshold
# could trade a miss for a false alarm), and it trains in seconds.
_TEXTCAT = {
    "threshold": 0.0,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 262144,
    },
}
EPOCHS = 5
SEED = 2024


@dataclass(frozen=True)
class RiskScores:
    """The model's probability for each risk level of one message."""

    emergency: float
    high: float
    medium: float
    low: float

    @property
    def at_least_high(self) -> float:
        return self.emergency + self.high


def training_examples(data_dir: Path = DATA_DIR) -> list[tuple[str, str]]:
    """(text, risk label) for every example in the Rasa NLU files."""
    examples: list[tuple[str, str]] = []
    for path in sorted(data_dir.glob("*.yml")):
        for block in srsly.read_yaml(path).get("nlu", []):
            intent = block.get("intent")
            if not intent:
                continue
            label = INTENT_RISK.get(intent, Risk.LOW).label
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    examples.append((text, label))
    return examples


def _prepare(text: str) -> str:
    from bot.safety.net import rewrite

    return rewrite(text)


def train(out_dir: Path = MODEL_DIR, data_dir: Path = DATA_DIR, epochs: int = EPOCHS) -> None:
    """Train the model from the NLU files and save it to ``out_dir``."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch  # type: ignore[attr-defined]

    fix_random_seed(SEED)
    rng = random.Random(SEED)
    nlp = spacy.blank("en")
    textcat: TextCategorizer = nlp.add_pipe("textcat", config=_TEXTCAT)  # type: ignore[assignment]
    for label in LABELS:
        textcat.add_label(label)
    data = [
        Example.from_dict(nlp.make_doc(_prepare(text)), {"cats": {lab: float(lab == label) for lab in LABELS}})
        for text, label in training_examples(data_dir)
    ]
    optimizer = nlp.initialize(lambda: data)
    for _ in range(epochs):
        rng.shuffle(data)
        for batch in minibatch(data, size=16):  # type: ignore[no-untyped-call]
            nlp.update(batch, sgd=optimizer, drop=0.2)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)


_loaded: dict[str, Language | None] = {}
_lock = threading.Lock()


def _model() -> Language | None:
    if "nlp" not in _loaded:
        with _lock:
            if "nlp" not in _loaded:
                nlp = None
                if (MODEL_DIR / "meta.json").exists():
                    import spacy

                    nlp = spacy.load(MODEL_DIR)
                else:
                    logger.warning("safety net: no risk model in %s, using the lexicon alone", MODEL_DIR)
                _loaded["nlp"] = nlp
    return _loaded["nlp"]


def risk_scores(text: str) -> RiskScores | None:
    """Score one message, or None when the model is not there (the lexicon still runs)."""
    return score_rewritten(_prepare(text))


def score_rewritten(plain: str) -> RiskScores | None:
    """Score a message already in the net's rewritten form (``bot.safety.net.rewrite``)."""
    nlp = _model()
    if nlp is None:
        return None
    with _lock:
        cats = nlp(plain).cats
    return RiskScores(**{label: float(cats[label]) for label in LABELS})


def warm_up() -> None:
    """Load the model now rather than on the first message."""
    _model()


if __name__ == "__main__":
    if sys.argv[1:] != ["train"]:
        sys.exit("usage: python -m bot.safety.classifier train")
    train()
