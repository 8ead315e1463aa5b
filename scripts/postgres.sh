#!/usr/bin/env bash
# Starts a PostgreSQL server for the store's tests and prints its connection string.
#
#   eval "$(bash scripts/postgres.sh env)"   # exports GRASSROOTS_TEST_POSTGRES
#   bash scripts/postgres.sh stop
#
# Installs Debian's `postgresql` package when no server is on the machine, makes a cluster of its
# own under $GRASSROOTS_PG_DIR (default /tmp/grassroots-postgres) that listens on a Unix socket only
# (port $GRASSROOTS_PG_PORT, default 54329), trusts local connections (a test server, never a
# production one) and is reused while it runs. Tests make a database each, named after the test.
set -euo pipefail

DIR="${GRASSROOTS_PG_DIR:-/tmp/grassroots-postgres}"
PORT="${GRASSROOTS_PG_PORT:-54329}"

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

BIN="$(server_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "postgres.sh: installing Debian's postgresql (no server on this machine)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(server_bin)"
fi

# initdb refuses to run as root: the cluster belongs to the `postgres` user the package made.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-env}" in
  stop)
    if [ -f "$DIR/data/PG_VERSION" ]; then as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true; fi
    exit 0
    ;;
  env|start) ;;
  *) echo "usage: postgres.sh [env|start|stop]" >&2; exit 2 ;;
esac

mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U grassroots -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-k $DIR -p $PORT -c listen_addresses='' -c fsync=on -c max_connections=200" start >/dev/null
fi
CONN="host=$DIR port=$PORT user=grassroots dbname=postgres"
if [ "${1:-env}" = env ]; then
  echo "export GRASSROOTS_TEST_POSTGRES='$CONN'"
else
  echo "$CONN"
fi
