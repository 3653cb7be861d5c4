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

APT_PACKAGES := espeak-ng chromium fonts-noto-core

.PHONY: help run test lint typecheck unit bench index clean apt venv

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Cần $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch lies on disk; install it first so nothing pulls a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,st,bench]'
	touch $(STAMP)

venv: $(STAMP) ## create .venv (Python 3.11) with motcua and its tools

apt: ## install the Debian packages motcua needs (espeak-ng, chromium), if missing
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói Debian: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

index: $(STAMP) ## build or update the retrieval index (catalog + plan documents)
	$(PY) -m knowledge build $(if $(wildcard $(PLANS)),--documents $(PLANS))

run: index ## start motcua on the embedded default
	@echo "motcua: tra cứu thủ tục (gõ câu hỏi, Ctrl-D để thoát)"
	@while IFS= read -r -p "> " q; do [ -n "$$q" ] && $(PY) -m knowledge search "$$q"; done

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check knowledge kiosk tests bench

typecheck: $(STAMP) ## mypy
	$(VENV)/bin/mypy

unit: $(STAMP) apt ## pytest
	MOTCUA_SHARED=$(SHARED) $(PY) -m pytest -q -p no:cacheprovider

test: lint typecheck unit ## run every check and test

bench: $(STAMP) ## run the benchmarks and rewrite the tables under bench/
	$(PY) -m knowledge bench --out bench

clean: ## remove the built index and caches (keeps the venvs)
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
