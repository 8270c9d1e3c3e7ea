# Patient Tracker. `make test` installs what is missing and runs every test suite.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BOOT := source scripts/bootstrap.sh
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
HAS_FRONTEND := $(wildcard frontend/package.json)

.PHONY: help install test test-backend test-frontend check run dev schema

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

install: ## Install backend (dev) and frontend dependencies, idempotently
	@$(BOOT); ensure_backend dev; ensure_frontend_deps

test: install ## Run every test: backend (PostgreSQL when available) and frontend
	@$(MAKE) --no-print-directory test-backend
ifneq ($(HAS_FRONTEND),)
	@$(MAKE) --no-print-directory test-frontend
endif

test-backend:
	cd backend && $(PY) -m pytest --cov --cov-report=term $(PYTEST_ARGS)

test-frontend:
	cd frontend && npm test --silent

check: install ## Lint, format check, type check, migrations check
	cd backend && $(VENV)/bin/ruff check . ../scripts
	cd backend && $(VENV)/bin/ruff format --check . ../scripts
	cd backend && $(VENV)/bin/mypy apps
	cd backend && DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite:///:memory: CI= $(PY) manage.py makemigrations --check --dry-run
ifneq ($(HAS_FRONTEND),)
	cd frontend && npm run --silent lint && npm run --silent typecheck
endif

run: ## Start the app with demo data (same as ./run.sh)
	./run.sh

dev: install ## API on :8000 (Django runserver) and the Vite dev server on :5173
	@$(BOOT); ensure_env_file
	cd backend && $(PY) manage.py migrate --noinput && $(PY) manage.py createcachetable
	(cd backend && DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000) & \
	  (cd frontend && npm run dev); kill %1
