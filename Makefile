# Patient Tracker. `make test` installs what is missing and runs every test suite.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BOOT := source scripts/bootstrap.sh
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
HAS_FRONTEND := $(wildcard frontend/package.json)

.PHONY: help install test test-backend test-frontend test-e2e test-faults check run dev schema

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

install: ## Install backend (dev) and frontend deps, the e2e browser and nginx, idempotently
	@$(BOOT); ensure_backend dev; ensure_frontend_deps; ensure_e2e_browser; ensure_nginx

test: install ## Run every test: backend (PostgreSQL when available), frontend, end-to-end
	@$(MAKE) --no-print-directory test-backend
ifneq ($(HAS_FRONTEND),)
	@$(MAKE) --no-print-directory test-frontend
	@$(MAKE) --no-print-directory test-e2e
endif

test-backend:
	cd backend && $(PY) -m pytest --cov --cov-report=term $(PYTEST_ARGS)

test-faults: install ## Only the fault suite (real servers, injected faults; also part of make test)
	cd backend && $(PY) -m pytest -m faults $(PYTEST_ARGS)

test-frontend:
	cd frontend && npm test --silent

test-e2e: ## End-to-end: Playwright + Chromium against the real backend on PostgreSQL
	cd frontend && npm run --silent test:e2e

check: install ## Lint, format check, type check, import layers, security lint (bandit), migrations check
	cd backend && $(VENV)/bin/ruff check . ../scripts
	cd backend && $(VENV)/bin/ruff format --check . ../scripts
	cd backend && $(VENV)/bin/mypy apps
	cd backend && $(VENV)/bin/lint-imports --no-cache
	cd backend && $(VENV)/bin/bandit -c pyproject.toml -r apps config -q
	cd backend && DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite:///:memory: CI= $(PY) manage.py makemigrations --check --dry-run
ifneq ($(HAS_FRONTEND),)
	cd frontend && npm run --silent lint && npm run --silent typecheck && npm run --silent format:check && npm run --silent check:api
endif

run: ## Start the app with demo data (same as ./run.sh)
	./run.sh

dev: install ## API on :8000 (Django runserver) and the Vite dev server on :5173
	@$(BOOT); ensure_env_file
	cd backend && $(PY) manage.py migrate --noinput && $(PY) manage.py createcachetable
	(cd backend && DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000) & \
	  (cd frontend && npm run dev); kill %1

# --- Benchmarks (bench/README.md): never part of `make test` ---------------------------------------
.PHONY: bench bench-quick

bench: ## Benchmarks at clinic scale (1M appointments; about 13 min): wrk at 16 and 64 connections
	@$(BOOT); ensure_backend dev
	@bash bench/ensure-wrk.sh
	$(PY) bench/run.py --profile full $(BENCH_ARGS)

bench-quick: ## Benchmarks on a small data set (a few minutes)
	@$(BOOT); ensure_backend dev
	@bash bench/ensure-wrk.sh
	$(PY) bench/run.py --profile quick $(BENCH_ARGS)
