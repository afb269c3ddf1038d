# Boendestödsportalen. Everything goes through .venv; `make build` sets it up if missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup build serve test validate schema bench bench-search linkcheck clean

setup: $(READY)

$(READY): requirements.txt requirements-test.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 eller senare krävs ($(PYTHON) är äldre)."; exit 1; }
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

bench: build
	$(BIN)/python bench/build.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/readme.py

bench-search: build
	$(BIN)/python bench/search.py
	$(BIN)/python bench/readme.py

linkcheck: setup
	$(BIN)/python -m scripts.linkcheck

schema: setup
	$(BIN)/python -m scripts schema

clean:
	rm -rf site site.* .pytest_cache
