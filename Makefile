# The maintainer's verbs. Every target creates the virtualenv when it is missing, so a fresh clone
# needs nothing but python3 (>= 3.11) and the package index.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC_TOOL := PYTHONPATH=tools $(BIN)/python -m graph_calls_spec
PYTEST_ARGS ?=

.PHONY: all venv spec generate check lint typecheck pytest test demo bench upstream-diff upstream-bump clean

all: test

$(STAMP): pyproject.toml requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[testing]'
	@touch $@

venv: $(STAMP)

## spec: re-trim the pinned upstream inputs into openapi/ (and the packaged validation spec)
spec: $(STAMP)
	$(SPEC_TOOL) trim

## generate: spec, then openapi-python-client into generated/graph_calls_generated
generate: $(STAMP)
	$(SPEC_TOOL) generate

## check: the trimmed specs are valid, and a fresh regeneration is byte-identical to the commit
check: $(STAMP)
	$(BIN)/openapi-spec-validator openapi/graph-calls.yml openapi/graph-calls.validation.yml
	$(SPEC_TOOL) check

lint: $(STAMP)
	$(BIN)/ruff check overlays tools tests
	$(BIN)/ruff format --check overlays tools tests

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## test: everything a change must pass
test: check lint typecheck pytest

clean:
	rm -rf .check .mypy_cache .pytest_cache .ruff_cache
