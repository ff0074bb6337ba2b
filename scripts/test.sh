#!/usr/bin/env bash
# The project's test command: installs the system tools the tests drive (Debian packages) when
# they are missing, then runs the whole build with its tests. Extra arguments go to Maven:
#   scripts/test.sh -Dtest=WebPageBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need: redis-server (the Redis and multi-node tests start their own
# on loopback ports), a headless browser and its driver (the web page's test).
PACKAGES="redis-server chromium chromium-driver"

missing=()
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (needed by the tests)" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  # env after sudo: sudo drops variables set in front of it.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
  # Debian's redis-server starts a system-wide server; the tests start their own.
  if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v systemctl >/dev/null 2>&1; then
    $sudo systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
fi

exec mvn -B verify "$@"
