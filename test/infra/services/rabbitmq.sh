# RabbitMQ from Debian's `rabbitmq-server` package, run directly (no systemd) as the
# rabbitmq user with every file in the state folder: its own node name, Erlang cookie
# and epmd port, AMQP and the management plugin on 127.0.0.1 only.

RMQ_PORT="${ASYA_INFRA_RABBITMQ_PORT:-5673}"
RMQ_MGMT_PORT="${ASYA_INFRA_RABBITMQ_MANAGEMENT_PORT:-15673}"
RMQ_DIST_PORT="${ASYA_INFRA_RABBITMQ_DIST_PORT:-25673}"
RMQ_EPMD_PORT="${ASYA_INFRA_RABBITMQ_EPMD_PORT:-4371}"
RMQ_NODE=asya-test@localhost
RMQ_STATE="$STATE_DIR/rabbitmq"
RMQ_LOG="$STATE_DIR/logs/rabbitmq.log"
RMQ_USER=asya
RMQ_PASSWORD=asya
RMQ_SBIN=/usr/lib/rabbitmq/bin

# rmq_cmd CMD: sets RMQ_CMD to run a RabbitMQ command as the rabbitmq user with our
# environment (node name, cookie in HOME, config, plugins, data, epmd port).
rmq_cmd() {
  RMQ_CMD=(env HOME="$RMQ_STATE" RABBITMQ_NODENAME="$RMQ_NODE"
    RABBITMQ_CONF_ENV_FILE="$RMQ_STATE/rabbitmq-env.conf"
    RABBITMQ_CONFIG_FILE="$RMQ_STATE/rabbitmq.conf"
    RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_STATE/enabled_plugins"
    RABBITMQ_MNESIA_BASE="$RMQ_STATE/mnesia" RABBITMQ_LOG_BASE="$RMQ_STATE/log"
    RABBITMQ_LOGS=- RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
    ERL_EPMD_PORT="$RMQ_EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1 "$RMQ_SBIN/$1")
  if [ "$(id -u)" -eq 0 ]; then
    RMQ_CMD=(runuser -u rabbitmq -- "${RMQ_CMD[@]}")
  fi
}

# rmq CMD ARGS...: runs a RabbitMQ command (rabbitmqctl, rabbitmq-plugins) for our node.
rmq() {
  rmq_cmd "$1"
  shift
  # Erlang may start epmd here: it must not inherit up's lock descriptors.
  "${RMQ_CMD[@]}" "$@" 8>&- 9>&-
}

rmq_init() {
  [ -s "$RMQ_STATE/rabbitmq.conf" ] && return 0
  log "creating RabbitMQ node files in $RMQ_STATE"
  mkdir -p "$RMQ_STATE/mnesia" "$RMQ_STATE/log" "$(dirname "$RMQ_LOG")"
  : >"$RMQ_STATE/rabbitmq-env.conf"
  cat >"$RMQ_STATE/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$RMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RMQ_MGMT_PORT
EOF
  head -c 32 /dev/urandom | sha256sum | cut -c1-40 >"$RMQ_STATE/.erlang.cookie"
  chmod 400 "$RMQ_STATE/.erlang.cookie"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R rabbitmq:rabbitmq "$RMQ_STATE"
  fi
  rmq rabbitmq-plugins --offline enable rabbitmq_management >>"$RMQ_LOG" 2>&1 ||
    die "cannot enable the management plugin (log: $RMQ_LOG)"
}

rabbitmq_up() {
  apt_install rabbitmq-server
  rmq_init

  if ! rabbitmq_running; then
    rmq_cmd rabbitmq-server
    start_daemon rabbitmq "$RMQ_LOG" "${RMQ_CMD[@]}"
  fi
  wait_for "rabbitmq node $RMQ_NODE" 90 "$RMQ_LOG" rmq rabbitmqctl -q await_startup
  wait_for "rabbitmq AMQP on 127.0.0.1:$RMQ_PORT" 30 "$RMQ_LOG" port_open "$RMQ_PORT"

  if ! rmq rabbitmqctl -q list_users 2>/dev/null | grep -q "^$RMQ_USER\b"; then
    log "creating RabbitMQ user $RMQ_USER"
    {
      rmq rabbitmqctl -q add_user "$RMQ_USER" "$RMQ_PASSWORD" &&
        rmq rabbitmqctl -q set_user_tags "$RMQ_USER" administrator &&
        rmq rabbitmqctl -q set_permissions -p / "$RMQ_USER" '.*' '.*' '.*'
    } >&2 || die "cannot create the RabbitMQ user (log: $RMQ_LOG)"
  fi
  wait_for "rabbitmq management API on 127.0.0.1:$RMQ_MGMT_PORT" 30 "$RMQ_LOG" \
    curl -fsS -m 5 -u "$RMQ_USER:$RMQ_PASSWORD" "http://127.0.0.1:$RMQ_MGMT_PORT/api/overview"
}

# rabbitmq_running: checks the pid first, because rabbitmqctl alone would start epmd.
rabbitmq_running() {
  pid_alive "$STATE_DIR/pids/rabbitmq.pid" && [ -s "$RMQ_STATE/rabbitmq.conf" ] &&
    rmq rabbitmqctl -q status >/dev/null 2>&1
}

rabbitmq_down() {
  if [ -s "$RMQ_STATE/rabbitmq.conf" ] && rabbitmq_running; then
    log "stopping rabbitmq"
    rmq rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
  stop_daemon rabbitmq
  # Our private epmd (its own port) is left running by Erlang; stop it too.
  if command -v epmd >/dev/null && port_open "$RMQ_EPMD_PORT"; then
    epmd -port "$RMQ_EPMD_PORT" -kill >/dev/null 2>&1 || true
  fi
}

rabbitmq_status() {
  command -v rabbitmqctl >/dev/null && rabbitmq_running && port_open "$RMQ_PORT"
}

rabbitmq_env() {
  emit ASYA_TEST_AMQP_URL "amqp://$RMQ_USER:$RMQ_PASSWORD@127.0.0.1:$RMQ_PORT/"
  emit ASYA_TEST_RABBITMQ_MANAGEMENT_URL \
    "http://$RMQ_USER:$RMQ_PASSWORD@127.0.0.1:$RMQ_MGMT_PORT"
}
