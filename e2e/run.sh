#!/usr/bin/env bash
# Runs the end-to-end suites (all, or the files given) against the real app binary on a
# private Xvfb display (scripts/xvfb.sh). Expects DOCKER_HOST to point at the private test engine
# (scripts/test.sh arranges that).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${IMAGEN_APP_BINARY:=$root/target/e2e/imagen}"
export IMAGEN_APP_BINARY
[ -x "$IMAGEN_APP_BINARY" ] || { echo "e2e: no app binary at $IMAGEN_APP_BINARY (scripts/build-e2e.sh)" >&2; exit 1; }
# The suites by name, not the folder: from Node 21 on, `node --test` takes each argument as a
# glob pattern, no longer as a folder to search for tests. The shell expands the pattern in
# sorted order; support.mjs, the suites' shared helpers, is not a suite and does not match.
# Given suite files as arguments, those only (scripts/test.sh's run on a second engine).
if [ "$#" -gt 0 ]; then
  suites=("$@")
  for suite in "${suites[@]}"; do
    [ -f "$suite" ] || { echo "e2e: no suite $suite" >&2; exit 1; }
  done
else
  suites=(e2e/*.test.mjs)
  [ -f "${suites[0]}" ] || { echo "e2e: no e2e/*.test.mjs" >&2; exit 1; }
fi
# A backstop against a hang (a launch or a wait that never ends would otherwise run into CI's
# 90-minute job limit): the runner stops a suite FILE's process (SIGTERM; support.mjs then
# stops its app and driver) when the file has run 10 minutes, and says it timed out. The
# longest file, keyboard.test.mjs, takes about 3 minutes (CI's runs and here); the whole e2e
# run about 5½.
exec scripts/xvfb.sh -- node --test --test-concurrency=1 --test-timeout=600000 "${suites[@]}"
