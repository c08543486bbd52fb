#!/usr/bin/env bash
# Runs the end-to-end suites against the real app binary under a private Xvfb display.
# Expects DOCKER_HOST to point at the private test engine (scripts/test.sh arranges that).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${IMAGEN_APP_BINARY:=$root/target/e2e/imagen}"
export IMAGEN_APP_BINARY
[ -x "$IMAGEN_APP_BINARY" ] || { echo "e2e: no app binary at $IMAGEN_APP_BINARY (scripts/build-e2e.sh)" >&2; exit 1; }

xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  # A display number nobody uses; -nolisten tcp keeps it local.
  for n in $(seq 90 120); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=":$n"
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
fi
node --test --test-concurrency=1 e2e/
