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

.PHONY: help run test lint typecheck unit bench index clean

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

index: $(STAMP) ## build or update the retrieval index (catalog + plan documents)
	$(PY) -m knowledge build $(if $(wildcard $(PLANS)),--documents $(PLANS))

run: index ## start motcua on the embedded default
	@echo "motcua: tra cứu thủ tục (gõ câu hỏi, Ctrl-D để thoát)"
	@while IFS= read -r -p "> " q; do [ -n "$$q" ] && $(PY) -m knowledge search "$$q"; done

lint: $(STAMP) ## ruff
	$(VENV)/bin/ruff check knowledge kiosk tests bench

typecheck: $(STAMP) ## mypy
	$(VENV)/bin/mypy

unit: $(STAMP) ## pytest
	MOTCUA_SHARED=$(SHARED) $(PY) -m pytest -q -p no:cacheprovider

test: lint typecheck unit ## run every check and test

bench: $(STAMP) ## run the benchmarks and rewrite the tables under bench/
	$(PY) -m knowledge bench --out bench

clean: ## remove the built index and caches (keeps the venvs)
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
