#!/usr/bin/env bash
# Builds THIS OS's installers from one release compile (`npx tauri build`, the workspace
# [profile.release]) and says where each one is and how big it is:
#   Linux    .deb and .rpm (and the .AppImage with IMAGEN_APPIMAGE=1: see below)
#   macOS    Imagen.app and the .dmg (ad-hoc signed: tauri.conf.json bundle.macOS)
#   Windows  the per-user NSIS installer (…-setup.exe) and the .msi
# They land in target/release/bundle/<kind>/, which is emptied first so nothing stale is listed.
# The release workflow (.github/workflows/release.yml) builds the same installers on GitHub's
# runners for every OS; docs/packaging.md says what can and cannot be built where.
#
#   scripts/package.sh
#   IMAGEN_APPIMAGE=1 scripts/package.sh   the AppImage too (fails if it cannot be built)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1m[imagen package]\033[0m %s\n' "$*" >&2; }

scripts/setup.sh package

case "$(uname -s)" in
  Linux) bundles=(deb rpm) ;;
  Darwin) bundles=(app dmg) ;;
  MINGW* | MSYS* | CYGWIN*) bundles=(nsis msi) ;;
  *)
    say "no installers for $(uname -s)"
    exit 1
    ;;
esac

# The AppImage: Tauri's bundler makes it with linuxdeploy, its GTK plugin and an AppRun, which
# it downloads from GitHub release pages into ~/.cache/tauri the first time. No Debian, PyPI,
# npm or crates.io package carries them (nor an AppImage runtime), so where GitHub cannot be
# reached (this project's build machines) there can be no AppImage. Built only when asked,
# with IMAGEN_APPIMAGE=1 (GitHub's CI sets it; the release workflow builds it with
# tauri-action), so no run here depends on, or waits for, the network.
if [ "${bundles[0]}" = deb ]; then
  if [ "${IMAGEN_APPIMAGE:-0}" = 1 ]; then
    bundles+=(appimage)
  else
    say "leaving out the AppImage: Tauri's bundler needs linuxdeploy and AppRun from GitHub"
    say "  release pages (no package registry carries them). IMAGEN_APPIMAGE=1 builds it where"
    say "  GitHub answers, as GitHub's CI does (docs/packaging.md)."
  fi
fi

rm -rf target/release/bundle
say "building ${bundles[*]} (one release build; about 7 minutes on 2 cores from scratch)"
started=$SECONDS
log=target/package.log
mkdir -p target
if ! npx tauri build --ci --bundles "$(IFS=,; echo "${bundles[*]}")" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  say "npx tauri build failed; the whole log is $log"
  exit 1
fi
say "built in $((SECONDS - started)) s (log: $log)"
# Tauri writes the .deb's contents gzip-compressed and cannot be told otherwise; xz (dpkg's own
# default) makes it 29 % smaller.
for deb in target/release/bundle/deb/*.deb; do
  [ -f "$deb" ] && scripts/repack-deb.sh "$deb" >&2
done

# Where each installer is, and its size (bytes and MiB).
found=0
while IFS= read -r -d '' file; do
  found=$((found + 1))
  if [ -d "$file" ]; then
    # The bytes of every file in it (Imagen.app). Not `du -b`: GNU only, macOS's du has no -b.
    bytes=$(find "$file" -type f -exec cat {} + | wc -c | tr -d ' ')
  else
    bytes=$(wc -c <"$file" | tr -d ' ')
  fi
  printf '%s\t%s bytes\t%s MiB\n' "$file" "$bytes" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
done < <(find target/release/bundle -mindepth 2 -maxdepth 2 \
  \( -name '*.deb' -o -name '*.rpm' -o -name '*.AppImage' -o -name '*.dmg' -o -name '*.app' \
  -o -name '*-setup.exe' -o -name '*.msi' \) -print0 | sort -z)
binary=target/release/imagen
[ -f "$binary.exe" ] && binary=$binary.exe
printf '%s\t%s bytes\t(the release binary, stripped)\n' "$binary" "$(wc -c <"$binary" | tr -d ' ')"
[ "$found" -ge "${#bundles[@]}" ] || {
  say "expected ${#bundles[@]} installers (${bundles[*]}), found $found"
  exit 1
}

# Each Linux package says the one version (the workspace Cargo.toml's) and Imagen's name.
version=$(sed -n '/^\[workspace\.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml)
for deb in target/release/bundle/deb/*.deb; do
  [ -f "$deb" ] || continue
  got=$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')
  [ "$got" = "Package: imagen Version: $version " ] || {
    say "$deb says '$got', expected imagen $version"
    exit 1
  }
  # The licence About names travels with the app (tauri.conf.json bundle.linux.deb.files), and
  # so do the third-party notices (THIRD-PARTY-NOTICES.md, scripts/notices.mjs).
  # (The listing is read whole: grep -q would stop early and, with pipefail, fail dpkg-deb.)
  contents=$(dpkg-deb -c "$deb")
  for file in copyright THIRD-PARTY-NOTICES.md; do
    grep -Eq " (\./)?usr/share/doc/imagen/$file\$" <<<"$contents" || {
      say "$deb has no /usr/share/doc/imagen/$file (tauri.conf.json bundle.linux.deb.files)"
      exit 1
    }
  done
done
for rpm in target/release/bundle/rpm/*.rpm; do
  [ -f "$rpm" ] || continue
  got=$(rpm -qp --queryformat '%{NAME} %{VERSION}' "$rpm" 2>/dev/null)
  [ "$got" = "imagen $version" ] || {
    say "$rpm says '$got', expected imagen $version"
    exit 1
  }
  contents=$(rpm -qpl "$rpm" 2>/dev/null)
  for file in LICENSE THIRD-PARTY-NOTICES.md; do
    grep -qx "/usr/share/licenses/imagen/$file" <<<"$contents" || {
      say "$rpm has no /usr/share/licenses/imagen/$file (tauri.conf.json bundle.linux.rpm.files)"
      exit 1
    }
  done
done
say "installers of Imagen $version ready"
