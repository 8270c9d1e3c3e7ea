#!/usr/bin/env bash
# `npm run test:e2e`: the end-to-end tests against the real backend on PostgreSQL.
#   1. a fresh database (E2E_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/pt_front_e2e)
#   2. migrate, demo data (manage.py seed_demo, and seed_demo_schedule where it exists), and
#      one booked visit of today that has already started (for e2e/doctor-day and visit specs)
#   3. the production build of the SPA (npm run build, with its bundle budget)
#   4. gunicorn serving both on http://127.0.0.1:${E2E_PORT:-8010}, local settings with DEBUG
#      off and throwaway secrets made for this run
#   5. Playwright driving Debian's Chromium; then everything is torn down, database included
#      (E2E_KEEP_DB=1 keeps it for a look afterwards).
# E2E_CLOCK=2027-03-05T17:30 runs everything at that clinic-local time (Europe/London): the backend's
# processes and the browser share one clock shifted from the real one (CLOCK_OFFSET_SECONDS), and
# time runs on from there. Unset: the real time.
# Extra arguments go to `playwright test` (e.g. a file name or --grep).
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(dirname "$FRONTEND_DIR")"
PY="${PYTHON:-$REPO_DIR/.venv/bin/python}"
PORT="${E2E_PORT:-8010}"
export E2E_BASE_URL="http://127.0.0.1:$PORT"
DATABASE_URL="${E2E_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pt_front_e2e}"

log() { printf '\033[1m==> e2e: %s\033[0m\n' "$*" >&2; }

[ -x "$PY" ] || { echo "e2e: no backend virtualenv at $PY (run make install)" >&2; exit 1; }
bash "$FRONTEND_DIR/scripts/ensure-chromium.sh"

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/pt-e2e.XXXXXX")"
SERVER_PID=""
SKIP_DROP=""

# The database named in the URL is dropped and created through the server's `postgres` database.
database() {
  "$PY" - "$1" "$DATABASE_URL" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

action, url = sys.argv[1], sys.argv[2]
parts = urlsplit(url)
name = parts.path.lstrip("/")
if not name:
    sys.exit("e2e: the database URL names no database")
admin_url = urlunsplit(parts._replace(path="/postgres"))
try:
    conn = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
except psycopg.OperationalError as error:
    print(f"e2e: PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432}: {error}", file=sys.stderr)
    sys.exit(3)
with conn:
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    if action == "create":
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
PY
}

cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${E2E_KEEP_DB:-}" != "1" ] && [ -z "${SKIP_DROP:-}" ]; then
    database drop || echo "e2e: could not drop the test database" >&2
  fi
  rm -rf "$RUN_DIR"
  exit $status
}
trap cleanup EXIT INT TERM

# Throwaway secrets for this run only; whatever .env holds is never used (local settings read
# .env only for variables that are not set, and every one that matters is set here).
read -r SECRET_KEY JWT_SIGNING_KEY FIELD_ENCRYPTION_KEYS < <("$PY" -c '
import secrets
from cryptography.fernet import Fernet
print(secrets.token_urlsafe(50), secrets.token_urlsafe(50), Fernet.generate_key().decode())')
export SECRET_KEY JWT_SIGNING_KEY FIELD_ENCRYPTION_KEYS DATABASE_URL
CLOCK_OFFSET_SECONDS=0
if [ -n "${E2E_CLOCK:-}" ]; then
  CLOCK_OFFSET_SECONDS="$("$PY" -c '
import sys, time
from datetime import datetime
from zoneinfo import ZoneInfo
moment = datetime.fromisoformat(sys.argv[1]).replace(tzinfo=ZoneInfo("Europe/London"))
print(round(moment.timestamp() - time.time()))' "$E2E_CLOCK")"
  log "clinic clock set to $E2E_CLOCK (Europe/London)"
fi
export CLOCK_OFFSET_SECONDS
export DJANGO_SETTINGS_MODULE=config.settings.local
export DEBUG=false
export ALLOWED_HOSTS=127.0.0.1
export VAR_DIR="$RUN_DIR/var"
export FRONTEND_DIST="$FRONTEND_DIR/dist"
export REDIS_URL="" CELERY_BROKER_URL="" CORS_ALLOWED_ORIGINS=""
# E-mails are written as files into the run's folder, where e2e/password-reset.spec.ts finds its
# link; links in them point at this server.
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="$RUN_DIR/mail" E2E_MAIL_DIR="$RUN_DIR/mail" SITE_URL="$E2E_BASE_URL"
# Every test signs in from 127.0.0.1: the per-client sign-in throttle would stop the suite.
export THROTTLE_LOGIN_CLIENT=1000/min THROTTLE_REGISTER=1000/hour
export LOG_LEVEL="${E2E_LOG_LEVEL:-WARNING}"

log "fresh database ${DATABASE_URL##*/}"
status=0
database create || status=$?
if [ $status -eq 3 ] && [ "${CI:-}" != "true" ]; then
  # Like the backend suite without PostgreSQL: say so plainly; CI always has it and fails here.
  echo "e2e: SKIPPED, no PostgreSQL (start it, or set E2E_DATABASE_URL)" >&2
  SKIP_DROP=1
  exit 0
fi
[ $status -eq 0 ] || exit $status
(
  cd "$REPO_DIR/backend"
  "$PY" manage.py migrate --noinput >/dev/null
  "$PY" manage.py createcachetable
  "$PY" manage.py seed_demo >/dev/null
  # Availability and a few appointments, once the scheduling app provides them.
  if "$PY" manage.py help seed_demo_schedule >/dev/null 2>&1; then
    "$PY" manage.py seed_demo_schedule >/dev/null
  fi
  # A visit that started up to ten minutes ago, today in the clinic, and is still booked, for the
  # doctor to document (e2e/doctor-day.spec.ts, e2e/visit.spec.ts); the demo data has none, and
  # booking refuses the past, so the ORM it is. Just after midnight it starts at midnight, so it is
  # today's at every hour.
  "$PY" manage.py shell -c '
from datetime import timedelta
from django.utils import timezone
from apps.accounts.models import User
from apps.scheduling.models import Appointment, Status
alice = User.objects.get(username="alice")
now = timezone.localtime().replace(second=0, microsecond=0)
start = max(now - timedelta(minutes=10), now.replace(hour=0, minute=0))
Appointment.objects.create(
    patient=alice, doctor=User.objects.get(username="dr.grey"), start=start,
    end=start + timedelta(minutes=30), status=Status.BOOKED, booked_by=alice,
    reason="E2E: a visit in progress.",
)'
)

if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then
  log "building the SPA"
  (cd "$FRONTEND_DIR" && npm run --silent build >"$RUN_DIR/build.log") ||
    { cat "$RUN_DIR/build.log" >&2; exit 1; }
fi
[ -f "$FRONTEND_DIST/index.html" ] || { echo "e2e: no built SPA in $FRONTEND_DIST" >&2; exit 1; }

log "serving on $E2E_BASE_URL"
(
  cd "$REPO_DIR/backend"
  exec "$(dirname "$PY")/gunicorn" config.wsgi:application --bind "127.0.0.1:$PORT" \
    --workers 2 --timeout 60 --log-level warning
) >"$RUN_DIR/server.log" 2>&1 &
SERVER_PID=$!
healthy() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "$E2E_BASE_URL/api/v1/health/"
}
for _ in $(seq 1 60); do
  if healthy; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    cat "$RUN_DIR/server.log" >&2
    echo "e2e: the server did not start" >&2
    exit 1
  fi
  sleep 0.5
done
healthy || { cat "$RUN_DIR/server.log" >&2; echo "e2e: the server is not healthy" >&2; exit 1; }

log "running Playwright"
status=0
(cd "$FRONTEND_DIR" && npx --no-install playwright test "$@") || status=$?
if [ $status -ne 0 ]; then
  echo "--- server log ---" >&2
  tail -n "${E2E_LOG_LINES:-50}" "$RUN_DIR/server.log" >&2
fi
exit $status
