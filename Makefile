# motcua: two commands matter, `make run` and `make test`. Everything else is
# what they need, installed once and skipped when already there.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= $(abspath ../shared)
PLANS := $(SHARED)/corpus/plans
export MOTCUA_DATA_DIR ?= $(CURDIR)/var
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# The assistant: Rasa 3.6 in its own venv (Python 3.10), see bot/README.md.
RASA_VENV := .venv-rasa
RASA_STAMP := $(RASA_VENV)/.installed
RASA := $(RASA_VENV)/bin/rasa
BOT_ENV := RASA_TELEMETRY_ENABLED=false PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=2

# postgresql: the store tests also run on a throwaway PostgreSQL server (tests/postgres_server.py);
# docker-compose: `docker-compose config` validates docker-compose.yml (tests/deploy).
APT_PACKAGES := espeak-ng chromium fonts-noto-core postgresql docker-compose

.PHONY: help run test lint typecheck unit bench bench-kiosk bench-chat baseline index clean apt venv rasa-venv bot

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Cần $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch lies on disk; install it first so nothing pulls a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,st,bench,postgres]'
	touch $(STAMP)

venv: $(STAMP) ## create .venv (Python 3.11) with motcua and its tools

$(RASA_STAMP): bot/requirements.txt bot/requirements-dev.txt bot/constraints.txt
	bot/setup-venv.sh

rasa-venv: $(RASA_STAMP) ## create .venv-rasa (Python 3.10 from RASA_PYTHON, python3.10 or pyenv)

apt: ## install the Debian packages motcua needs (espeak-ng, chromium, postgresql), if missing
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói Debian: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

index: $(STAMP) ## build or update the retrieval index (catalog + plan documents)
	$(PY) -m knowledge build $(if $(wildcard $(PLANS)),--documents $(PLANS))

run: index $(RASA_STAMP) ## start motcua: kiosk on http://127.0.0.1:8000, Rasa assistant beside it
	@bot/scripts/run-with-kiosk.sh

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check knowledge kiosk tests bench connectors

typecheck: $(STAMP) ## mypy
	$(VENV)/bin/mypy

unit: $(STAMP) apt ## pytest
	MOTCUA_SHARED=$(SHARED) $(PY) -m pytest -q -p no:cacheprovider

bot: $(STAMP) $(RASA_STAMP) ## Rasa: validate, train if stale, NLU CV gate, test stories, action tests
	cd bot && $(BOT_ENV) ../$(RASA) data validate --domain domain --fail-on-warnings
	bot/scripts/train-if-needed.sh
	bot/scripts/check-nlu.sh
	cd bot && $(BOT_ENV) ../$(RASA) test core --stories tests/test_stories.yml \
	  --model models/motcua.tar.gz --out results/core --fail-on-prediction-errors
	MOTCUA_SHARED=$(SHARED) $(RASA_VENV)/bin/python -m pytest tests/bot/actions -q -p no:cacheprovider

test: lint typecheck bot unit ## run every check and test

bench: $(STAMP) bench-kiosk bench-chat ## run the benchmarks and rewrite the tables under bench/
	$(PY) -m knowledge bench --out bench

bench-kiosk: $(STAMP) ## kiosk API under 50 concurrent clients -> bench/kiosk.md
	$(PY) bench/kiosk.py --out bench/kiosk.md

bench-chat: $(STAMP) $(RASA_STAMP) ## chat turn kiosk -> Rasa -> actions -> knowledge -> bench/chat.md
	bot/scripts/train-if-needed.sh
	$(PY) bench/chat.py --out bench/chat.md

baseline: $(STAMP) ## measure the quality sets on this CPU (exact and jittered) -> tests/data/retrieval-baseline.json
	MOTCUA_SHARED=$(SHARED) $(PY) bench/quality_baseline.py --record

clean: ## remove the built index and caches (keeps the venvs)
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
