# Shared install steps for run.sh and the Makefile. Each step is idempotent and returns at once
# when its inputs have not changed since the last run (a hash of them is kept as a stamp).
# shellcheck shell=bash

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_DIR/.venv"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

find_python() {
  local candidate
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "Python 3.11 is required (python3.11 or python3 on PATH)." >&2
  return 1
}

hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

# ensure_backend runtime|dev: the virtualenv with the pinned backend dependencies.
ensure_backend() {
  local kind="$1" req stamp want
  if [ "$kind" = dev ]; then req="$REPO_DIR/backend/requirements-dev.txt"; else req="$REPO_DIR/backend/requirements.txt"; fi
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the virtualenv in .venv"
    "$(find_python)" -m venv "$VENV"
  fi
  stamp="$VENV/.installed-$kind"
  want="$(hash_of "$REPO_DIR/backend/requirements.txt" "$req")"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "Installing backend dependencies ($kind)"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    echo "$want" >"$stamp"
  fi
}

# ensure_frontend_deps: node_modules matching package-lock.json.
ensure_frontend_deps() {
  local dir="$REPO_DIR/frontend" want
  [ -f "$dir/package.json" ] || return 0
  command -v npm >/dev/null 2>&1 || { echo "Node.js and npm are required to build the frontend." >&2; return 1; }
  want="$(hash_of "$dir/package-lock.json")"
  if [ "$(cat "$dir/node_modules/.installed" 2>/dev/null)" != "$want" ]; then
    log "Installing frontend dependencies"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$dir/node_modules/.installed"
  fi
}

# ensure_frontend_build: dist/ rebuilt when any source file is newer than the last build.
ensure_frontend_build() {
  local dir="$REPO_DIR/frontend"
  [ -f "$dir/package.json" ] || return 0
  ensure_frontend_deps
  if [ ! -f "$dir/dist/index.html" ] || [ ! -f "$dir/dist/.built" ] ||
    [ -n "$(find "$dir/src" "$dir/public" "$dir/index.html" "$dir/package-lock.json" "$dir"/vite.config.* \
      -newer "$dir/dist/.built" -print -quit 2>/dev/null)" ]; then
    log "Building the frontend"
    (cd "$dir" && npm run build --silent)
    touch "$dir/dist/.built"
  fi
}

# ensure_e2e_browser: Debian's Chromium for the end-to-end tests (make install / make test only;
# run.sh does not need it).
ensure_e2e_browser() {
  local script="$REPO_DIR/frontend/scripts/ensure-chromium.sh"
  [ -f "$script" ] || return 0
  bash "$script"
}

# ensure_nginx: nginx for ./run.sh's front and the fault suite (make install / make test).
ensure_nginx() {
  bash "$REPO_DIR/scripts/ensure-nginx.sh"
}

ensure_env_file() {
  "$VENV/bin/python" "$REPO_DIR/scripts/ensure_env.py" "$REPO_DIR/.env"
}
