# Shared helpers for test/infra/up, down and status. Sourced, never run.
#
# Owns: where things live (cache and state folders), logging to stderr, starting a
# daemon in the background with a pid file and a log file, and waiting for a condition
# with a clear error that names the log to read. Each service lives in services/<name>.sh
# and defines <name>_up, <name>_down, <name>_status and <name>_env.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034 # used by the service files sourced after this one.
CACHE_DIR="${ASYA_INFRA_CACHE:-$HOME/.cache/asya-infra}"
STATE_DIR="${ASYA_INFRA_STATE:-/tmp/asya-infra}"

# The order services start in; down goes the other way. keda needs kube.
ALL_SERVICES=(postgres rabbitmq moto kube keda)

log() { printf '[infra] %s\n' "$*" >&2; }

die() {
  printf '[infra] error: %s\n' "$*" >&2
  exit 1
}

# require_root: installing packages and running daemons as their own users needs root.
require_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root (CI runs as root); run: sudo $0"
}

# apt_install PKG...: installs the Debian packages that are missing, running
# `apt-get update` at most once per `up`.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0

  require_root "installing ${missing[*]}"
  if [ -z "${INFRA_APT_UPDATED:-}" ]; then
    log "apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed"
    INFRA_APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# proc_start PID: the process's start time in clock ticks since boot, which tells a live
# daemon from an unrelated process that got the same pid after a restart.
proc_start() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  echo "$stat" | cut -d' ' -f20
}

# pid_alive FILE: true when FILE names a live process that is still the one we started.
pid_alive() {
  local pid started
  [ -s "$1" ] || return 1
  read -r pid started <"$1" || true
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ -z "${started:-}" ] || [ "$(proc_start "$pid")" = "$started" ]
}

# start_daemon NAME LOG CMD...: runs CMD detached in its own session, output to LOG,
# pid to $STATE_DIR/pids/NAME.pid. Does nothing when that pid is still alive.
start_daemon() {
  local name="$1" logfile="$2" pidfile="$STATE_DIR/pids/$1.pid"
  shift 2
  mkdir -p "$STATE_DIR/pids" "$(dirname "$logfile")"
  if pid_alive "$pidfile"; then
    return 0
  fi
  log "starting $name (log: $logfile)"
  # Lock descriptors (8, 9) are closed so a daemon never holds up's or a build's lock.
  setsid "$@" >>"$logfile" 2>&1 </dev/null 8>&- 9>&- &
  echo "$! $(proc_start $!)" >"$pidfile"
}

# stop_daemon NAME: sends TERM to the process group started by start_daemon, waits up
# to 20 s, then KILL. Only ever touches the pid recorded in our own pid file.
stop_daemon() {
  local name="$1" pidfile="$STATE_DIR/pids/$1.pid" pid
  if ! pid_alive "$pidfile"; then
    rm -f "$pidfile"
    return 0
  fi
  read -r pid _ <"$pidfile"
  log "stopping $name (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop in 20 s, killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# wait_for WHAT SECONDS LOG CMD...: retries CMD every half second until it succeeds.
# On timeout it fails naming WHAT and printing the last lines of LOG; it fails at once
# when the daemon that writes LOG (pids/<log name>.pid) has exited.
wait_for() {
  local what="$1" seconds="$2" logfile="$3" deadline pidfile
  shift 3
  deadline=$((SECONDS + seconds))
  pidfile="$STATE_DIR/pids/$(basename "$logfile" .log).pid"
  until "$@" >/dev/null 2>&1; do
    if [ -f "$pidfile" ] && ! pid_alive "$pidfile"; then
      log "$what: the process exited; last lines of $logfile:"
      tail -n 20 "$logfile" >&2 2>/dev/null || true
      die "$what: the process exited (full log: $logfile)"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "timed out after ${seconds}s waiting for $what; last lines of $logfile:"
      tail -n 20 "$logfile" >&2 2>/dev/null || true
      die "$what is not ready after ${seconds}s (full log: $logfile)"
    fi
    sleep 0.5
  done
}

# emit NAME VALUE: one shell-quoted export line on stdout, for `eval "$(test/infra/up)"`.
emit() {
  printf 'export %s=%q\n' "$1" "$2"
}

# emit_path DIR: puts DIR first on PATH (once, however often the lines are evaluated).
emit_path() {
  # shellcheck disable=SC2016 # $PATH is expanded where the line is evaluated.
  printf 'case ":$PATH:" in *:%q:*) ;; *) export PATH=%q:"$PATH" ;; esac\n' "$1" "$1"
}

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# load_services: sources every services/<name>.sh.
load_services() {
  local name
  for name in "${ALL_SERVICES[@]}"; do
    # shellcheck source=/dev/null
    . "$INFRA_DIR/services/$name.sh"
  done
}

# pick_services ARGS...: prints the services named (all when none), validated and in
# start order; naming keda brings kube with it.
pick_services() {
  local wanted=" $* " name known k
  [ "$#" -eq 0 ] && wanted=" ${ALL_SERVICES[*]} "
  for name in $wanted; do
    known=0
    for k in "${ALL_SERVICES[@]}"; do [ "$k" = "$name" ] && known=1; done
    [ "$known" -eq 1 ] || die "unknown service \"$name\" (known: ${ALL_SERVICES[*]})"
  done
  case "$wanted" in *" keda "*) wanted="$wanted kube " ;; esac
  for name in "${ALL_SERVICES[@]}"; do
    case "$wanted" in *" $name "*) echo "$name" ;; esac
  done
}
