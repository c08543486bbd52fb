#!/usr/bin/env bash
# Installs what is missing, builds Imagen and opens it against YOUR Docker engine
# (DOCKER_HOST if set, else the platform's default socket). The build is the release one
# (Cargo.toml's [profile.release]: what the installers ship); the first one takes several
# minutes, later ones only relink what changed. Arguments go to the app (`--version`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh app
npx tauri build --no-bundle --ci >/dev/null
binary=target/release/imagen
[ -f "$binary.exe" ] && binary=$binary.exe
exec "$binary" "$@"
