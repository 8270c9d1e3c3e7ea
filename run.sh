#!/usr/bin/env bash
# Start Patient Tracker with demo data on http://127.0.0.1:${PORT:-8000}.
# Installs what is missing (fast when everything is there), builds the SPA, migrates, seeds.
# Without DATABASE_URL it uses an embedded SQLite file under var/; with one, PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/bootstrap.sh
source scripts/bootstrap.sh

PORT="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"

ensure_backend runtime
ensure_frontend_build
ensure_env_file

cd backend
PY="$VENV/bin/python"
log "Migrating the database"
"$PY" manage.py migrate --noinput
"$PY" manage.py createcachetable
"$PY" manage.py collectstatic --noinput >/dev/null
if "$PY" manage.py help seed_demo >/dev/null 2>&1; then
  log "Loading demo data"
  "$PY" manage.py seed_demo
fi

log "Serving on http://127.0.0.1:$PORT (API docs: http://127.0.0.1:$PORT/api/docs/)"
# gunicorn behind nginx, which buffers whole requests so slow clients cannot hold a worker
# (scripts/serve.sh; SERVE_DIRECT=1 serves gunicorn alone).
export PORT
exec bash "$REPO_DIR/scripts/serve.sh"
