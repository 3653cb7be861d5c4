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
# The browser code's linter: Biome, pinned in package.json/package-lock.json, in node_modules.
NODE_STAMP := node_modules/.installed
BIOME := node_modules/.bin/biome

# postgresql: the store tests also run on a throwaway PostgreSQL server (tests/postgres_server.py);
# docker-compose: `docker-compose config` validates docker-compose.yml (tests/deploy);
# redis-server, nginx: the production topology on this machine (tests/topology.py).
APT_PACKAGES := espeak-ng chromium fonts-noto-core postgresql docker-compose redis-server nginx

.PHONY: help run test lint lint-js node typecheck unit bench bench-real bench-kiosk bench-chat bench-topology topology baseline index clean apt venv rasa-venv bot bot-model

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# vntext/: the Vietnamese normaliser both venvs share (knowledge layer here, Rasa there).
VNTEXT := vntext/pyproject.toml

$(STAMP): pyproject.toml $(VNTEXT)
	@command -v $(PYTHON) >/dev/null || { echo "Cần $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch lies on disk; install it first so nothing pulls a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ./vntext -e '.[dev,st,bench,postgres]'
	touch $(STAMP)

venv: $(STAMP) ## create .venv (Python 3.11) with motcua and its tools

$(RASA_STAMP): bot/requirements.txt bot/requirements-dev.txt bot/constraints.txt $(VNTEXT)
	bot/setup-venv.sh

rasa-venv: $(RASA_STAMP) ## create .venv-rasa (Python 3.10 from RASA_PYTHON, python3.10 or pyenv)

apt: ## install the Debian packages motcua needs (espeak-ng, chromium, postgresql), if missing
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói Debian: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  echo "Cài Node.js và npm (gói Debian nodejs, npm)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends nodejs npm; \
	}
	# Exactly the lockfile's versions. Biome's binary is the optional dependency for this
	# platform, a package of the npm registry like any other; no install script runs.
	npm ci --ignore-scripts --prefer-offline --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node: $(NODE_STAMP) ## install the JavaScript linter (Biome) into node_modules

index: $(STAMP) ## build or update the retrieval index (catalog + plan documents)
	$(PY) -m knowledge build $(if $(wildcard $(PLANS)),--documents $(PLANS))

run: index $(RASA_STAMP) ## start motcua: kiosk on http://127.0.0.1:8000, Rasa assistant beside it
	@bot/scripts/run-with-kiosk.sh

lint: $(STAMP) $(RASA_STAMP) lint-js ## ruff (bot/ with its own Python 3.10 settings), Biome over kiosk/static
	$(VENV)/bin/ruff check knowledge kiosk tests bench connectors vntext
	cd bot && ../$(RASA_VENV)/bin/ruff check .

lint-js: $(NODE_STAMP) ## Biome over the browser code (kiosk/static: JavaScript, CSS, HTML)
	$(BIOME) lint --error-on-warnings kiosk/static

typecheck: $(STAMP) $(RASA_STAMP) ## mypy (bot/ in the Rasa venv, bot/mypy.ini)
	$(VENV)/bin/mypy
	cd bot && ../$(RASA_VENV)/bin/mypy

# PYTEST_ARGS="-m 'not topology'" leaves out the production-topology tests (a few minutes).
unit: $(STAMP) apt ## pytest
	MOTCUA_SHARED=$(SHARED) $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

bot-model: $(STAMP) $(RASA_STAMP) ## Rasa: validate, train if stale, stories, action + vntext tests
	cd bot && $(BOT_ENV) ../$(RASA) data validate --domain domain --fail-on-warnings
	bot/scripts/train-if-needed.sh
	cd bot && $(BOT_ENV) ../$(RASA) test core --stories tests/test_stories.yml \
	  --model models/motcua.tar.gz --out results/core --fail-on-prediction-errors
	MOTCUA_SHARED=$(SHARED) $(RASA_VENV)/bin/python -m pytest tests/bot/actions \
	  tests/bot/components tests/bot/test_folding.py tests/vntext -q -p no:cacheprovider

bot: bot-model ## bot-model, then the NLU cross-validation gate
	bot/scripts/check-nlu.sh

# The NLU cross-validation gate (about 8 minutes of TensorFlow) runs beside pytest, whose
# servers and browser leave a core idle most of the time; its result follows pytest's.
test: lint typecheck bot-model ## run every check and test
	@mkdir -p bot/results
	@bot/scripts/check-nlu.sh > bot/results/check-nlu.out 2>&1 & nlu=$$!; \
	$(MAKE) --no-print-directory unit; tests=$$?; \
	wait $$nlu; gate=$$?; cat bot/results/check-nlu.out; \
	if [ $$gate -ne 0 ]; then echo "NLU gate failed (bot/results/check-nlu.out)"; fi; \
	[ $$tests -eq 0 ] && [ $$gate -eq 0 ]

bench: $(STAMP) bench-kiosk bench-chat ## run the benchmarks and rewrite the tables under bench/
	$(PY) -m knowledge bench --out bench

bench-real: $(STAMP) ## retrieval on bundled + national catalog (index kept in var/real) -> bench/real.md
	$(PY) -m knowledge bench --real --shared $(SHARED) --data var/real --out bench

bench-kiosk: $(STAMP) ## kiosk API under 50 concurrent clients -> bench/kiosk.md
	$(PY) bench/kiosk.py --out bench/kiosk.md

bench-chat: $(STAMP) $(RASA_STAMP) ## chat turn kiosk -> Rasa -> actions -> knowledge -> bench/chat.md
	bot/scripts/train-if-needed.sh
	$(PY) bench/chat.py --out bench/chat.md

topology: $(STAMP) $(RASA_STAMP) apt ## the production topology here: nginx, 2 kiosks, 2 Rasa, PostgreSQL, Redis (Ctrl-C stops)
	bot/scripts/train-if-needed.sh
	$(PY) tests/topology.py

bench-topology: $(STAMP) $(RASA_STAMP) apt ## 200 conversations on the topology, 2 replicas vs 1 -> bench/topology.md
	bot/scripts/train-if-needed.sh
	$(PY) bench/topology.py --out bench/topology.md

baseline: $(STAMP) ## measure the quality sets on this CPU (exact and jittered) -> tests/data/retrieval-baseline.json
	MOTCUA_SHARED=$(SHARED) $(PY) bench/quality_baseline.py --record

clean: ## remove the built index and caches (keeps the venvs)
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
