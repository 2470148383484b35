#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine: the system libraries canvas
# builds against (when no prebuilt binary can be downloaded), poppler-utils, qpdf and grammalecte-cli (the French grammar checker) for the
# tests, then the npm packages (npm ci also compiles the TypeScript).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev libpixman-1-dev pkg-config poppler-utils qpdf grammalecte-cli)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
