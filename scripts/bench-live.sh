#!/usr/bin/env bash
# Live updates with 1,000 images, in the real app under Xvfb against a PRIVATE engine: event →
# card latency, idle CPU, and a burst of 200 changes (scripts/bench-live.mjs prints the figures;
# results go in docs/benchmarks.md).
#
#   scripts/bench-live.sh        (root: the private engine needs dockerd)
#
# Starts its own engine (state in /tmp/imagen-bench-live, busybox fixture only), loads
# IMAGEN_BENCH_IMAGES (1000) generated images into it (scripts/gen-images.mjs; ≈1 min for
# 1,000 on dockerd 20.10), and drives the e2e build of the app (target/e2e/imagen, built by
# scripts/build-e2e.sh when absent or with IMAGEN_BENCH_REBUILD=1). The binary is copied to a
# folder of this run's own first, so a build running meanwhile cannot replace it, and its
# processes are told apart from other runs' apps by that path. IMAGEN_APP_BINARY drives
# another binary instead. The options of scripts/bench-live.mjs pass through the environment.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log() { printf '\033[1m[bench-live]\033[0m %s\n' "$*" >&2; }

if [ "${1:-}" = "--in-engine" ]; then
  # Inside scripts/test-engine.sh run: DOCKER_HOST is the private engine.
  n=${IMAGEN_BENCH_IMAGES:-1000}
  log "loading $n generated images"
  start=$(date +%s)
  node scripts/gen-images.mjs "$n" | docker load -q >/dev/null
  log "loaded in $(($(date +%s) - start)) s; the engine has $(docker images -q | sort -u | wc -l) images"
  exec scripts/xvfb.sh -- node scripts/bench-live.mjs
fi

for cmd in tauri-driver WebKitWebDriver Xvfb; do
  command -v "$cmd" >/dev/null || { log "$cmd is missing: scripts/setup.sh test"; exit 1; }
done
if [ -z "${IMAGEN_APP_BINARY:-}" ]; then
  if [ -n "${IMAGEN_BENCH_REBUILD:-}" ] || [ ! -x target/e2e/imagen ]; then
    log "building the app (scripts/build-e2e.sh)"
    scripts/build-e2e.sh
  fi
  copy=$(mktemp -d "${TMPDIR:-/tmp}/imagen-bench-live-app.XXXXXX")
  trap 'rm -rf "$copy"' EXIT
  cp target/e2e/imagen "$copy/imagen"
  log "app: target/e2e/imagen of $(date -r target/e2e/imagen '+%F %T') (HEAD $(git rev-parse --short HEAD))"
  export IMAGEN_APP_BINARY="$copy/imagen"
fi
IMAGEN_TEST_STATE=/tmp/imagen-bench-live IMAGEN_FIXTURES=base \
  scripts/test-engine.sh run -- "$0" --in-engine
