#!/usr/bin/env bash
# Refreshes the README screenshot from a real run: the real app, under Xvfb, against the
# private test engine seeded with fixtures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh test
export IMAGEN_README_SCREENSHOT="$root/docs/screenshots/imagen.png"
# The whole e2e suite runs, the engine-switch one too: it needs the TLS engine and the sshd.
IMAGEN_TEST_REMOTES=1 scripts/test-engine.sh run -- bash -c 'scripts/build-e2e.sh && e2e/run.sh'
# The same grid in Spanish, from the run under LANG=es_ES.UTF-8 (e2e/language-a11y.test.mjs).
cp .e2e-artifacts/a11y-es-grid.png docs/screenshots/imagen-es.png
echo "wrote $IMAGEN_README_SCREENSHOT and docs/screenshots/imagen-es.png"
