#!/usr/bin/env bash
# Builds the real app binary the end-to-end tests drive: a debug build that serves the
# bundled UI (custom-protocol), copied aside because `cargo test` relinks target/debug/imagen
# as a dev build that would look for the Vite dev server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
npx tauri build --debug --no-bundle --ci >/dev/null
mkdir -p target/e2e
cp target/debug/imagen target/e2e/imagen
echo "e2e binary: target/e2e/imagen" >&2
