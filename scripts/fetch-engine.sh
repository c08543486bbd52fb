#!/usr/bin/env bash
# A recent Docker Engine for the tests, beside Debian stable's 20.10 (API 1.41): Docker Desktop
# speaks API 1.47 and later and keeps images in the containerd image store, and Imagen must
# work with both. Debian's own build of docker.io and containerd, at the versions pinned in
# scripts/engine.lock, checked against the SHA-256 of Debian's package index. Only
# deb.debian.org is reached, as for apt, and only when the pinned engine is not unpacked yet.
# Nothing is installed: the packages are unpacked into target/engines/<version>/ and the folder
# holding dockerd, containerd and its runc shim is printed, for IMAGEN_TEST_ENGINE_DIR
# (scripts/test-engine.sh). runc is the system's (Debian's docker.io depends on it).
#
# Debian keeps only a suite's current packages, so a pin can disappear when sid moves on: the
# script then takes the newest docker.io of sid, forky or trixie that this machine's C library
# can run (Go programs built with cgo need the glibc their package depends on), says so in a
# warning, and the lock file is the one line to update.
#
#   scripts/fetch-engine.sh        prints the folder, e.g. target/engines/28.5.2+dfsg4-5/bin
set -euo pipefail
trap 'echo "fetch-engine: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
root=$(cd "$(dirname "$0")/.." && pwd)
mirror=${IMAGEN_DEBIAN_MIRROR:-https://deb.debian.org/debian}
log() { printf '\033[1m[fetch-engine]\033[0m %s\n' "$*" >&2; }

# The pins: "docker.io <version>" and "containerd <version>" lines.
lock="$root/scripts/engine.lock"
pinned() { awk -v p="$1" '$1 == p {print $2}' "$lock"; }
docker_pin=$(pinned docker.io)
containerd_pin=$(pinned containerd)
if [ -z "$docker_pin" ] || [ -z "$containerd_pin" ]; then
  log "$lock names no docker.io or containerd version"
  exit 1
fi

done_folder() { [ -x "$1/bin/dockerd" ] && [ -f "$1/.complete" ]; }
if done_folder "$root/target/engines/$docker_pin"; then
  echo "$root/target/engines/$docker_pin/bin"
  exit 0
fi

for tool in curl xz dpkg-deb dpkg sha256sum; do
  command -v "$tool" >/dev/null || { log "needs $tool (apt install curl xz-utils dpkg)"; exit 1; }
done
arch=$(dpkg --print-architecture)
# This machine's glibc, e.g. 2.36.
glibc=$(getconf GNU_LIBC_VERSION | awk '{print $2}')
# A dead network fails in minutes, not hours.
fetch() { curl -fsS --retry 2 --connect-timeout 20 --max-time 600 -o "$1" "$2"; }

# The stanza of package $2 at version $3 (any version when empty) in the index file $1, or
# nothing. awk reads to the end: leaving early would end xz with SIGPIPE, a failure under
# pipefail.
stanza() {
  xz -dc "$1" | awk -v want="Package: $2" -v version="$3" '
    $0 == want {on = 1; text = ""}
    on {text = text $0 "\n"}
    on && /^Version: / && version != "" && $2 != version {on = 0}
    on && /^$/ {on = 0; found = text}
    END {printf "%s", found}'
}
field() { sed -n "s/^$1: //p" | head -n 1; }
# The glibc a stanza's Depends asks for ("libc6 (>= 2.34)" -> 2.34), or 0.
needs_glibc() {
  local v
  v=$(field Depends | sed -n 's/.*libc6 (>= \([0-9.]*\)).*/\1/p')
  echo "${v:-0}"
}
runs_here() { [ "$(printf '%s\n%s\n' "$1" "$glibc" | sort -V | head -n 1)" = "$1" ]; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
suites=(sid forky trixie)
reached=0
for suite in "${suites[@]}"; do
  if fetch "$work/$suite.xz" "$mirror/dists/$suite/main/binary-$arch/Packages.xz"; then
    reached=1
  else
    log "no package index for $suite ($arch) at $mirror"
  fi
done
if [ "$reached" = 0 ]; then
  log "could not reach $mirror: the recent engine cannot be downloaded (IMAGEN_TEST_RECENT_ENGINE=0 leaves its tests out of scripts/test.sh)"
  exit 1
fi

# The pinned versions, from whichever suite still has them.
docker_stanza="" containerd_stanza="" chosen=""
for suite in "${suites[@]}"; do
  [ -f "$work/$suite.xz" ] || continue
  [ -n "$docker_stanza" ] || { docker_stanza=$(stanza "$work/$suite.xz" docker.io "$docker_pin") && chosen=$suite; }
  [ -n "$containerd_stanza" ] || containerd_stanza=$(stanza "$work/$suite.xz" containerd "$containerd_pin")
done
if [ -z "$docker_stanza" ] || [ -z "$containerd_stanza" ]; then
  log "WARNING: docker.io $docker_pin or containerd $containerd_pin is no longer on $mirror; testing the newest this machine runs instead. Update $lock."
  docker_stanza="" chosen=""
  for suite in "${suites[@]}"; do
    [ -f "$work/$suite.xz" ] || continue
    d=$(stanza "$work/$suite.xz" docker.io "")
    c=$(stanza "$work/$suite.xz" containerd "")
    if [ -z "$d" ] || [ -z "$c" ]; then continue; fi
    if runs_here "$(needs_glibc <<<"$d")" && runs_here "$(needs_glibc <<<"$c")"; then
      docker_stanza=$d containerd_stanza=$c chosen=$suite
      break
    fi
    log "$suite's docker.io or containerd needs a newer glibc than this machine's $glibc"
  done
  [ -n "$docker_stanza" ] || { log "no Debian suite has a docker.io this machine can run"; exit 1; }
fi
for package in docker_stanza containerd_stanza; do
  need=$(needs_glibc <<<"${!package}")
  runs_here "$need" || { log "$(field Package <<<"${!package}") $(field Version <<<"${!package}") needs glibc $need; this machine has $glibc"; exit 1; }
done

version=$(field Version <<<"$docker_stanza")
dest="$root/target/engines/$version"
if done_folder "$dest"; then
  echo "$dest/bin"
  exit 0
fi
log "Docker Engine $version and containerd $(field Version <<<"$containerd_stanza") from Debian $chosen ($arch)"
rm -rf "$dest"
mkdir -p "$dest/root" "$dest/bin"
for package in docker_stanza containerd_stanza; do
  file=$(field Filename <<<"${!package}")
  sum=$(field SHA256 <<<"${!package}")
  deb="$work/$(basename "$file")"
  fetch "$deb" "$mirror/$file"
  echo "$sum  $deb" | sha256sum -c --quiet - || { log "$file does not match the index's SHA-256"; exit 1; }
  dpkg-deb -x "$deb" "$dest/root"
done
for program in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/containerd usr/bin/containerd-shim-runc-v2; do
  [ -x "$dest/root/$program" ] || { log "the packages have no $program"; exit 1; }
  ln -s "../root/$program" "$dest/bin/$(basename "$program")"
done
"$dest/bin/dockerd" --version >&2 || { log "$dest/bin/dockerd does not run here"; exit 1; }
touch "$dest/.complete"
echo "$dest/bin"
