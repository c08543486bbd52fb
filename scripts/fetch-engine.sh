#!/usr/bin/env bash
# A recent Docker Engine for the tests, beside Debian stable's 20.10 (API 1.41): Docker Desktop
# speaks API 1.47 and later and keeps images in the containerd image store, and Imagen must
# work with both. Debian's own build of docker.io and containerd, from the first of sid, forky
# and trixie whose package this machine's C library can run (Go programs built with cgo need
# the glibc their package depends on), checked against the SHA-256 of Debian's package index.
# Only deb.debian.org is reached, as for apt. Nothing is installed: the packages are unpacked
# into target/engines/<version>/ (kept, so a second run reuses them), and the folder holding
# dockerd, containerd and its runc shim is printed, for IMAGEN_TEST_ENGINE_DIR
# (scripts/test-engine.sh). runc is the system's (Debian's docker.io depends on it).
#
#   scripts/fetch-engine.sh        prints the folder, e.g. target/engines/28.5.2+dfsg4-5/bin
set -euo pipefail
trap 'echo "fetch-engine: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
root=$(cd "$(dirname "$0")/.." && pwd)
mirror=${IMAGEN_DEBIAN_MIRROR:-https://deb.debian.org/debian}
log() { printf '\033[1m[fetch-engine]\033[0m %s\n' "$*" >&2; }

for tool in curl xz dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null || { log "needs $tool (apt install curl xz-utils dpkg)"; exit 1; }
done

# This machine's glibc, e.g. 2.36.
glibc=$(getconf GNU_LIBC_VERSION | awk '{print $2}')

# The stanza of package $2 in the index file $1, or nothing. awk reads to the end: leaving
# early would end xz with SIGPIPE, a failure under pipefail.
stanza() { xz -dc "$1" | awk -v want="Package: $2" '$0 == want {on = 1} on && /^$/ {on = 0} on'; }
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
chosen=""
for suite in sid forky trixie; do
  index="$work/$suite.xz"
  if ! curl -fsS --retry 3 -o "$index" "$mirror/dists/$suite/main/binary-amd64/Packages.xz"; then
    log "no package index for $suite at $mirror"
    continue
  fi
  docker_stanza=$(stanza "$index" docker.io)
  containerd_stanza=$(stanza "$index" containerd)
  if [ -z "$docker_stanza" ] || [ -z "$containerd_stanza" ]; then continue; fi
  docker_glibc=$(needs_glibc <<<"$docker_stanza")
  containerd_glibc=$(needs_glibc <<<"$containerd_stanza")
  if runs_here "$docker_glibc" && runs_here "$containerd_glibc"; then
    chosen=$suite
    break
  fi
  log "$suite's docker.io needs glibc $docker_glibc and its containerd $containerd_glibc; this machine has $glibc"
done
[ -n "$chosen" ] || { log "no Debian suite has a docker.io this machine can run"; exit 1; }

version=$(field Version <<<"$docker_stanza")
dest="$root/target/engines/$version"
if [ -x "$dest/bin/dockerd" ] && [ -f "$dest/.complete" ]; then
  log "Docker Engine $version from Debian $chosen, unpacked before: $dest"
  echo "$dest/bin"
  exit 0
fi
log "Docker Engine $version and containerd $(field Version <<<"$containerd_stanza") from Debian $chosen"
rm -rf "$dest"
mkdir -p "$dest/root" "$dest/bin"
for package in docker_stanza containerd_stanza; do
  file=$(field Filename <<<"${!package}")
  sum=$(field SHA256 <<<"${!package}")
  deb="$work/$(basename "$file")"
  curl -fsS --retry 3 -o "$deb" "$mirror/$file"
  echo "$sum  $deb" | sha256sum -c --quiet - || { log "$file does not match the index's SHA-256"; exit 1; }
  dpkg-deb -x "$deb" "$dest/root"
done
for program in usr/sbin/dockerd usr/sbin/docker-proxy usr/bin/containerd usr/bin/containerd-shim-runc-v2; do
  [ -x "$dest/root/$program" ] || { log "the packages have no $program"; exit 1; }
  ln -s "../root/$program" "$dest/bin/$(basename "$program")"
done
"$dest/bin/dockerd" --version >&2
touch "$dest/.complete"
echo "$dest/bin"
