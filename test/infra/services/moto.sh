# The moto server from PyPI, in a virtualenv in the cache folder, serving SQS, IAM and S3
# (and every other service moto mocks) on one loopback port.

MOTO_VERSION="${ASYA_INFRA_MOTO_VERSION:-5.2.5}"
MOTO_PORT="${ASYA_INFRA_MOTO_PORT:-5055}"
MOTO_VENV="$CACHE_DIR/moto/$MOTO_VERSION/venv"
MOTO_LOG="$STATE_DIR/logs/moto.log"

moto_install() {
  [ -f "$MOTO_VENV/.installed" ] && return 0
  command -v python3 >/dev/null || die "python3 is needed for the moto server"
  mkdir -p "$CACHE_DIR/moto"
  exec 8>"$CACHE_DIR/moto/install.lock"
  flock 8
  if [ ! -f "$MOTO_VENV/.installed" ]; then
    log "installing moto[server]==$MOTO_VERSION into $MOTO_VENV"
    rm -rf "$MOTO_VENV"
    # Debian's own python3 needs python3-venv for this; pyenv and others include it.
    if ! python3 -m venv "$MOTO_VENV" >/dev/null 2>&1; then
      apt_install python3-venv
      rm -rf "$MOTO_VENV"
    fi
    {
      { [ -x "$MOTO_VENV/bin/pip" ] || python3 -m venv "$MOTO_VENV"; } &&
        "$MOTO_VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VERSION"
    } >&2 || die "cannot install moto[server]==$MOTO_VERSION (see the pip output above)"
    touch "$MOTO_VENV/.installed"
  fi
  exec 8>&-
}

moto_ready() {
  # The dashboard page: cheap, and unlike data.json it never walks the mocked state.
  curl -fsS -m 5 -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/"
}

moto_up() {
  moto_install
  start_daemon moto "$MOTO_LOG" "$MOTO_VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT"
  wait_for "moto server on 127.0.0.1:$MOTO_PORT" 60 "$MOTO_LOG" moto_ready
}

moto_down() {
  stop_daemon moto
}

moto_status() {
  pid_alive "$STATE_DIR/pids/moto.pid" && moto_ready 2>/dev/null
}

moto_env() {
  emit AWS_ENDPOINT_URL "http://127.0.0.1:$MOTO_PORT"
  emit AWS_REGION us-east-1
  emit AWS_DEFAULT_REGION us-east-1
  emit AWS_ACCESS_KEY_ID test
  emit AWS_SECRET_ACCESS_KEY test
}
