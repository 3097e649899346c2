# PostgreSQL from Debian's `postgresql` package: a private cluster in the state folder,
# run directly with pg_ctl as the postgres user (no systemd), on 127.0.0.1 only.

PG_PORT="${ASYA_INFRA_POSTGRES_PORT:-55432}"
PG_STATE="$STATE_DIR/postgres"
PG_LOG="$STATE_DIR/logs/postgres.log"
PG_USER=asya
PG_PASSWORD=asya
PG_DB=asya

# pg_bin: the newest installed server version's bin folder.
pg_bin() {
  local dir
  dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  [ -x "$dir/postgres" ] || dir=""
  [ -n "$dir" ] || die "no PostgreSQL server under /usr/lib/postgresql"
  echo "$dir"
}

# as_postgres CMD...: root runs the server as the postgres user, which Debian creates.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_init() {
  [ -s "$PG_STATE/data/PG_VERSION" ] && return 0
  log "creating a PostgreSQL cluster in $PG_STATE/data"
  mkdir -p "$PG_STATE/run" "$(dirname "$PG_LOG")"
  echo "$PG_PASSWORD" >"$PG_STATE/pwfile"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$PG_STATE"
  fi
  as_postgres "$(pg_bin)/initdb" -D "$PG_STATE/data" -U "$PG_USER" \
    --pwfile "$PG_STATE/pwfile" --auth scram-sha-256 --encoding UTF8 >>"$PG_LOG" 2>&1 ||
    die "initdb failed (log: $PG_LOG)"
  rm -f "$PG_STATE/pwfile"
}

pg_running() {
  as_postgres "$(pg_bin)/pg_ctl" -D "$PG_STATE/data" status >/dev/null 2>&1
}

postgres_up() {
  apt_install postgresql
  pg_init
  touch "$PG_LOG"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_LOG"

  if ! pg_running; then
    log "starting postgres on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
    as_postgres "$(pg_bin)/pg_ctl" -D "$PG_STATE/data" -l "$PG_LOG" -w -t 60 start \
      -o "-p $PG_PORT -k $PG_STATE/run -c listen_addresses=127.0.0.1 -c fsync=off" \
      >/dev/null 2>&1 8>&- 9>&- || die "postgres did not start (log: $PG_LOG)"
  fi
  wait_for "postgres on 127.0.0.1:$PG_PORT" 60 "$PG_LOG" \
    "$(pg_bin)/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER"

  # The initdb superuser is asya; its own database is created once.
  if ! PGPASSWORD="$PG_PASSWORD" "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -tAc "select 1 from pg_database where datname = '$PG_DB'" | grep -q 1; then
    PGPASSWORD="$PG_PASSWORD" "$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
      -qc "create database $PG_DB" >&2 || die "cannot create database $PG_DB (log: $PG_LOG)"
  fi
}

postgres_down() {
  [ -s "$PG_STATE/data/PG_VERSION" ] || return 0
  if pg_running; then
    log "stopping postgres"
    as_postgres "$(pg_bin)/pg_ctl" -D "$PG_STATE/data" -m fast -w stop >/dev/null 2>&1 ||
      die "postgres did not stop (log: $PG_LOG)"
  fi
}

postgres_status() {
  [ -d /usr/lib/postgresql ] && [ -s "$PG_STATE/data/PG_VERSION" ] && pg_running &&
    "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

postgres_env() {
  emit ASYA_TEST_POSTGRES_URL \
    "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
}
