"""The safety net's own risk model: trained from the NLU files, loaded without Rasa."""

from pathlib import Path

import pytest

from bot.risk import Risk
from bot.safety import classifier
from bot.safety.net import screen

TINY_NLU = """version: "3.1"
nlu:
  - intent: in_danger_now
    examples: |
      - hes hitting me right now help
      - someone is breaking in help me
      - im on the bridge about to jump
  - intent: being_hurt
    examples: |
      - my carer hits me when shes angry
      - he kicks me when no one is home
  - intent: away_safe
    examples: |
      - at my mates tonight im fine
  - intent: greet
    examples: |
      - hiya
      - hello there
"""


def test_examples_are_labelled_by_the_risk_of_their_intent(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(TINY_NLU)
    labels = dict(classifier.training_examples(tmp_path))
    assert labels["im on the bridge about to jump"] == "emergency"
    assert labels["he kicks me when no one is home"] == "high"
    assert labels["at my mates tonight im fine"] == "medium"
    assert labels["hiya"] == "low"


def test_a_trained_model_scores_every_risk_and_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "nlu").mkdir()
    (tmp_path / "nlu" / "a.yml").write_text(TINY_NLU)
    runs = []
    for name in ("one", "two"):
        classifier.train(tmp_path / name, tmp_path / "nlu", epochs=5)
        monkeypatch.setattr(classifier, "MODEL_DIR", tmp_path / name)
        monkeypatch.setattr(classifier, "_loaded", {})
        scores = classifier.risk_scores("hes hitting me right now")
        assert scores is not None
        runs.append(scores)
    first, second = runs
    assert first == second, "the same data and seed give the same model"
    assert sum(vars(first).values()) == pytest.approx(1.0, abs=1e-4)


def test_without_a_trained_model_the_net_still_screens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(classifier, "MODEL_DIR", tmp_path / "missing")
    monkeypatch.setattr(classifier, "_loaded", {})
    assert classifier.risk_scores("hes got a knife") is None
    finding = screen("hes got a knife")
    assert finding.scores is None and finding.risk >= Risk.HIGH


@pytest.mark.skipif(
    not (classifier.MODEL_DIR / "meta.json").exists(), reason="the model is built by scripts/setup.sh (make test)"
)
def test_the_setup_model_tells_danger_from_chat() -> None:
    danger = classifier.risk_scores("they wont let me leave the flat and hes got a bat")
    chat = classifier.risk_scores("what time does the footy start")
    assert danger is not None and chat is not None
    assert danger.at_least_high > 0.5 > chat.at_least_high
