#!/usr/bin/env bash
# Installs whatever Imagen needs that is missing. Idempotent: re-running is cheap.
#   scripts/setup.sh app    -> what running the app needs
#   scripts/setup.sh dev    -> plus the lint tools of `scripts/test.sh --fast` (cargo-deny,
#                              rustfmt, clippy, the Windows target and its C compiler)
#   scripts/setup.sh test   -> plus the private engine, registry, Xvfb and WebDriver for tests,
#                              and what scripts/package.sh needs (the tests build the installers)
#   scripts/setup.sh package -> what running the app needs, plus what scripts/package.sh uses
# On Debian/Ubuntu it installs apt packages; on macOS/Windows it checks and says what to install.
# Root is needed only to install apt packages, and only when some are missing (then through
# sudo if you are not root); everything else installs for your user (npm, cargo, rustup).
set -euo pipefail
mode=${1:-app}
case "$mode" in
  app | dev | test | package) ;;
  *)
    echo "usage: scripts/setup.sh [app|dev|test|package]" >&2
    exit 2
    ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '\033[1m[imagen setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[imagen setup]\033[0m %s\n' "$*" >&2; exit 1; }
need_cmd() { command -v "$1" >/dev/null 2>&1; }

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) os=unknown ;;
esac

# The Node.js versions package.json's "engines" allows (what vite, jsdom and webdriverio need),
# said for people: "22.23.4 or a later 22, …". Read with sed: no Node.js may be installed yet.
node_range() {
  sed -n 's/^ *"node": "\(.*\)"$/\1/p' "$root/package.json" | head -n 1
}
node_wanted() {
  node_range | sed -e 's/>=\([0-9]*\)\.\([0-9.]*\) <[0-9]*/\1.\2 or a later \1/g' \
    -e 's/>=\([0-9.]*\)$/\1 or later/' -e 's/ || /, /g'
}

# Whether `node` is a version in that range (the range's own form only: ">=a.b.c <N" or
# ">=a.b.c" alternatives, joined by "||").
node_fits() {
  # shellcheck disable=SC2016 # JavaScript, with its own template strings
  node -e '
    const [range, version] = process.argv.slice(1);
    const parse = (v) => v.split(".").map(Number);
    const cmp = (a, b) => { for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0); return 0; };
    const v = parse(version);
    const fits = range.split("||").some((alt) =>
      alt.trim().split(/\s+/).every((c) => {
        const m = /^(>=|<)(\d+(?:\.\d+){0,2})$/.exec(c);
        if (!m) throw new Error(`package.json engines.node: cannot read "${c}"`);
        return m[1] === ">=" ? cmp(v, parse(m[2])) >= 0 : cmp(v, parse(m[2])) < 0;
      }),
    );
    process.exit(fits ? 0 : 1);
  ' "$(node_range)" "$(node -p process.versions.node)"
}

check_toolchains() {
  local missing=()
  need_cmd node || missing+=("Node.js $(node_wanted) (https://nodejs.org)")
  need_cmd npm || missing+=("npm (comes with Node.js)")
  need_cmd cargo || missing+=("Rust via rustup (https://rustup.rs)")
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_UID:-}" ]; then
      # sudo replaced the caller's PATH with its secure_path (Debian, Ubuntu).
      die "missing: ${missing[*]} on root's PATH. sudo replaced yours with its secure_path; keep
yours (rustup's ~/.cargo/bin, nvm's node) by running the same command as
  sudo --preserve-env env \"PATH=\$PATH\" scripts/…"
    fi
    die "missing: ${missing[*]}"
  fi
  node_fits || die "this is Node.js $(node -p process.versions.node) ($(command -v node)); Imagen's
tools (vite, jsdom, webdriverio) need Node.js $(node_wanted): install one (https://nodejs.org,
or nvm install 22) and run this again"
}

apt_install() {
  local wanted=("$@") missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    need_cmd sudo || die "missing apt packages: ${missing[*]}. Installing them needs root: run
  apt-get install --no-install-recommends ${missing[*]}
as root, then run this again."
    say "missing apt packages: ${missing[*]}; installing them needs root, so apt-get runs through sudo"
    sudo=(sudo DEBIAN_FRONTEND=noninteractive)
  else
    say "installing apt packages: ${missing[*]}"
  fi
  "${sudo[@]}" apt-get update -qq
  # No --no-remove: on a fresh machine Debian's busybox must make room for busybox-static (the
  # fixtures need a static one), and refusing that would stop the set-up. The one removal that
  # would hurt, Docker's own docker-ce and containerd.io for docker.io, cannot happen: docker.io
  # is asked for only where no dockerd is installed (above).
  local out
  if ! out=$(DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" 2>&1); then
    printf '%s\n' "$out" >&2
    die "apt-get could not install ${missing[*]} (above)."
  fi
}

case "$os" in
  linux)
    if need_cmd apt-get; then
      # Besides these, the scripts use only what every Debian has (coreutils, grep, mawk, tar,
      # mount, util-linux). curl: test-engine.sh waits for the registries; file: fixtures.sh.
      app_pkgs=(libwebkit2gtk-4.1-dev build-essential pkg-config curl file)
      # gcc-mingw-w64: ring's C code and the linker, for the Windows lint and test builds.
      dev_pkgs=(gcc-mingw-w64-x86-64)
      # htpasswd is in apache2-utils; ps and kill (auth.rs tests) in procps; python3 binds the
      # dead socket of e2e/unreachable.test.mjs; Xvfb runs the e2e tests (scripts/xvfb.sh).
      # IMAGEN_TEST_REMOTES (scripts/test-remotes.sh): openssl makes the TLS engine's
      # certificates, openssh-server/-client the ssh:// engine, iproute2 the external address.
      # xz-utils reads Debian's package index for the recent engine (scripts/fetch-engine.sh).
      # scripts/package.sh: rpm reads back the .rpm it built (Tauri writes .deb and .rpm
      # itself); dpkg-deb, which every Debian has, extracts the .deb for the installed-app test.
      package_pkgs=(rpm)
      # The AppImage (IMAGEN_APPIMAGE=1, scripts/package.sh): linuxdeploy's GTK plugin stops
      # with "patchelf not found" without it.
      if [ "${IMAGEN_APPIMAGE:-0}" = 1 ]; then package_pkgs+=(patchelf); fi
      test_pkgs=(docker-registry busybox-static xvfb xauth imagemagick webkit2gtk-driver apache2-utils procps python3
        openssl openssh-server openssh-client iproute2 locales xz-utils)
      # Wine runs the unit tests built for Windows (scripts/test-windows.mjs); `wine` is the
      # command, wine64 the 64-bit loader.
      if [ "${IMAGEN_TEST_WINDOWS:-1}" != 0 ]; then test_pkgs+=(wine wine64); fi
      # The private engine's dockerd and docker: Debian's docker.io only where no dockerd is
      # installed. An installed Docker (docker-ce, moby) is used as it is: docker.io conflicts
      # with its packages, and installing it would remove them.
      if [ "$mode" = test ]; then
        # Debian's docker.io puts dockerd in /usr/sbin, which a user's PATH may lack. The
        # system's dockerd is looked for, not the recent engine's that scripts/test-engine.sh
        # puts first on the PATH (IMAGEN_TEST_ENGINE_DIR): that one comes without runc, which
        # docker.io brings, so on a new machine it must not stand in for docker.io.
        search=$PATH:/usr/local/sbin:/usr/sbin:/sbin
        if [ -n "${IMAGEN_TEST_ENGINE_DIR:-}" ] && [ -d "$IMAGEN_TEST_ENGINE_DIR" ]; then
          engine_dir=$(cd "$IMAGEN_TEST_ENGINE_DIR" && pwd)
          search=$(printf '%s' "$search" | tr ':' '\n' | grep -vxF "$engine_dir" | paste -sd: -)
        fi
        dockerd_at=$(PATH=$search; command -v dockerd) || dockerd_at=""
        if [ -z "$dockerd_at" ]; then
          test_pkgs=(docker.io "${test_pkgs[@]}")
        elif ! need_cmd docker; then
          die "found $dockerd_at but no docker command: install your Docker's CLI (docker-ce-cli, with Docker's own packages)"
        fi
      fi
      case "$mode" in
        app) apt_install "${app_pkgs[@]}" ;;
        dev) apt_install "${app_pkgs[@]}" "${dev_pkgs[@]}" ;;
        test) apt_install "${app_pkgs[@]}" "${dev_pkgs[@]}" "${test_pkgs[@]}" "${package_pkgs[@]}" ;;
        package) apt_install "${app_pkgs[@]}" "${package_pkgs[@]}" ;;
      esac
      # The e2e tests start the app under LANG=es_ES.UTF-8 and en_US.UTF-8: glibc (and so
      # WebKitGTK's navigator.languages) only honours a locale that is generated.
      if [ "$mode" = test ]; then
        for loc in es_ES en_US; do
          if ! locale -a 2>/dev/null | grep -qix "$loc.utf-\?8"; then
            say "generating the $loc.UTF-8 locale (localedef)"
            if [ "$(id -u)" -eq 0 ]; then localedef -i "$loc" -f UTF-8 "$loc.UTF-8"; else sudo localedef -i "$loc" -f UTF-8 "$loc.UTF-8"; fi
          fi
        done
      fi
    else
      say "not Debian/Ubuntu: install WebKitGTK 4.1 dev files (Tauri prerequisites: https://v2.tauri.app/start/prerequisites/)"
    fi
    ;;
  macos)
    need_cmd xcode-select && xcode-select -p >/dev/null 2>&1 || die "install the Xcode command line tools: xcode-select --install"
    need_cmd docker || say "no docker CLI found: install Docker Desktop, OrbStack or Colima to have an engine to look at"
    ;;
  windows)
    say "Windows: you need the Microsoft C++ Build Tools and WebView2 (https://v2.tauri.app/start/prerequisites/)"
    need_cmd docker || say "no docker CLI found: install Docker Desktop to have an engine to look at"
    ;;
  *) say "unknown OS: see https://v2.tauri.app/start/prerequisites/" ;;
esac

check_toolchains

cd "$root"
# npm ci only when the lockfile changed since the last install.
stamp=node_modules/.imagen-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages (npm ci)"
  # No dependency runs an install script: the only ones that have one would download browser
  # drivers the tests never use (docs/supply-chain.md; scripts/check-npm-installs.mjs).
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
# The UI's message catalogs (ui/messages/<domain>/<locale>.json) compile into typed functions under
# ui/src/lib/i18n/paraglide/, which git does not keep (docs/i18n.md). Vite, vitest and
# `npm run check` compile them themselves; svelte-check alone does not, and test.sh runs it
# first, so they are compiled here whenever a catalog, the inlang settings or the packages
# changed, or the output is missing.
i18n_stamp=node_modules/.imagen-i18n-stamp
if [ ! -f ui/src/lib/i18n/paraglide/messages.js ] || [ ! -f "$i18n_stamp" ] ||
  [ -n "$(find ui/messages project.inlang/settings.json package-lock.json -newer "$i18n_stamp" -print -quit)" ]; then
  say "compiling the message catalogs (npm run i18n)"
  npm run --silent i18n
  touch "$i18n_stamp"
fi

if [ "$mode" = test ] && [ "$os" = linux ]; then
  # Pinned to the 2.1 series the e2e tests were written against (e2e/support.mjs); another
  # version is replaced. tauri-driver has no --version: cargo's list of what it installed says.
  if ! need_cmd tauri-driver || ! cargo install --list | grep -q '^tauri-driver v2\.1\.'; then
    say "installing tauri-driver 2.1 (cargo install, about a minute)"
    cargo install tauri-driver --version '~2.1' --locked --quiet
  fi
fi
if [ "$mode" = dev ] || [ "$mode" = test ]; then
  # rustfmt and clippy come with rustup's default profile, not with the minimal one.
  if need_cmd rustup && ! { cargo fmt --version && cargo clippy --version; } >/dev/null 2>&1; then
    say "adding rustfmt and clippy (rustup component add)"
    rustup component add rustfmt clippy
  fi
  # The supply-chain check of the Rust crates (deny.toml), pinned to the 0.20 series that
  # deny.toml is written for (docs/supply-chain.md). It builds from source, unoptimised
  # (--debug): 1 min 10 s instead of about 4 on a fresh 2-core machine, and the one check it
  # runs per test run takes 4 s instead of 1.5 (the same findings).
  if ! cargo deny --version 2>/dev/null | grep -q '^cargo-deny 0\.20\.'; then
    say "installing cargo-deny 0.20 (cargo install --debug, about a minute)"
    cargo install cargo-deny --version '~0.20' --locked --debug --quiet
  fi
  # The tests type-check imagen-core for Windows (named-pipe engine access) from here.
  if [ "$os" = linux ] && need_cmd rustup && ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
    say "adding the Windows Rust target (rustup target add, for a cross-platform check)"
    rustup target add x86_64-pc-windows-gnu
  fi
fi
say "ready"
