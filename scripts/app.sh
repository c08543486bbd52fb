#!/usr/bin/env bash
# Installs what is missing, builds Imagen and opens it against YOUR Docker engine
# (DOCKER_HOST if set, else the platform's default socket).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh app
npx tauri build --debug --no-bundle --ci >/dev/null
exec target/debug/imagen "$@"
