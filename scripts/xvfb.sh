#!/usr/bin/env bash
# Runs a command on a private X display, for the end-to-end tests and benchmarks:
#   scripts/xvfb.sh [--] CMD...
# Always starts its own Xvfb (1280x800, 24-bit; -nolisten tcp keeps it local), whatever
# DISPLAY the caller has, on a display nobody uses: Xvfb picks the number itself (-displayfd)
# and reports it once it accepts clients, so two runs at once cannot take the same one.
# Exports DISPLAY, with WAYLAND_DISPLAY unset and GDK_BACKEND=x11 so GTK cannot open the
# windows on the caller's Wayland desktop instead, runs CMD, and stops Xvfb when CMD ends,
# fails or is interrupted. Exits with CMD's status.
#   IMAGEN_USE_DISPLAY=1 scripts/xvfb.sh CMD...   runs CMD on the caller's DISPLAY as it is
#                                                 (to watch a run), starting no Xvfb
set -euo pipefail
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || {
  echo "usage: scripts/xvfb.sh [--] CMD..." >&2
  exit 2
}
if [ "${IMAGEN_USE_DISPLAY:-}" = 1 ]; then
  [ -n "${DISPLAY:-}" ] || {
    echo "xvfb: IMAGEN_USE_DISPLAY=1 but DISPLAY is not set" >&2
    exit 1
  }
  exec "$@"
fi
command -v Xvfb >/dev/null || {
  echo "xvfb: Xvfb is not installed (scripts/setup.sh test)" >&2
  exit 1
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/imagen-xvfb.XXXXXX")
xvfb_pid=""
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$dir/display" >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do
  [ -s "$dir/display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || break
  sleep 0.1
done
n=$(head -n 1 "$dir/display" 2>/dev/null || true)
if ! [[ "$n" =~ ^[0-9]+$ ]]; then
  echo "xvfb: Xvfb did not start; its log:" >&2
  cat "$dir/xvfb.log" >&2
  exit 1
fi
export DISPLAY=":$n" GDK_BACKEND=x11
unset WAYLAND_DISPLAY
"$@"
