# shellcheck shell=bash
# Sourced by scripts/test-engine.sh (it uses that script's STATE, SOCK, log, wait_for,
# free_port and kill_pidfile). With IMAGEN_TEST_REMOTES=1, `start` and `run` also bring up the
# other ways Imagen reaches an engine, all on loopback and all under $STATE:
#
#   $STATE/remote/   a second private dockerd ("remote"): unix://$STATE/remote/docker.sock and
#                    tcp://127.0.0.1:PORT with mutual TLS (--tlsverify); certificates made here
#                    by openssl in $STATE/remote/certs: ca.pem, cert.pem, key.pem for the client
#                    (the DOCKER_CERT_PATH layout), server-cert.pem, server-key.pem for dockerd.
#                    It holds one image the main engine has not: imagen-remote/only-here:1.
#   $STATE/empty/    a third, minimal private dockerd ("empty"): unix://$STATE/empty/docker.sock
#                    only (no TCP, no TLS), holding no image at all, for tests that load an
#                    archive into an engine that has nothing (crates/imagen-core/tests/integration/kit.rs).
#   $STATE/ssh/      an sshd on 127.0.0.1:PORT that lets only the test user imagen-ssh in, by
#                    key, with DOCKER_HOST set to the MAIN private engine; `config` is an
#                    ssh_config (key, known_hosts, BatchMode) for `ssh -F`.
#
# and export (through $STATE/env):
#   IMAGEN_TEST_TLS_HOST      tcp://127.0.0.1:PORT of the remote engine (TLS, client cert needed)
#   IMAGEN_TEST_TLS_CERTS     $STATE/remote/certs, for DOCKER_CERT_PATH
#   IMAGEN_TEST_REMOTE_SOCK   unix://$STATE/remote/docker.sock, the same engine without TLS
#   IMAGEN_TEST_REMOTE_IMAGE  imagen-remote/only-here:1
#   IMAGEN_TEST_EMPTY_SOCK    unix://$STATE/empty/docker.sock, the empty engine
#   IMAGEN_TEST_SSH_HOST      ssh://imagen-ssh@127.0.0.1:PORT (reaches the main engine)
#   IMAGEN_TEST_SSH_CONFIG    $STATE/ssh/config, to pass as `ssh -F`
#   IMAGEN_TEST_EXTERNAL_IP   a non-loopback IPv4 address of this machine, to bind a listener on
#                             (192.0.2.177 added to lo for the run if the machine has none;
#                             $STATE/lo-address then says so, and `stop` removes it)
#
# The main dockerd then starts with `--group imagen-ssh`, so the socket it (re)creates can be
# used by that user; restart-dockerd.sh keeps the flag.

REMOTE="$STATE/remote"
EMPTY="$STATE/empty"
SSH_DIR="$STATE/ssh"
SSH_USER=imagen-ssh
SSH_HOME=/var/lib/imagen-ssh
# Added to lo only when the machine has no non-loopback IPv4 address (TEST-NET-1, RFC 5737).
FALLBACK_IP=192.0.2.177

remotes_enabled() { [ "${IMAGEN_TEST_REMOTES:-}" = 1 ]; }

# Before the main dockerd: the user (and group) the sshd lets in, whose group the main
# engine's socket gets.
remotes_prepare() {
  if ! { command -v openssl && [ -x /usr/sbin/sshd ] && command -v ssh && command -v ip; } >/dev/null; then
    "$(dirname "${BASH_SOURCE[0]}")/setup.sh" test
  fi
  # `|| getent`: another test engine may be creating them at the same moment.
  getent group "$SSH_USER" >/dev/null || groupadd --system "$SSH_USER" 2>/dev/null ||
    getent group "$SSH_USER" >/dev/null
  if ! getent passwd "$SSH_USER" >/dev/null; then
    useradd --system --gid "$SSH_USER" --home-dir "$SSH_HOME" --shell /bin/sh "$SSH_USER" 2>/dev/null ||
      getent passwd "$SSH_USER" >/dev/null
  fi
  # Its home holds the docker CLI's config (~/.docker) when it runs docker over ssh.
  if [ ! -d "$SSH_HOME" ]; then
    mkdir -p "$SSH_HOME"
    chown "$SSH_USER:$SSH_USER" "$SSH_HOME"
  fi
  # '*' is "no password"; useradd's '!' is "locked", which sshd without PAM refuses even for
  # key logins.
  [ "$(getent shadow "$SSH_USER" | cut -d: -f2)" = '*' ] || usermod -p '*' "$SSH_USER"
}

remote_certs() {
  local d="$REMOTE/certs"
  mkdir -p "$d"
  cat >"$d/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
  # EC P-256 keys, written as PKCS#8 PEM by genpkey (rustls, Go and OpenSSL all read them).
  local k
  for k in ca-key server-key key; do
    (umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/$k.pem")
  done
  openssl req -new -x509 -config "$d/openssl.cnf" -extensions ca -key "$d/ca-key.pem" \
    -subj "/CN=Imagen test CA" -sha256 -days 30 -out "$d/ca.pem"
  sign() { # key, subject, extensions section, serial, cert out
    openssl req -new -config "$d/openssl.cnf" -key "$d/$1" -subj "$2" -out "$d/$3.csr"
    openssl x509 -req -in "$d/$3.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -set_serial "$4" \
      -sha256 -days 30 -extfile "$d/openssl.cnf" -extensions "$3" -out "$d/$5" 2>/dev/null
    rm -f "$d/$3.csr"
  }
  sign server-key.pem /CN=localhost server 2 server-cert.pem
  sign key.pem "/CN=imagen-test-client" client 3 cert.pem
}

# Starts the remote dockerd and the sshd without waiting for them (remotes_finish does), so
# they come up while fixtures.sh seeds the main engine.
remotes_launch() {
  mkdir -p "$REMOTE"/{data,exec}
  remote_certs
  TLS_PORT=$(free_port)
  log "starting remote dockerd on unix://$REMOTE/docker.sock and tcp://127.0.0.1:$TLS_PORT (TLS)"
  nohup dockerd \
    --data-root "$REMOTE/data" --exec-root "$REMOTE/exec" --pidfile "$REMOTE/dockerd.pid" \
    -H "unix://$REMOTE/docker.sock" -H "tcp://127.0.0.1:$TLS_PORT" \
    --tlsverify --tlscacert "$REMOTE/certs/ca.pem" \
    --tlscert "$REMOTE/certs/server-cert.pem" --tlskey "$REMOTE/certs/server-key.pem" \
    --containerd-namespace imagen-test-remote --containerd-plugins-namespace imagen-test-remote-plugins \
    --bridge=none --iptables=false --ip-masq=false --ip6tables=false "${STORE_FLAGS[@]}" \
    >"$REMOTE/dockerd.log" 2>&1 </dev/null &

  # The empty engine: the same isolation as the remote one, a unix socket only.
  mkdir -p "$EMPTY"/{data,exec}
  log "starting empty dockerd on unix://$EMPTY/docker.sock"
  nohup dockerd \
    --data-root "$EMPTY/data" --exec-root "$EMPTY/exec" --pidfile "$EMPTY/dockerd.pid" \
    -H "unix://$EMPTY/docker.sock" \
    --containerd-namespace imagen-test-empty --containerd-plugins-namespace imagen-test-empty-plugins \
    --bridge=none --iptables=false --ip-masq=false --ip6tables=false "${STORE_FLAGS[@]}" \
    >"$EMPTY/dockerd.log" 2>&1 </dev/null &

  # The sshd. Its files are read as root except authorized_keys, which sshd reads as the
  # user: the folder stays world-readable, the private keys are 0600.
  mkdir -p "$SSH_DIR"
  chmod 755 "$SSH_DIR"
  ssh-keygen -q -t ed25519 -N '' -C imagen-test-host -f "$SSH_DIR/host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C imagen-test-client -f "$SSH_DIR/id_ed25519"
  cp "$SSH_DIR/id_ed25519.pub" "$SSH_DIR/authorized_keys"
  chmod 644 "$SSH_DIR/authorized_keys"
  SSH_PORT=$(free_port)
  cat >"$SSH_DIR/sshd_config" <<CFG
# Written by scripts/test-remotes.sh: a loopback sshd for Imagen's ssh:// engine tests.
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSH_DIR/host_ed25519_key
PidFile $SSH_DIR/sshd.pid
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $SSH_USER
AuthorizedKeysFile $SSH_DIR/authorized_keys
# StrictModes refuses key files under a world-writable folder such as /tmp.
StrictModes no
X11Forwarding no
PrintMotd no
# Tests may open many connections at once.
MaxStartups 100
MaxSessions 100
SetEnv DOCKER_HOST=unix://$SOCK
LogLevel VERBOSE
CFG
  # OpenSSH 9.8+ penalises a source address after failed logins; a test that fails one on
  # purpose must not lock out the next. Older sshd does not know the option.
  if /usr/sbin/sshd -t -f "$SSH_DIR/sshd_config" -o PerSourcePenalties=no 2>/dev/null; then
    echo "PerSourcePenalties no" >>"$SSH_DIR/sshd_config"
  fi
  printf '[127.0.0.1]:%s,[localhost]:%s %s\n' "$SSH_PORT" "$SSH_PORT" \
    "$(cut -d' ' -f1,2 "$SSH_DIR/host_ed25519_key.pub")" >"$SSH_DIR/known_hosts"
  cat >"$SSH_DIR/config" <<CFG
# Written by scripts/test-remotes.sh: use as \`ssh -F $SSH_DIR/config -p $SSH_PORT $SSH_USER@127.0.0.1\`.
Host *
  User $SSH_USER
  IdentityFile $SSH_DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $SSH_DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  UpdateHostKeys no
  BatchMode yes
  LogLevel ERROR
CFG
  chmod 644 "$SSH_DIR/config"
  # The privilege separation folder sshd insists on.
  mkdir -p /run/sshd
  chmod 755 /run/sshd
  log "starting sshd on 127.0.0.1:$SSH_PORT (user $SSH_USER, DOCKER_HOST=unix://$SOCK)"
  # An absolute path: sshd re-executes itself. It forks into the background and writes PidFile.
  /usr/sbin/sshd -f "$SSH_DIR/sshd_config" -E "$SSH_DIR/sshd.log"
}

# The engine's /_ping through `docker system dial-stdio` over ssh: what an ssh:// client does.
ssh_ping() {
  printf 'GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n' |
    ssh -F "$SSH_DIR/config" -p "$SSH_PORT" "$SSH_USER@127.0.0.1" docker system dial-stdio 2>/dev/null |
    grep -a OK >/dev/null
}

external_ip() {
  local ip
  for ip in $(hostname -I 2>/dev/null || true); do
    case "$ip" in
      *:* | 127.*) ;;
      *) echo "$ip" && return 0 ;;
    esac
  done
  ip -4 -o addr show scope global 2>/dev/null | awk '{ sub("/.*", "", $4); print $4; exit }'
}

add_lo_address() {
  # Only an address this run added is removed again on stop (another run may have added it).
  if ip addr add "$FALLBACK_IP/32" dev lo 2>/dev/null; then
    echo "$FALLBACK_IP" >"$STATE/lo-address"
  fi
}

# After fixtures.sh: waits for both, seeds the remote engine, writes the env.
remotes_finish() {
  local tls=(env DOCKER_HOST="tcp://127.0.0.1:$TLS_PORT" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$REMOTE/certs")
  local remote=(env DOCKER_HOST="unix://$REMOTE/docker.sock")
  wait_for remote/dockerd 60 "${tls[@]}" docker version
  wait_for empty/dockerd 60 env DOCKER_HOST="unix://$EMPTY/docker.sock" docker version
  wait_for ssh/sshd 30 ssh_ping

  log "seeding the remote engine with imagen-remote/only-here:1"
  docker save imagen-fixture/busybox:latest | "${remote[@]}" docker load -q >/dev/null
  "${remote[@]}" docker tag imagen-fixture/busybox:latest imagen-remote/only-here:1
  "${remote[@]}" docker rmi imagen-fixture/busybox:latest >/dev/null

  local ext
  ext=$(external_ip)
  if [ -z "$ext" ]; then
    log "no non-loopback IPv4 address: adding $FALLBACK_IP to lo for the run"
    add_lo_address
    ext=$FALLBACK_IP
  fi

  cat >>"$STATE/env" <<ENV
export IMAGEN_TEST_TLS_HOST=tcp://127.0.0.1:$TLS_PORT
export IMAGEN_TEST_TLS_CERTS=$REMOTE/certs
export IMAGEN_TEST_REMOTE_SOCK=unix://$REMOTE/docker.sock
export IMAGEN_TEST_REMOTE_IMAGE=imagen-remote/only-here:1
export IMAGEN_TEST_EMPTY_SOCK=unix://$EMPTY/docker.sock
export IMAGEN_TEST_SSH_HOST=ssh://$SSH_USER@127.0.0.1:$SSH_PORT
export IMAGEN_TEST_SSH_CONFIG=$SSH_DIR/config
export IMAGEN_TEST_EXTERNAL_IP=$ext
ENV
}

# Kills a process and everything under it (the sshd's per-connection processes and the
# commands they run), children first, by pid.
kill_tree() { # pid
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}

# From `stop`, whether or not IMAGEN_TEST_REMOTES is set: whatever of it a run left.
remotes_stop() {
  local pid child
  if [ -f "$SSH_DIR/sshd.pid" ]; then
    pid=$(cat "$SSH_DIR/sshd.pid" 2>/dev/null || true)
    # Only if it is still an sshd (the pid may have been reused since).
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sshd ]; then
      for child in $(ps -o pid= --ppid "$pid" 2>/dev/null || true); do kill_tree "$child"; done
    fi
    kill_pidfile "$SSH_DIR/sshd.pid"
  fi
  kill_pidfile "$REMOTE/dockerd.pid"
  kill_pidfile "$REMOTE/exec/containerd/containerd.pid"
  kill_pidfile "$EMPTY/dockerd.pid"
  kill_pidfile "$EMPTY/exec/containerd/containerd.pid"
  if [ -f "$STATE/lo-address" ]; then
    ip addr del "$(cat "$STATE/lo-address")/32" dev lo 2>/dev/null || true
    rm -f "$STATE/lo-address"
  fi
}
