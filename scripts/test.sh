#!/usr/bin/env bash
# Every test Imagen has, from a fresh machine: installs what is missing, runs the lints and
# unit/component tests, then starts a PRIVATE Docker engine + registry (never the user's),
# runs the integration and end-to-end tests against it, and stops it again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh test

step "lint: rustfmt, clippy, svelte-check, prettier"
cargo fmt --all -- --check
# Not --all-features for the workspace: the app's `custom-protocol` feature makes tauri embed
# ../dist, which a clean clone has not built yet. imagen-core's features are all linted.
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p imagen-core --all-targets --all-features --locked -- -D warnings
# Windows reaches the engine over a named pipe: that code must at least compile and lint.
cargo clippy -p imagen-core --target x86_64-pc-windows-gnu --locked -- -D warnings
npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output machine | tail -n 1
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
# Supply chain (docs/supply-chain.md). Rust: banned crates, licenses and sources per deny.toml;
# RustSec advisories are not checked because their database is on GitHub, out of reach here.
cargo deny --locked --log-level error check --show-stats bans licenses sources
# npm: registry sources and hashes, the reviewed production set, no install scripts or driver
# downloads (`npm audit` cannot run here: the registry refuses its POST requests).
node scripts/check-npm-installs.mjs

step "component tests (vitest)"
npx vitest run

step "engine tests: private dockerd + registry"
scripts/test-engine.sh run -- bash -c '
  set -euo pipefail
  echo "private engine: $DOCKER_HOST, registry: $IMAGEN_TEST_REGISTRY"
  cargo test --workspace --locked
  scripts/build-e2e.sh
  e2e/run.sh
'
step "removal and disk-full tests: a second private engine, because they delete, prune and fill its disk"
# Its data root is a 256 MB tmpfs, so the disk-full test can fill it for real.
IMAGEN_TEST_STATE=/tmp/imagen-test-engine-removal IMAGEN_FIXTURES=base IMAGEN_TEST_DATA_MB=256 \
  scripts/test-engine.sh run -- cargo test -p imagen-core --locked --features removal-tests --test removal

step "all tests passed"
