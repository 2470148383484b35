#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine: the system libraries canvas
# builds against (when no prebuilt binary can be downloaded), poppler-utils, qpdf and grammalecte-cli (the French grammar checker) for the
# tests, a Node of package.json's engines.node when the machine's is older (from the npm registry,
# into .tools/), then the npm packages (npm ci also compiles the TypeScript).
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

# Node: package.json asks for >=22.12 (module.enableCompileCache, require of ES modules). An older
# machine Node gets Node 24 from the npm registry (the node-linux-<arch> package: the official
# binary and its headers), in .tools/ (git-ignored); scripts/node-env.sh puts it on PATH.
NODE_MAJOR=24
node_ok() { command -v node >/dev/null 2>&1 && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'; }
if [ ! -x .tools/bin/node ] && ! node_ok; then
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "setup.sh: no node-linux package for $(uname -m); install Node >= 22.12 yourself" >&2; exit 1 ;;
  esac
  echo "setup.sh: node $(node -v 2>/dev/null || echo missing) is older than 22.12; installing node-linux-$arch@$NODE_MAJOR into .tools/"
  npm install --prefix .tools --no-save --no-package-lock --no-audit --no-fund --silent "node-linux-$arch@$NODE_MAJOR"
  mkdir -p .tools/bin
  ln -sfn "node_modules/node-linux-$arch" .tools/node
  ln -sfn ../node/bin/node .tools/bin/node
fi
# shellcheck source=scripts/node-env.sh
. scripts/node-env.sh
node_ok || { echo "setup.sh: node $(node -v) is older than 22.12" >&2; exit 1; }
echo "setup.sh: using node $(node -v) ($(command -v node))"

npm ci --no-audit --no-fund
