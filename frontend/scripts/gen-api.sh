#!/usr/bin/env bash
# Regenerates the API types from the backend:
#   1. the backend's OpenAPI schema (manage.py spectacular) -> frontend/openapi.yaml
#   2. openapi-typescript: frontend/openapi.yaml -> frontend/src/types/api.gen.ts
# With --check nothing is written: both are generated into a temporary directory and the script
# fails when the committed files differ (the backend changed and nobody regenerated).
# Needs the backend's virtualenv (make install); the settings need no database or secrets.
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(dirname "$FRONTEND_DIR")"
PYTHON="${PYTHON:-$REPO_DIR/.venv/bin/python}"
CHECK=false
[ "${1:-}" = "--check" ] && CHECK=true

if [ ! -x "$PYTHON" ]; then
  echo "gen-api: no backend virtualenv at $PYTHON (run make install)" >&2
  exit 1
fi

if $CHECK; then
  OUT_DIR="$(mktemp -d)"
  trap 'rm -rf "$OUT_DIR"' EXIT
else
  OUT_DIR="$FRONTEND_DIR"
fi
SCHEMA="$OUT_DIR/openapi.yaml"
TYPES="$OUT_DIR/api.gen.ts"
$CHECK || TYPES="$FRONTEND_DIR/src/types/api.gen.ts"

(
  cd "$REPO_DIR/backend"
  DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=sqlite:///:memory: CI= \
    "$PYTHON" manage.py spectacular --validate --fail-on-warn --file "$SCHEMA" >/dev/null
)
mkdir -p "$(dirname "$TYPES")"
(cd "$FRONTEND_DIR" && npx --no-install openapi-typescript "$SCHEMA" --output "$TYPES" >/dev/null)

if $CHECK; then
  status=0
  cmp -s "$SCHEMA" "$FRONTEND_DIR/openapi.yaml" ||
    { echo "gen-api: frontend/openapi.yaml is out of date with the backend" >&2; status=1; }
  cmp -s "$TYPES" "$FRONTEND_DIR/src/types/api.gen.ts" ||
    { echo "gen-api: src/types/api.gen.ts is out of date" >&2; status=1; }
  [ $status -eq 0 ] && echo "gen-api: openapi.yaml and src/types/api.gen.ts are current"
  [ $status -eq 0 ] || echo "gen-api: run frontend/scripts/gen-api.sh and commit the result" >&2
  exit $status
fi
echo "gen-api: wrote frontend/openapi.yaml and frontend/src/types/api.gen.ts"
