# The maintainer's verbs. Every target creates the virtualenv when it is missing, so a fresh clone
# needs nothing but python3 (>= 3.11) and the package index.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC_TOOL := PYTHONPATH=tools $(BIN)/python -m graph_calls_spec
PYTEST_ARGS ?=
# Bytecode is cached (git ignores __pycache__): with PYTHONDONTWRITEBYTECODE set, as on our machines, every
# test worker and every Python subprocess the tests start (generator hooks, CLIs, users' suites) compiled
# our modules and pytest rewrote every test module again, ~25 s of CPU in make test.
unexport PYTHONDONTWRITEBYTECODE
# Two test workers per core: a third of the suite's wall time is waiting (retry windows, servers that drip,
# Redis restarts), which the second worker on a core fills with work.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))
# What a bump rewrites: the lock and vendored inputs, the trimmed specs, the client, its sync twin, and the
# validation spec the simulator ships with.
BUMP_OUTPUTS := openapi generated overlays/graph_calls/resources/sync.py overlays/graph_calls/resources/sync_pager.py \
	overlays/graph_calls/testing/graph-calls.validation.yml

.PHONY: all venv spec generate check lint typecheck pytest test demo demo-scale bench upstream-diff upstream-bump clean

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
	$(BIN)/ruff check overlays tools tests bench examples
	$(BIN)/ruff format --check overlays tools tests bench examples

typecheck: $(STAMP)
	$(BIN)/mypy

## pytest: the tests, two workers per core (pytest-xdist; one test file per worker at a time, so a file's fixtures
## are built once; files with slow tests first, see tests/conftest.py). PYTEST_WORKERS=0 runs them in this process.
pytest: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

## test: everything a change must pass; the four run side by side (their output kept apart), on 2 cores in
## under 2 minutes (about 2 min 15 s on a fresh clone, with the virtualenv).
test: $(STAMP)
	@$(MAKE) --no-print-directory -j 4 --output-sync=target check lint typecheck pytest

## demo: the reference page's scenario through the public client, on the embedded simulator
demo: $(STAMP)
	$(BIN)/python examples/demo.py

## demo-scale: three bot instances on one Redis behind a round-robin front, 210 calls on the simulator, one
## instance killed and restarted mid-run; ends with "calls N, operations awaited A, resolved R, lost L, ...".
## Needs redis-server: installed with apt-get when missing (as root), as the tests do. Well under a minute.
demo-scale: $(STAMP)
	$(BIN)/python examples/demo_scale.py

## bench: graph-calls against raw httpx and msgraph-sdk, side by side; prints and writes BENCHMARKS.md
## (about 6 minutes; builds its venvs under .bench/ on first use). SCALE=0.1 for a quick smoke run.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(if $(SCALE),--scale $(SCALE))

clean:
	rm -rf .check .mypy_cache .pytest_cache .ruff_cache

## upstream-diff: drift report from the pin (or BASE [+ BASE_METADATA]) to UPSTREAM and/or METADATA (paths
## or URLs); FORMAT=text (default), json (for machines) or markdown (a pull-request body); ALLOW_BETA=1 to
## compare beta inputs (refused otherwise). The report goes to stdout, then one line to stderr, "drift report
## exit status: N". The target succeeds on 0 (no difference) and 1 (additive/cosmetic changes only) and fails
## on 2 (breaking changes) and 3 (could not compare), so a bump with only additive changes passes.
upstream-diff: $(STAMP)
	@test -n "$(UPSTREAM)$(METADATA)" || { echo "usage: make upstream-diff UPSTREAM=<path or URL> [METADATA=<path or URL>] [BASE=<path> BASE_METADATA=<path>] [FORMAT=text|json|markdown] [ALLOW_BETA=1]" >&2; exit 3; }
	@case '$(or $(FORMAT),text)' in text|json|markdown) ;; *) echo "FORMAT must be text, json or markdown" >&2; exit 3;; esac
	@status=0; \
	$(SPEC_TOOL) diff $(if $(UPSTREAM),--module '$(UPSTREAM)') $(if $(METADATA),--metadata '$(METADATA)') \
		$(if $(BASE),--base '$(BASE)') $(if $(BASE_METADATA),--base-metadata '$(BASE_METADATA)') \
		--format '$(or $(FORMAT),text)' $(if $(ALLOW_BETA),--allow-beta) || status=$$?; \
	echo "drift report exit status: $$status (0 none, 1 additive/cosmetic, 2 breaking, 3 error)" >&2; \
	test $$status -le 1 || exit $$status

## upstream-bump: pin UPSTREAM (COMMIT=its upstream commit) and/or METADATA (METADATA_COMMIT=its commit; COMMIT
## when METADATA is bumped alone) in openapi/lock.yml, regenerate, then print the drift report old pin → new
## and what changed under generated/ and openapi/.
upstream-bump: $(STAMP)
	@test -n "$(UPSTREAM)$(METADATA)" -a -n "$(COMMIT)$(METADATA_COMMIT)" || { echo "usage: make upstream-bump UPSTREAM=<path> COMMIT=<commit> [METADATA=<path> METADATA_COMMIT=<commit>]" >&2; exit 2; }
	@old_lock=$$(mktemp) && trap 'rm -f "$$old_lock"' EXIT && cp openapi/lock.yml "$$old_lock" && \
	$(SPEC_TOOL) bump $(if $(UPSTREAM),--module '$(UPSTREAM)' --commit '$(COMMIT)') \
		$(if $(METADATA),--metadata '$(METADATA)' --metadata-commit '$(if $(UPSTREAM),$(METADATA_COMMIT),$(or $(METADATA_COMMIT),$(COMMIT)))') && \
	$(SPEC_TOOL) generate && \
	{ $(SPEC_TOOL) diff --base-lock "$$old_lock"; echo "drift report exit status: $$? (0 none, 1 additive/cosmetic, 2 breaking, 3 error)"; } && \
	echo "changed by the bump (new files marked ??):" && \
	git status --short -- $(BUMP_OUTPUTS) && git diff --stat -- $(BUMP_OUTPUTS)
