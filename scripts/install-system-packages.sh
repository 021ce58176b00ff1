#!/usr/bin/env bash
# Installs the Debian packages LDSP Hub's tests and tools use, if any is missing:
# Chromium for the browser tests, Pango for PDF rendering, wrk for benchmarks,
# poppler-utils for checking PDFs, Redis for the tests that run against each cache backend.
# Needs root (or sudo); safe to run again.
set -euo pipefail

packages=(chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation wrk poppler-utils redis-server)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo_prefix=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_prefix=(sudo)
else
  echo "Run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_prefix[@]}" apt-get update -qq
"${sudo_prefix[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
