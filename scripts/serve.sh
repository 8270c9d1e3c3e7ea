#!/usr/bin/env bash
# Serves the app on 127.0.0.1:$PORT as ./run.sh does: gunicorn's sync workers on a private loopback
# port behind nginx, which buffers whole requests and responses so that slow clients cannot hold a
# worker. Runs in the foreground until stopped; stops both on exit. Run from anywhere; the
# environment (settings, database) is the caller's.
#   PORT             public port (8000)
#   WEB_CONCURRENCY  gunicorn workers (2)
#   SERVE_DIRECT=1   no nginx: gunicorn alone on $PORT (also the fallback when nginx is missing)
#   NGINX_CLIENT_TIMEOUT  seconds a client may pause while sending headers or body (10)
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$REPO_DIR/.venv}"
PORT="${PORT:-8000}"
WORKERS="${WEB_CONCURRENCY:-2}"
RUN_DIR="${SERVE_RUN_DIR:-${VAR_DIR:-$REPO_DIR/var}/serve-$PORT}"

gunicorn_on() {
  # No query strings in the access log: they may carry names. A request line up to gunicorn's
  # largest, 8 kB, reaches the API, whose own limit (REQUEST_URL_MAX_LENGTH) answers a JSON 414.
  cd "$REPO_DIR/backend"
  exec "$VENV/bin/gunicorn" config.wsgi:application --bind "127.0.0.1:$1" --workers "$WORKERS" \
    --timeout 60 --limit-request-line 8190 --access-logfile - --access-logformat '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
}

if [ "${SERVE_DIRECT:-}" = "1" ] || ! bash "$REPO_DIR/scripts/ensure-nginx.sh"; then
  [ "${SERVE_DIRECT:-}" = "1" ] ||
    echo "WARNING: nginx is not installed: serving gunicorn directly, unprotected from slow clients." >&2
  gunicorn_on "$PORT"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

APP_PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$RUN_DIR"
# nginx's workers drop root (to nobody) and must reach their temporary folders (a large body is
# buffered to disk): those live in a folder of their own under /tmp, whose parents anyone may
# traverse, while the repository's may not be (a checkout under /root, say).
TEMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/pt-nginx.XXXXXX")"
chmod 711 "$TEMP_DIR"
for temp in body proxy fastcgi uwsgi scgi; do mkdir -p "$TEMP_DIR/$temp"; done
USER_LINE=""
if [ "$(id -u)" -eq 0 ]; then
  USER_LINE="user nobody nogroup;"
  chown -R nobody "$TEMP_DIR"/body "$TEMP_DIR"/proxy "$TEMP_DIR"/fastcgi "$TEMP_DIR"/uwsgi "$TEMP_DIR"/scgi
fi
sed -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@TEMP_DIR@|$TEMP_DIR|g" -e "s|@PORT@|$PORT|g" -e "s|@APP_PORT@|$APP_PORT|g" \
  -e "s|@USER_LINE@|$USER_LINE|g" -e "s|@CLIENT_TIMEOUT@|${NGINX_CLIENT_TIMEOUT:-10}|g" \
  "$REPO_DIR/scripts/nginx/local.conf.template" >"$RUN_DIR/nginx.conf"

# nginx overwrites X-Forwarded-For with the client's address: the app trusts exactly that one hop.
export NUM_PROXIES=1
(gunicorn_on "$APP_PORT") &
APP_PID=$!
"$NGINX" -c "$RUN_DIR/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
stop() {
  kill "$NGINX_PID" "$APP_PID" 2>/dev/null || true
  wait "$NGINX_PID" "$APP_PID" 2>/dev/null || true
  rm -rf "$TEMP_DIR"
}
trap stop EXIT INT TERM
# Whichever ends first ends both.
wait -n "$NGINX_PID" "$APP_PID"
