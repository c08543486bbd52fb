#!/usr/bin/env bash
# A PRIVATE Docker engine and registry for Imagen's tests. Never touches the user's engine:
# its own data root, exec root, pidfile, containerd namespace and unix socket under $STATE,
# no bridge/iptables; the registry listens on 127.0.0.1 at a free port with its own storage.
#
#   scripts/test-engine.sh run -- CMD...   start both, seed fixtures, run CMD with DOCKER_HOST
#                                          and IMAGEN_TEST_REGISTRY exported, stop both on exit
#   scripts/test-engine.sh start           start both (and seed), print the env to use
#   scripts/test-engine.sh stop            stop both and remove their state
#
# IMAGEN_TEST_STATE picks another state directory (a second engine beside the first; a new
# one must be under /tmp), IMAGEN_TEST_DATA_MB gives the engine a data root of that many
# megabytes (tmpfs), and IMAGEN_FIXTURES=base seeds only the busybox image.
# IMAGEN_TEST_REMOTES=1 also starts a second engine reached over TLS and an sshd in front of
# this one (scripts/test-remotes.sh tells what, and the IMAGEN_TEST_* variables they add).
# IMAGEN_TEST_ENGINE_DIR runs the dockerd (and containerd) of that folder instead of the
# system's, every engine here included: scripts/fetch-engine.sh prints one with a recent
# Docker Engine. IMAGEN_TEST_IMAGE_STORE=containerd gives every engine the containerd image
# store (Docker Desktop's default; dockerd 24 and later).
#
# $STATE/restart-dockerd.sh (re)starts the private dockerd with the flags it was started with
# and waits until it answers: for tests that kill the engine (pid in $STATE/dockerd.pid).
#
# Re-running after a crash kills leftovers from the previous run before starting. Two runs
# (or starts) on one state folder at once would wipe each other's engine: the second one stops
# at once, saying so (a lock on $STATE.lock, a file beside the folder, which `stop` deletes;
# the lock file stays, empty). `stop` itself takes no lock: it is what ends a run by hand.
set -euo pipefail
trap 'echo "test-engine: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
root=$(cd "$(dirname "$0")/.." && pwd)
STATE=${IMAGEN_TEST_STATE-/tmp/imagen-test-engine}
# Trailing slashes would only hide a `/`.
while [ "${STATE%/}" != "$STATE" ]; do STATE=${STATE%/}; done
SOCK="$STATE/docker.sock"
# Written into the state folder the moment this script creates it; `stop` deletes only a
# folder that holds it.
MARKER=.imagen-test-engine-state

log() { printf '\033[1m[test-engine]\033[0m %s\n' "$*" >&2; }

# The engine's programs: the folder's dockerd, and the containerd it starts, come first on the
# PATH, which restart-dockerd.sh and the tests inherit.
if [ -n "${IMAGEN_TEST_ENGINE_DIR:-}" ]; then
  if [ ! -x "$IMAGEN_TEST_ENGINE_DIR/dockerd" ]; then
    log "IMAGEN_TEST_ENGINE_DIR=$IMAGEN_TEST_ENGINE_DIR has no dockerd (scripts/fetch-engine.sh prints one)"
    exit 1
  fi
  PATH=$(cd "$IMAGEN_TEST_ENGINE_DIR" && pwd):$PATH
  export PATH
fi
STORE_FLAGS=()
case "${IMAGEN_TEST_IMAGE_STORE:-classic}" in
  classic) ;;
  containerd) STORE_FLAGS=(--feature containerd-snapshotter) ;;
  *)
    log "IMAGEN_TEST_IMAGE_STORE is classic or containerd, not '$IMAGEN_TEST_IMAGE_STORE'"
    exit 1
    ;;
esac
# shellcheck source=scripts/test-remotes.sh
. "$root/scripts/test-remotes.sh"
refuse() {
  log "refusing IMAGEN_TEST_STATE=${IMAGEN_TEST_STATE-} (state folder '$STATE'): $*"
  exit 1
}

# This script runs as root and ends with `rm -rf "$STATE"`, where STATE may come from the
# environment. The rule: it deletes only a folder it created itself, which it tells by the
# marker file; so a typo or a stale IMAGEN_TEST_STATE can never delete a folder of someone
# else's, wherever it is. A folder left by a crashed run carries the marker and is cleaned up.
# On top of that, STATE must be an absolute, normalised path at least two levels deep (never
# /, /tmp, /home: nothing that could hold more than our state), not a symbolic link, and a new
# one is only created under /tmp, the place for throw-away state (see create_state).
check_state_path() {
  [ -n "$STATE" ] || refuse "empty, or the root folder"
  case "$STATE" in
    /*) ;;
    *) refuse "not an absolute path" ;;
  esac
  case "$STATE/" in
    *//* | */./* | */../*) refuse "not a normalised path (no //, . or .. segments)" ;;
  esac
  [[ "$STATE" =~ ^/[^/]+/[^/]+ ]] || refuse "too near the root: use a folder of its own, like /tmp/imagen-test-engine"
  [ ! -L "$STATE" ] || refuse "a symbolic link"
}

# Fails unless STATE is absent or a folder this script created.
check_state_owned() {
  check_state_path
  [ -e "$STATE" ] || return 0
  [ -d "$STATE" ] || refuse "it exists and is not a folder"
  [ -f "$STATE/$MARKER" ] || refuse "it exists but scripts/test-engine.sh did not create it (no $MARKER in it), so it will not delete it.
  If it is a leftover test engine (from before the marker existed), stop its dockerd and registry and remove it by hand; else pick another IMAGEN_TEST_STATE."
}

create_state() {
  case "$STATE" in
    /tmp/?*) ;;
    *) refuse "a new state folder must be under /tmp" ;;
  esac
  mkdir -p "$(dirname "$STATE")"
  mkdir "$STATE"
  printf 'Created by scripts/test-engine.sh, which deletes this folder on stop.\n' >"$STATE/$MARKER"
}

kill_pidfile() { # pidfile
  local f=$1 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

stop() {
  check_state_owned
  # Containers first, so their shims do not outlive the daemon.
  if [ -S "$SOCK" ]; then
    DOCKER_HOST="unix://$SOCK" timeout 20 docker rm -f $(DOCKER_HOST="unix://$SOCK" timeout 10 docker ps -aq 2>/dev/null) >/dev/null 2>&1 || true
  fi
  kill_pidfile "$STATE/registry.pid"
  kill_pidfile "$STATE/auth-registry.pid"
  remotes_stop
  kill_pidfile "$STATE/dockerd.pid"
  kill_pidfile "$STATE/exec/containerd/containerd.pid"
  # With --live-restore, containers outlive a daemon that stopped before the `docker rm`
  # above could reach it (a Ctrl-C, or a kill of the whole process group, reaches dockerd
  # too): their shims, and the containers under them (killing a container's first process
  # ends the rest of its PID namespace), go with this engine's containerd.
  local shim
  for shim in $(pgrep -f -- "containerd-shim.* -address $STATE/exec/containerd/containerd.sock" || true); do
    pkill -KILL -P "$shim" 2>/dev/null || true
    kill -KILL "$shim" 2>/dev/null || true
  done
  # Mounts left by a crashed daemon would make the rm below fail.
  if [ -d "$STATE" ]; then
    { grep -F " $STATE/" /proc/mounts || true; } | awk '{print $2}' | sort -r |
      while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$STATE"
  fi
}

AUTH_USER=imagen
AUTH_PASSWORD='p?~>s3cret?>'

start_registry() { # name, port, extra yaml
  local name=$1 port=$2 extra=$3
  mkdir -p "$STATE/$name-data"
  cat >"$STATE/$name.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE/$name-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
$extra
YML
  log "starting private $name on 127.0.0.1:$port"
  nohup docker-registry serve "$STATE/$name.yml" >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
  # Any HTTP answer (401 included) means it is up.
  wait_for "$name" 30 curl -sS -o /dev/null "http://127.0.0.1:$port/v2/"
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_for() { # description, seconds, command...
  local what=$1 secs=$2
  shift 2
  for _ in $(seq 1 $((secs * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  log "$what did not come up in ${secs}s; its log:"
  tail -n 30 "$STATE/$what.log" >&2 || true
  return 1
}

# $STATE/restart-dockerd.sh: stops the private dockerd if it runs, starts it with these
# arguments and waits until it answers. `start` uses it too, so a restart is identical.
write_restart_script() { # dockerd arguments...
  {
    printf '#!/usr/bin/env bash\n'
    printf '# Written by scripts/test-engine.sh: (re)starts the private dockerd of %s with the\n' "$STATE"
    printf '# flags it was first started with, and waits until it answers.\n'
    printf 'set -euo pipefail\n'
    printf 'pidfile=%q\nsock=%q\nlog=%q\n' "$STATE/dockerd.pid" "$SOCK" "$STATE/dockerd.log"
    # The same dockerd and containerd whoever runs it (a test's PATH may lack the engine's).
    printf 'export PATH=%q\n' "$PATH"
    cat <<'SCRIPT'
pid=$(cat "$pidfile" 2>/dev/null || true)
# Only a pid that is still a dockerd (it may have been reused since).
if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi
# A killed dockerd leaves its pidfile, which would stop the new one if the pid were reused.
rm -f "$pidfile"
SCRIPT
    printf 'nohup dockerd'
    printf ' %q' "$@"
    # shellcheck disable=SC2016 # $log is the restart script's own variable
    printf ' >>"$log" 2>&1 </dev/null &\n'
    cat <<'SCRIPT'
for _ in $(seq 1 600); do
  if DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1; then exit 0; fi
  sleep 0.1
done
echo "restart-dockerd.sh: dockerd did not come up in 60s; its log ($log):" >&2
tail -n 30 "$log" >&2
exit 1
SCRIPT
  } >"$STATE/restart-dockerd.sh"
  chmod 755 "$STATE/restart-dockerd.sh"
}

# Holds $STATE.lock (beside the state folder, so `stop` can delete the folder under it) until
# this script ends, `stop` on exit included; fails at once if another run holds it. The daemons
# started here do not inherit it (start runs with fd 9 closed), so a leftover never holds it.
lock_state() {
  local lock="$STATE.lock"
  [ ! -L "$lock" ] || refuse "$lock is a symbolic link"
  exec 9>>"$lock"
  if ! flock -n 9; then
    log "another run is using $STATE; wait for it or set IMAGEN_TEST_STATE (a folder under /tmp)"
    exit 1
  fi
}

need_root() {
  [ "$(id -u)" -eq 0 ] || { log "the private engine needs root (dockerd); run with sudo"; exit 1; }
}

# Whatever ends the script from here on stops what it started: `stop` runs once, on EXIT (it is
# idempotent: what is gone is skipped). An interrupt or a TERM ends the script with the usual
# status, 130 or 143, which runs that EXIT trap; the script does not carry on after the stop.
# `run`'s command runs in the background while the script waits for it, so a TERM is acted on
# at once: the command and everything it started get a TERM (INT too, passed on as TERM: a
# command started in the background ignores INT), the script waits for them, then stops the
# engine. The stop itself ignores INT and TERM (it has its own time limits): a second Ctrl-C,
# or a CI cancel's INT then TERM, would otherwise cut it short and leave dockerd and the
# registries up.
# shellcheck source=scripts/child.sh
. "$root/scripts/child.sh"
stop_on_exit() {
  trap 'trap "" INT TERM; stop' EXIT
  trap 'stop_child; exit 130' INT
  trap 'stop_child; exit 143' TERM
}

start() {
  # runc too: the recent engine's folder (IMAGEN_TEST_ENGINE_DIR) has a dockerd but takes the
  # system's runc, which Debian's docker.io brings.
  local cmd
  for cmd in dockerd runc docker-registry; do
    command -v "$cmd" >/dev/null || { "$root/scripts/setup.sh" test; break; }
  done
  # setup installs runc only with Debian's docker.io, where no dockerd is installed.
  if ! command -v runc >/dev/null; then
    log "no runc found: install your Docker's runc (Debian: apt install runc)"
    exit 1
  fi
  stop
  create_state
  mkdir -p "$STATE"/{data,exec,registry-data,docker-config}
  # A data root of limited size (tmpfs), so a test can fill the engine's disk for real.
  if [ -n "${IMAGEN_TEST_DATA_MB:-}" ]; then
    mount -t tmpfs -o "size=${IMAGEN_TEST_DATA_MB}m" imagen-test-data "$STATE/data"
  fi

  # Its own containerd namespace too, so it cannot see another daemon's containers even
  # if both end up talking to a system containerd. --live-restore: a test that kills and
  # restarts the engine (restart-dockerd.sh) finds the running container imagen-web still
  # running, and the restart takes ~2 s instead of the 10 s dockerd waits for it to stop.
  # (`stop` removes every container before it stops the daemon.)
  local dockerd_args=(
    --data-root "$STATE/data" --exec-root "$STATE/exec" --pidfile "$STATE/dockerd.pid"
    -H "unix://$SOCK" --containerd-namespace imagen-test --containerd-plugins-namespace imagen-test-plugins
    --bridge=none --iptables=false --ip-masq=false --ip6tables=false --live-restore
  )
  dockerd_args+=("${STORE_FLAGS[@]}")
  if remotes_enabled; then
    remotes_prepare
    # The sshd's user reaches this engine through the socket's group, which dockerd sets
    # again each time it creates the socket (a restart too).
    dockerd_args+=(--group "$SSH_USER")
  fi
  write_restart_script "${dockerd_args[@]}"
  log "starting private dockerd on unix://$SOCK"
  "$STATE/restart-dockerd.sh"

  local port auth_port
  port=$(free_port)
  start_registry registry "$port" ""
  # A second registry that demands a login. The password has characters whose JSON
  # encodes to '+' and '/' in standard base64: the bug class pulls must survive.
  auth_port=$(free_port)
  printf '%s\n' "$(htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD")" >"$STATE/htpasswd"
  start_registry auth-registry "$auth_port" "
auth:
  htpasswd:
    realm: imagen-test
    path: $STATE/htpasswd"

  if remotes_enabled; then remotes_launch; fi

  cat >"$STATE/env" <<ENV
export DOCKER_HOST=unix://$SOCK
export IMAGEN_TEST_DOCKERD_PIDFILE=$STATE/dockerd.pid
export IMAGEN_TEST_RESTART_DOCKERD=$STATE/restart-dockerd.sh
export DOCKER_CONFIG=$STATE/docker-config
export IMAGEN_TEST_REGISTRY=127.0.0.1:$port
export IMAGEN_TEST_AUTH_REGISTRY=127.0.0.1:$auth_port
export IMAGEN_TEST_AUTH_USER='$AUTH_USER'
export IMAGEN_TEST_AUTH_PASSWORD='$AUTH_PASSWORD'
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
ENV
  # shellcheck disable=SC1091
  . "$STATE/env"
  "$root/scripts/fixtures.sh"
  if remotes_enabled; then remotes_finish; fi
}

case "${1:-}" in
  start)
    # Refuse before the trap, which would otherwise say it twice.
    check_state_owned
    need_root
    lock_state
    # A start that fails or is interrupted half-way stops what it had started; a finished one
    # leaves the engine running.
    stop_on_exit
    start 9>&-
    trap - EXIT INT TERM
    cat "$STATE/env"
    ;;
  stop) stop ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    # Refuse before the trap, which would otherwise say it twice.
    check_state_owned
    need_root
    lock_state
    stop_on_exit
    start 9>&-
    # shellcheck disable=SC1091
    . "$STATE/env"
    # Without the lock's descriptor: a daemon it leaves behind must not hold the lock.
    run_child "$@" 9>&-
    ;;
  *)
    echo "usage: $0 start|stop|run -- CMD..." >&2
    exit 2
    ;;
esac
