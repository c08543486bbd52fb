#!/usr/bin/env bash
# Seeds the PRIVATE test engine ($DOCKER_HOST must point at it) with fixture images built
# without internet: a busybox-static rootfs imported with `docker import`, and images built
# on it with the legacy builder. Also pushes fixtures to $IMAGEN_TEST_REGISTRY for pull tests.
#
# What the tests can rely on:
#   imagen-fixture/busybox:{latest,1.36,stable}  one image, three tags
#   imagen-fixture/layers:3                       three layers on busybox, label org.imagen.fixture=layers
#   <none>:<none>                                 a dangling image (old build of imagen-fixture/dangling)
#   imagen-fixture/dangling:latest                the build that replaced it
#   imagen-fixture/web:1.0                        used by the RUNNING container imagen-web
#   imagen-fixture/job:1.0                        used by the STOPPED container imagen-job
#   imagen-fixture/retired:1.0                    used by the STOPPED container imagen-retired
#                                                 (the e2e test removes both through the app)
#   $IMAGEN_TEST_REGISTRY/imagen-fixture/{busybox:latest,layers:3}   in the private registry
#   $IMAGEN_TEST_REGISTRY/imagen-fixture/remote:{1.0,e2e,arm}   registry only (not local): 3 layers each
#   $IMAGEN_TEST_REGISTRY/imagen-fixture/big:1.0            registry only: one 200 MB layer
#   $IMAGEN_TEST_REGISTRY/imagen-fixture/armonly:1.0        a manifest list with only linux/arm64
#   $IMAGEN_TEST_AUTH_REGISTRY/imagen-fixture/private:1.0   behind htpasswd auth
# For the filter tests (crates/imagen-core/tests/integration/filter.rs), built last, each in
# its own second:
#   imagen-filter/old:1.0      labels org.imagen.filter.flag="" (key only), .tier=gold,
#                              .note="two words"
#   imagen-filter/mid:1.0      (1 s later) .tier=silver, .mid=yes; also tagged
#                              localhost:5000/team/app:1.0 (a registry with a port, not pushed)
#   imagen-filter/new:1.0      (1 s later) .flag="", .tier=silver; also tagged
#                              imagen-filter/deep/path/name:2.0 and filter-plain:1.36
#
# IMAGEN_FIXTURES=base seeds only imagen-fixture/busybox (the removal tests' own engine builds
# everything else itself, because those tests delete and prune).
set -euo pipefail
: "${DOCKER_HOST:?point DOCKER_HOST at the private test engine (scripts/test-engine.sh)}"
case "$DOCKER_HOST" in
  unix:///var/run/docker.sock | "") echo "refusing to seed the default engine" >&2; exit 1 ;;
esac
export DOCKER_BUILDKIT=0 # the legacy builder needs no buildx plugin and no network
log() { printf '\033[1m[fixtures]\033[0m %s\n' "$*" >&2; }
quiet() { "$@" >/dev/null 2>&1 || { echo "fixtures: failed: $*" >&2; "$@"; }; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

busybox=$(command -v busybox || echo /bin/busybox)
[ -x "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q "statically linked" ||
  { echo "fixtures: need busybox-static (scripts/setup.sh test)" >&2; exit 1; }

log "importing busybox rootfs"
mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp" "$work/rootfs/etc"
cp "$busybox" "$work/rootfs/bin/busybox"
for applet in sh ls cat echo sleep true false mkdir rm env head; do
  ln -s busybox "$work/rootfs/bin/$applet"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$work/rootfs/etc/passwd"
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
quiet docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' \
  "$work/rootfs.tar" imagen-fixture/busybox:latest
quiet docker tag imagen-fixture/busybox:latest imagen-fixture/busybox:1.36
quiet docker tag imagen-fixture/busybox:latest imagen-fixture/busybox:stable
if [ "${IMAGEN_FIXTURES:-all}" = base ]; then
  log "base fixtures only (IMAGEN_FIXTURES=base)"
  exit 0
fi

build() { # tag, dockerfile text (context is $work/ctx)
  local tag=$1
  mkdir -p "$work/ctx"
  printf '%s\n' "$2" >"$work/ctx/Dockerfile"
  quiet docker build --network none -q -t "$tag" "$work/ctx"
}

log "building multi-layer, dangling, web and job images"
mkdir -p "$work/ctx"
head -c 1500000 /dev/urandom >"$work/ctx/data1.bin"
head -c 700000 /dev/urandom >"$work/ctx/data2.bin"
build imagen-fixture/layers:3 'FROM imagen-fixture/busybox:latest
COPY data1.bin /data/one.bin
COPY data2.bin /data/two.bin
RUN echo "third layer" > /data/three.txt
LABEL org.imagen.fixture=layers'

build imagen-fixture/dangling:latest 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.fixture=dangling-old
RUN echo old > /version'
# Rebuilding the same tag leaves the first build without a name: a dangling image.
build imagen-fixture/dangling:latest 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.fixture=dangling-new
RUN echo new > /version'

build imagen-fixture/web:1.0 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.fixture=web
CMD ["sleep", "3600"]'
build imagen-fixture/job:1.0 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.fixture=job
CMD ["true"]'
build imagen-fixture/retired:1.0 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.fixture=retired
CMD ["true"]'

log "starting imagen-web (running) and imagen-job (stopped)"
quiet docker run -d --network none --name imagen-web imagen-fixture/web:1.0
quiet docker run --network none --name imagen-job imagen-fixture/job:1.0
quiet docker run --network none --name imagen-retired imagen-fixture/retired:1.0

if [ -n "${IMAGEN_TEST_REGISTRY:-}" ]; then
  log "pushing fixtures to $IMAGEN_TEST_REGISTRY"
  for img in imagen-fixture/busybox:latest imagen-fixture/layers:3; do
    quiet docker tag "$img" "$IMAGEN_TEST_REGISTRY/$img"
    quiet docker push "$IMAGEN_TEST_REGISTRY/$img"
    # Untag the registry name again so the local list stays as described above.
    quiet docker rmi "$IMAGEN_TEST_REGISTRY/$img"
  done
fi
push_only() { # local build tag -> registry name; the image is then removed locally
  quiet docker tag "$1" "$2"
  quiet docker push "$2"
  quiet docker rmi "$1" "$2"
}

if [ -n "${IMAGEN_TEST_REGISTRY:-}" ]; then
  log "registry-only fixtures: remote:{1.0,e2e,arm} (3 layers), big:1.0 (200 MB), armonly:1.0 (arm64 list)"
  for name in 1.0 e2e arm; do
    rm -rf "$work/ctx" && mkdir -p "$work/ctx"
    head -c 3000000 /dev/urandom >"$work/ctx/a.bin"
    head -c 2000000 /dev/urandom >"$work/ctx/b.bin"
    head -c 1000000 /dev/urandom >"$work/ctx/c.bin"
    build "imagen-local/remote:$name" 'FROM scratch
COPY a.bin /a.bin
COPY b.bin /b.bin
COPY c.bin /c.bin
LABEL org.imagen.fixture=remote'
    push_only "imagen-local/remote:$name" "$IMAGEN_TEST_REGISTRY/imagen-fixture/remote:$name"
  done
  rm -rf "$work/ctx" && mkdir -p "$work/ctx"
  head -c 200000000 /dev/urandom >"$work/ctx/big.bin"
  build imagen-local/big:1.0 'FROM scratch
COPY big.bin /big.bin'
  rm -rf "$work/ctx"
  push_only imagen-local/big:1.0 "$IMAGEN_TEST_REGISTRY/imagen-fixture/big:1.0"
  # A multi-platform index with one entry, for platform choice and mismatch.
  list="$IMAGEN_TEST_REGISTRY/imagen-fixture/armonly:1.0"
  quiet docker manifest create --insecure "$list" "$IMAGEN_TEST_REGISTRY/imagen-fixture/remote:arm"
  quiet docker manifest annotate --os linux --arch arm64 "$list" "$IMAGEN_TEST_REGISTRY/imagen-fixture/remote:arm"
  quiet docker manifest push --insecure --purge "$list"
fi

if [ -n "${IMAGEN_TEST_AUTH_REGISTRY:-}" ]; then
  log "pushing imagen-fixture/private:1.0 to the auth registry $IMAGEN_TEST_AUTH_REGISTRY"
  printf '%s' "$IMAGEN_TEST_AUTH_PASSWORD" |
    quiet docker login -u "$IMAGEN_TEST_AUTH_USER" --password-stdin "$IMAGEN_TEST_AUTH_REGISTRY"
  rm -rf "$work/ctx" && mkdir -p "$work/ctx"
  head -c 500000 /dev/urandom >"$work/ctx/p.bin"
  build imagen-local/private:1.0 'FROM scratch
COPY p.bin /p.bin'
  push_only imagen-local/private:1.0 "$IMAGEN_TEST_AUTH_REGISTRY/imagen-fixture/private:1.0"
  quiet docker logout "$IMAGEN_TEST_AUTH_REGISTRY"
fi

# --- Filter fixtures (crates/imagen-core/tests/integration/filter.rs) -----------------------
# before=/since= compare creation times, which Imagen sees in whole seconds: a sleep before
# each build gives every one of these images a second of its own (about 3 s in all).
log "filter fixtures: imagen-filter/{old,mid,new}:1.0 and their extra names"
rm -rf "$work/ctx"
sleep 1
build imagen-filter/old:1.0 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.filter.flag="" org.imagen.filter.tier=gold org.imagen.filter.note="two words"'
sleep 1
build imagen-filter/mid:1.0 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.filter.tier=silver org.imagen.filter.mid=yes'
sleep 1
build imagen-filter/new:1.0 'FROM imagen-fixture/busybox:latest
LABEL org.imagen.filter.flag="" org.imagen.filter.tier=silver'
quiet docker tag imagen-filter/mid:1.0 localhost:5000/team/app:1.0
quiet docker tag imagen-filter/new:1.0 imagen-filter/deep/path/name:2.0
quiet docker tag imagen-filter/new:1.0 filter-plain:1.36

log "done"
