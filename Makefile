# Interdictor: every target builds what it needs from nothing.
#   make demo   build the environment, load the lists, screen a few parties
#   make test   build the environment and run the whole test suite
#   make bench  run the benchmarks (figures written to benchmarks/results/*.json)
#   make lint   ruff and mypy

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench lint format clean lock system-deps compile

all: test

# PyICU (pulled by followthemoney) compiles against Debian's libicu-dev.
system-deps:
	@if ! dpkg -s libicu-dev pkg-config >/dev/null 2>&1; then \
		echo "installing Debian packages: libicu-dev pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libicu-dev pkg-config; \
	fi

$(STAMP): pyproject.toml requirements.lock | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

# Byte-compiled modules halve start-up (followthemoney alone takes 2 s to compile), and some
# environments set PYTHONDONTWRITEBYTECODE, so compile explicitly; only changed files are redone.
compile: $(STAMP)
	@$(BIN)/python -m compileall -q -j 0 src

demo: compile
	$(BIN)/interdictor --db .demo/interdictor.duckdb demo

# The suite includes the linters: code that is not ruff- and mypy-clean does not pass.
test: compile lint
	$(BIN)/python -m pytest -q

bench: compile
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

# Re-pin the dependencies after editing pyproject.toml.
lock:
	$(BIN)/uv pip compile -q --python $(BIN)/python --extra dev --extra bench pyproject.toml -o requirements.lock

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
