# Waymark. `make run` starts everything on the embedded defaults; `make test` runs every check.
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false
# Rasa loads the custom components in nlu_plugins/ from the repository root.
export PYTHONPATH := $(CURDIR)
PY := .venv/bin/python
RASA := .venv-rasa/bin/rasa

.PHONY: run test setup setup-test lint types pytest rasa-validate rasa-test eval bench clean

run: setup
	$(PY) -m bot run

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

test: setup-test lint types pytest rasa-validate rasa-test

lint:
	$(PY) -m ruff check bot actions tests nlu_plugins
	$(PY) -m ruff format --check bot actions tests nlu_plugins

types:
	$(PY) -m mypy bot actions

pytest:
	$(PY) -m pytest

rasa-validate:
	$(RASA) data validate --data nlu_data --domain domain.yml --config config.yml --fail-on-warnings --quiet

rasa-test:
	$(RASA) test core --stories tests/stories --model models/waymark.tar.gz \
		--fail-on-prediction-errors --out var/rasa-test --quiet

eval: setup-test
	$(PY) -m tests.eval.run

clean:
	rm -rf .venv .venv-rasa models/*.tar.gz models/.fingerprint var

bench: setup-test
	$(PY) -m tests.bench.run
