#!/usr/bin/env bash
# Grid speed with 5,000 images (IMAGEN_BENCH_IMAGES=n for another count) in the real web view
# (WebKitGTK under Xvfb): builds a benchmark variant of the app fed by synthetic summaries,
# then prints first-render and filter-keystroke figures (scripts/bench-ui.mjs). Results go in
# docs/benchmarks.md.
#
# The variant is built apart from everything else: Rust into target/bench (its own cargo
# target folder, so target/debug/imagen and target/e2e/imagen stay as they are; the first
# build there compiles every crate once) and the UI into target/bench/dist (dist/ stays too).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh test >/dev/null
export CARGO_TARGET_DIR="$root/target/bench"
# How many synthetic images the benchmark build holds (bench-ui.mjs prints it).
export IMAGEN_BENCH_IMAGES="${IMAGEN_BENCH_IMAGES:-5000}"
# Paths in the config are relative to src-tauri/; the build command runs in the repo root.
VITE_IMAGEN_BENCH="$IMAGEN_BENCH_IMAGES" npx tauri build --debug --no-bundle --ci --config '{
  "build": {
    "frontendDist": "../target/bench/dist",
    "beforeBuildCommand": "npx vite build --config ui/bench/vite.config.ts"
  }
}' >/dev/null
export IMAGEN_APP_BINARY="$CARGO_TARGET_DIR/debug/imagen"
scripts/xvfb.sh -- node scripts/bench-ui.mjs
