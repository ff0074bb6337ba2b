#!/usr/bin/env bash
# The project's test command: installs the system tools the tests drive (Debian packages),
# when missing, then runs the whole build with its tests. Extra arguments go to Maven:
#   scripts/test.sh -Dtest=WebPageBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need: a headless browser and its driver for the web page's test.
PACKAGES="chromium chromium-driver"

missing=()
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (needed by the tests)"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  else
    sudo="sudo"
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

exec mvn -B verify "$@"
