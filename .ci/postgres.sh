# Install Debian's PostgreSQL if needed and run a throw-away cluster on 127.0.0.1 for the tests.
# Exports NEWSPRISM_TEST_PG (a postgresql:// URL); tests that need it skip with a reason when unset.
PG_DIR=${PG_DIR:-/tmp/newsprism-pg-$$}

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

start_postgres() {
  if [ -z "$(pg_bin)" ]; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
        || { echo "ci: could not install postgresql; Postgres tests will skip" >&2; return 0; }
    else
      echo "ci: no postgresql and no apt-get; Postgres tests will skip" >&2
      return 0
    fi
  fi
  local bin; bin=$(pg_bin)
  # a port nobody listens on (another cluster may hold the default one)
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
  id postgres >/dev/null 2>&1 || useradd -r postgres
  chown postgres "$PG_DIR"
  local run="runuser -u postgres --"
  [ "$(id -un)" = postgres ] && run=""
  $run "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
  $run "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null
  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres newsprism_test
  export NEWSPRISM_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PORT/newsprism_test"
  # for the fault tests that restart the server mid-ingest
  export NEWSPRISM_TEST_PG_CTL="$run $bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/log"
  echo "ci: PostgreSQL running at $NEWSPRISM_TEST_PG" >&2
}

stop_postgres() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] && [ -d "$PG_DIR/data" ] || return 0
  local run="runuser -u postgres --"
  [ "$(id -un)" = postgres ] && run=""
  $run "$bin/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
