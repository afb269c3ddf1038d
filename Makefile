# Boendestödsportalen. Everything goes through .venv; `make build` sets it up if missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build serve test validate schema bench bench-search linkcheck clean

setup: $(READY)

$(READY): requirements.txt requirements-test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	touch $@

validate: setup
	$(BIN)/python -m scripts validate

build: setup
	$(BIN)/python -m scripts build

serve: build
	PORTAL_SERVE=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: build
	$(BIN)/python -m pytest

bench-search: build
	$(BIN)/python bench/search.py

linkcheck: setup
	$(BIN)/python -m scripts.linkcheck

schema: setup
	$(BIN)/python -m scripts schema

clean:
	rm -rf site site.* .pytest_cache
