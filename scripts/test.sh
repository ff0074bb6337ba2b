#!/usr/bin/env bash
# Runs every test: installs what the tests need from Debian when it is missing (redis-server,
# which the Redis and multi-node tests start on loopback ports of their own), then `mvn -B verify`.
# Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing: installing Debian's package" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  # env after sudo: sudo drops variables set in front of it.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server
  # The package starts a system-wide server; the tests start their own.
  if command -v systemctl >/dev/null 2>&1; then
    $sudo systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
fi

exec mvn -B verify "$@"
