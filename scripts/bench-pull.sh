#!/usr/bin/env bash
# Pull speed: Imagen's pull against `docker pull`, same ≈100 MB image from the private
# registry, alternating, several runs each; prints both medians and their ratio.
#   scripts/bench-pull.sh [runs]        (default 7; needs root for the private engine)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-7}
scripts/setup.sh test >/dev/null
# Its own cargo target folder (shared with scripts/bench-ui.sh): no other build is touched.
export CARGO_TARGET_DIR="$root/target/bench"
cargo build --release -q -p imagen-core --example pull
export IMAGEN_BENCH_RUNS=$runs
scripts/test-engine.sh run -- bash -c '
  set -euo pipefail
  ref="$IMAGEN_TEST_REGISTRY/imagen-bench/hundred:1.0"
  work=$(mktemp -d)
  head -c 100000000 /dev/urandom >"$work/data.bin"
  printf "FROM scratch\nCOPY data.bin /data.bin\n" >"$work/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t bench-local:1 "$work" >/dev/null
  docker tag bench-local:1 "$ref" && docker push "$ref" >/dev/null && docker rmi bench-local:1 "$ref" >/dev/null
  rm -rf "$work"
  ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
  imagen=() cli=()
  for i in $(seq 1 "$IMAGEN_BENCH_RUNS"); do
    docker rmi -f "$ref" >/dev/null 2>&1 || true
    t=$(date +%s%N); docker pull -q "$ref" >/dev/null; cli+=("$(ms "$t")")
    docker rmi -f "$ref" >/dev/null 2>&1 || true
    t=$(date +%s%N); "$CARGO_TARGET_DIR/release/examples/pull" "$ref" >/dev/null; imagen+=("$(ms "$t")")
    echo "run $i: docker ${cli[-1]} ms, imagen ${imagen[-1]} ms"
  done
  median() { printf "%s\n" "$@" | sort -n | awk "{a[NR]=\$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}"; }
  mc=$(median "${cli[@]}"); mi=$(median "${imagen[@]}")
  echo "median docker pull: $mc ms"
  echo "median imagen pull: $mi ms"
  awk -v a="$mi" -v b="$mc" "BEGIN {printf \"ratio imagen/docker: %.3f\n\", a/b}"
'
