#!/usr/bin/env bash
# Runs the end-to-end suites against the real app binary on a private Xvfb display
# (scripts/xvfb.sh). Expects DOCKER_HOST to point at the private test engine
# (scripts/test.sh arranges that).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${IMAGEN_APP_BINARY:=$root/target/e2e/imagen}"
export IMAGEN_APP_BINARY
[ -x "$IMAGEN_APP_BINARY" ] || { echo "e2e: no app binary at $IMAGEN_APP_BINARY (scripts/build-e2e.sh)" >&2; exit 1; }
exec scripts/xvfb.sh -- node --test --test-concurrency=1 e2e/
