#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine, idempotently:
#   - Debian packages: libsecret-1-dev (keytar, a native dependency of @forge/cli-shared, compiles
#     against it when no prebuilt binary can be downloaded) and, with SETUP_BROWSER=1, chromium
#     for the browser tests;
#   - npm dependencies, reinstalled only when package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
dpkg -s libsecret-1-dev >/dev/null 2>&1 || need_pkgs+=(libsecret-1-dev)
if [ "${SETUP_BROWSER:-0}" = "1" ]; then
  dpkg -s chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  echo "setup: installing Debian packages: ${need_pkgs[*]}"
  $apt_get update -qq
  DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

stamp=node_modules/.approval-router-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
if [ ! -d node_modules ] || [ "$want" != "$have" ]; then
  echo "setup: installing npm dependencies"
  # npm ci refuses a lock file that lacks optional binaries of other platforms (the lock is written
  # on Linux); npm install then resolves them from the registry and keeps every locked version.
  npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error
  # The lock as installed: npm install may have added entries, which must not trigger another install.
  sha256sum package-lock.json | cut -d' ' -f1 > "$stamp"
fi
