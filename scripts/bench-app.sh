#!/usr/bin/env bash
# The release app at scale, beside a PRIVATE engine: 10, then 1,000, then 10,000 images (the
# same engine topped up with generated images between sizes), and a table of every figure
# beside its target (scripts/bench-app.mjs measures and prints; results go in
# docs/benchmarks.md, "Release app at scale").
#
#   scripts/bench-app.sh        (root: the private engine needs dockerd)
#
# Figures: backend list (list_images from the web view, IPC included) against a raw
# GET /images/json on the same socket; process start → first card drawn; filter keystroke →
# the frame after it; PSS of the app and its web processes against the 10-image figure; idle
# CPU; PSS while the engine changes under the app (its live refreshes); the installers' sizes
# (target/release/bundle) when they exist, flagged STALE when older than the commit measured
# (scripts/package.sh builds them afresh).
#
# The engine (scripts/test-engine.sh, never the user's) keeps its state in
# IMAGEN_BENCH_STATE (/tmp/imagen-bench-app), busybox fixture only, and its data root on a
# tmpfs of IMAGEN_BENCH_DATA_MB (4096) megabytes (IMAGEN_BENCH_DATA_MB= (empty): on disk).
# The generated archives are written into the state folder once per size and `docker load`ed,
# IMAGEN_BENCH_LOAD_JOBS (3) at a time: distinct images (own config, ID, tag, labels) sharing
# one layer, so 10,000 load in well under a minute; IMAGEN_BENCH_OWN_LAYERS=1 loads
# scripts/gen-images.mjs archives instead (a layer each: ≈150 ms per image on dockerd 20.10
# here, 25 min or more for 10,000).
#
# The app is target/release/imagen, the custom-protocol build: `npx tauri build --no-bundle
# --ci` (as scripts/app.sh) runs first every time, so it is the working tree's (incremental:
# it rebuilds the UI and relinks the app, about a minute). It is copied to a folder of this
# run's own first, so a build running meanwhile cannot replace it and its processes are told
# apart from other runs' by that path. IMAGEN_APP_BINARY measures another binary. The options of
# scripts/bench-app.mjs (IMAGEN_BENCH_SIZES, _STARTS, _RUNS, _IDLE_S, _ROUNDS, _PACE,
# _CHANGES, _JSON, _BUNDLE) pass through the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log() { printf '\033[1m[bench-app]\033[0m %s\n' "$*" >&2; }

if [ "${1:-}" = "--in-engine" ]; then
  # Inside scripts/test-engine.sh run: DOCKER_HOST is the private engine.
  exec scripts/xvfb.sh -- node scripts/bench-app.mjs
fi

for cmd in tauri-driver WebKitWebDriver Xvfb; do
  command -v "$cmd" >/dev/null || { log "$cmd is missing: scripts/setup.sh test"; exit 1; }
done
if [ -z "${IMAGEN_APP_BINARY:-}" ]; then
  log "building the release app (npx tauri build --no-bundle --ci; incremental)"
  npx tauri build --no-bundle --ci >/dev/null
  copy=$(mktemp -d "${TMPDIR:-/tmp}/imagen-bench-app-bin.XXXXXX")
  trap 'rm -rf "$copy"' EXIT
  cp -p target/release/imagen "$copy/imagen"
  tree="HEAD $(git rev-parse --short HEAD)"
  # Installers older than the commit measured are of earlier code (bench-app.mjs: STALE); with
  # uncommitted changes, older than the binary.
  IMAGEN_BENCH_SOURCE_TIME=$(git log -1 --format=%ct)
  if ! git diff --quiet HEAD -- 2>/dev/null; then
    tree="$tree with uncommitted changes"
    IMAGEN_BENCH_SOURCE_TIME=$(date -r target/release/imagen +%s)
  fi
  export IMAGEN_BENCH_SOURCE_TIME
  log "app: target/release/imagen of $(date -r target/release/imagen '+%F %T'), $(stat -c %s target/release/imagen) bytes ($tree)"
  export IMAGEN_APP_BINARY="$copy/imagen"
fi
IMAGEN_TEST_STATE=${IMAGEN_BENCH_STATE:-/tmp/imagen-bench-app} IMAGEN_FIXTURES=base \
  IMAGEN_TEST_DATA_MB=${IMAGEN_BENCH_DATA_MB-4096} scripts/test-engine.sh run -- "$0" --in-engine
