#!/usr/bin/env bash
# Installs wrk (Debian package `wrk`) when it is missing; does nothing when it is there.
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
echo "==> Installing wrk (apt-get)" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
command -v wrk >/dev/null
