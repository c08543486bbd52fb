#!/usr/bin/env bash
# Grid speed with 5,000 images in the real web view (WebKitGTK under Xvfb): builds a
# benchmark variant of the app fed by synthetic summaries, then prints first-render and
# filter-keystroke figures (scripts/bench-ui.mjs). Results go in docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh test >/dev/null
VITE_IMAGEN_BENCH=5000 npx tauri build --debug --no-bundle --ci >/dev/null
mkdir -p target/bench && cp target/debug/imagen target/bench/imagen
# target/debug/imagen is now the benchmark variant; rebuild the normal one for later use.
npx tauri build --debug --no-bundle --ci >/dev/null
export IMAGEN_APP_BINARY="$root/target/bench/imagen"
xvfb_pid=""
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true' EXIT
if [ -z "${DISPLAY:-}" ]; then
  for n in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=":$n"
  sleep 1
fi
node scripts/bench-ui.mjs
