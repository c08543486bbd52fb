# shellcheck shell=bash
# Sourced by scripts/test.sh and scripts/test-engine.sh: a long command runs in the background
# while the script waits for it (run_child), so that an INT or a TERM sent to the script is
# acted on at once, not when the command ends. The script's trap calls stop_child: the command
# and everything it started get a TERM (a command started in the background ignores INT, so
# INT is passed on as TERM too), and the script waits for them to stop before its own clean-up.

child=""

# A process and all its descendants, parents first (listed before any is signalled).
tree_of() {
  local sub
  echo "$1"
  for sub in $(pgrep -P "$1" 2>/dev/null || true); do tree_of "$sub"; done
}

# Stops the running command and everything under it, and waits for it; nothing when none runs.
stop_child() {
  [ -n "$child" ] || return 0
  local pid
  for pid in $(tree_of "$child"); do kill -TERM "$pid" 2>/dev/null || true; done
  wait "$child" 2>/dev/null || true
  child=""
}

# Runs a command; its failure ends the script with its status (set -e). stdin stays the
# script's (a background command would otherwise read /dev/null). Redirections given to the
# call (`run_child cmd 9>&-`) apply to the command too.
run_child() {
  "$@" <&0 &
  child=$!
  wait "$child"
  child=""
}
