#!/usr/bin/env bash
# Builds the real app binary the end-to-end tests drive: a debug build that serves the
# bundled UI (custom-protocol), copied aside because `cargo test` relinks target/debug/imagen
# as a dev build that would look for the Vite dev server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# `e2e`: the native Save/Open dialog answers from IMAGEN_E2E_CHOOSE_FILE (src-tauri/src/files.rs).
npx tauri build --debug --no-bundle --ci --features e2e >/dev/null
mkdir -p target/e2e
cp target/debug/imagen target/e2e/imagen
echo "e2e binary: target/e2e/imagen" >&2
