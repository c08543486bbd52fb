#!/usr/bin/env bash
# Re-compresses a .deb's contents with xz, in place: Tauri's bundler writes data.tar.gz and has
# no setting for it (tauri-apps/tauri#9846), while dpkg's own default is xz, which every dpkg
# since Debian 6 / Ubuntu 10.04 reads. The files, their modes and the control fields stay as
# Tauri wrote them (dpkg-deb -R unpacks both, -b packs them again; root owns everything, as in
# Tauri's package). With opt-level 3 the .deb goes from 4.66 MB to 3.33 MB
# (docs/benchmarks.md, "Release build"). Used by scripts/package.sh and the release workflow.
#
#   scripts/repack-deb.sh target/release/bundle/deb/Imagen_0.1.0_amd64.deb
set -euo pipefail
deb=${1:?usage: scripts/repack-deb.sh <file.deb>}
work=$(mktemp -d "${TMPDIR:-/tmp}/imagen-repack-XXXXXX")
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$deb" "$work/root"
dpkg-deb --root-owner-group -Zxz -z9 -b "$work/root" "$work/out.deb" >/dev/null
# Nothing may be lost: the same files, with the same modes, sizes and contents.
# (Tauri's tar names entries `usr/bin/…`, dpkg-deb's `./usr/bin/…/`: compare without those.)
list() {
  dpkg-deb -c "$1" | awk '{ p = $6; sub(/^\.\//, "", p); sub(/\/$/, "", p); if (p != "") print $1, $3, p }' | sort
}
if ! diff <(list "$deb") <(list "$work/out.deb") >&2; then
  echo "repack-deb: the repacked $deb would differ in its files (above); left as it was" >&2
  exit 1
fi
if ! diff <(dpkg-deb -f "$deb") <(dpkg-deb -f "$work/out.deb") >&2; then
  echo "repack-deb: the repacked $deb would differ in its control fields; left as it was" >&2
  exit 1
fi
# And every file's content matches the md5sums Tauri wrote.
dpkg-deb -x "$work/out.deb" "$work/check"
dpkg-deb -e "$work/out.deb" "$work/control"
(cd "$work/check" && md5sum --check --quiet --strict "$work/control/md5sums") || {
  echo "repack-deb: the repacked $deb fails its own md5sums; left as it was" >&2
  exit 1
}
before=$(wc -c <"$deb")
mv "$work/out.deb" "$deb"
echo "repacked $deb with xz: $before → $(wc -c <"$deb") bytes"
