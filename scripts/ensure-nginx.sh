#!/usr/bin/env bash
# Makes sure nginx is installed (Debian package), for ./run.sh's front (scripts/serve.sh) and the
# fault suite. Idempotent: returns at once when it is there. Exit 1 when it cannot be installed.
set -euo pipefail
command -v nginx >/dev/null 2>&1 && exit 0
[ -x /usr/sbin/nginx ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-nginx: nginx is missing and apt-get is not available" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || { echo "ensure-nginx: run as root to install nginx" >&2; exit 1; }
  SUDO="sudo -n"
fi
echo "==> Installing nginx (Debian package) to front the app" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nginx >/dev/null
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1
