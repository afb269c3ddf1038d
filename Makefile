# Boendestödsportalen. Every target sets up what it needs: Debian packages (only those
# missing, with sudo when not root) and .venv from requirements.lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
KOMMUN ?=
export NO_MKDOCS_2_WARNING := 1
export PORTAL_KOMMUN := $(KOMMUN)

.PHONY: setup setup-test debian-build debian-test build serve test lint validate schema kommun bench bench-search linkcheck lock clean

setup: $(READY)

setup-test: debian-test $(READY)

# The Debian packages come first: the venv itself needs python3-venv.
debian-build:
	@scripts/setup/debian-packages build

debian-test:
	@scripts/setup/debian-packages test

$(READY): requirements.lock | debian-build
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 eller senare krävs ($(PYTHON) är äldre)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	scripts/setup/install-lock $(BIN)/python
	touch $@

validate: setup
	$(BIN)/python -m scripts validate

build: setup
	$(BIN)/python -m scripts build

serve: setup
	$(BIN)/python -m scripts serve

lint: $(READY)
	$(BIN)/ruff check scripts tests bench
	$(BIN)/ruff format --check scripts tests bench
	$(BIN)/mypy

# What must hold on the engine after Material too (PORTAL_ENGINE=zensical): the build with all its
# checks, search, the call at the door and the phone. Then the whole suite on MkDocs.
ENGINE_CHECKS := tests/test_search.py tests/test_call.py tests/test_moment_of_need.py

test: setup-test lint
	PORTAL_ENGINE=zensical $(BIN)/python -m scripts build
	PORTAL_ENGINE=zensical $(BIN)/python -m pytest $(ENGINE_CHECKS)
	$(BIN)/python -m scripts build
	$(BIN)/python -m pytest

bench: build
	$(BIN)/python bench/build.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/gate.py
	$(BIN)/python bench/readme.py

bench-search: build
	$(BIN)/python bench/search.py
	$(BIN)/python bench/readme.py

linkcheck: setup
	$(BIN)/python -m scripts.linkcheck

schema: setup
	$(BIN)/python -m scripts schema

# A new kommun edition to fill in: make kommun NY=malmo (kommuner/malmo/, see README).
NY ?=
kommun: setup
	$(BIN)/python -m scripts kommun $(NY)

# requirements.in → requirements.lock (all transitive packages, with hashes), written by the uv
# that the lock itself pins. Resolved for Python 3.11.2, Debian 12's python3, so that a fresh
# Debian machine can install it. scripts/setup/install-lock installs it without resolving.
lock: setup
	$(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11.2 --universal -o requirements.lock

clean:
	rm -rf site .site site.* .pytest_cache .stage
