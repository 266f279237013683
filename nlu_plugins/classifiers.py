"""An intent classifier tuned for triage rather than for average accuracy.

Rasa's LogisticRegressionClassifier weights classes by inverse frequency ("balanced").
Here most real messages are harmless, and the balanced weights push look-alike harmless
messages ("my legs are killing me after cross country") into the rarer risk intents. The
safety net and the triage rules already escalate when the model is unsure, so the model
itself is trained on the data as it is. Measured in docs/evaluation.md.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TriageLogisticRegression(LogisticRegressionClassifier):
    """Logistic regression without inverse-frequency class weights; ``C`` is configurable."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(
        self,
        config: dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(class_weight=None, C=self.config["C"])
