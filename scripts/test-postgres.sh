#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite's PostgreSQL run (no system service).
#   test-postgres.sh start DIR PORT   initdb into DIR and start it on 127.0.0.1:PORT
#   test-postgres.sh stop DIR         stop it (or the pair) and remove DIR
#   test-postgres.sh start-pair DIR PRIMARY_PORT STANDBY_PORT
#                                     a primary with a synchronous hot standby ("standby1")
#   test-postgres.sh kill-primary DIR SIGKILL to the primary's postmaster and every backend at once
#                                     (the machine is lost: no backend serves on after it)
#   test-postgres.sh promote DIR      promote the standby and clear its synchronous_standby_names
# fsync is off: the data is thrown away. initdb/pg_ctl refuse root, so they run as postgres.
set -euo pipefail
BIN=/usr/lib/postgresql/15/bin
action=${1:?start|stop}; dir=${2:?directory}
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    port=${3:?port}
    if [ -f "$dir/data/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null || true; fi
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_postgres "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    as_postgres "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
    echo "test-postgres: cluster on 127.0.0.1:$port in $dir"
    ;;
  start-pair)
    primary=${3:?primary port}; standby=${4:?standby port}
    rm -rf "$dir"; mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    as_postgres "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
synchronous_standby_names = 'FIRST 1 (standby1)'
synchronous_commit = on
max_connections = 200
CONF
    as_postgres "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $primary" start >/dev/null
    as_postgres "$BIN/pg_basebackup" -h 127.0.0.1 -p "$primary" -U postgres -D "$dir/standby" -R -X stream -c fast
    as_postgres "$BIN/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w -o "-p $standby -c cluster_name=standby1" start >/dev/null
    for _ in $(seq 1 50); do
      state=$(psql -h 127.0.0.1 -p "$primary" -U postgres -Atc "SELECT sync_state FROM pg_stat_replication" postgres || true)
      [ "$state" = "sync" ] && break
      sleep 0.1
    done
    echo "test-postgres: primary on $primary, synchronous standby on $standby ($state)"
    ;;
  kill-primary)
    postmaster=$(head -1 "$dir/data/postmaster.pid")
    kill -KILL "$postmaster" $(pgrep -P "$postmaster") 2>/dev/null || true
    ;;
  promote)
    port=$(sed -n 4p "$dir/standby/postmaster.pid")
    as_postgres "$BIN/pg_ctl" -D "$dir/standby" -w promote >/dev/null
    psql -h 127.0.0.1 -p "$port" -U postgres -q -c "ALTER SYSTEM SET synchronous_standby_names = ''" \
      -c "SELECT pg_reload_conf()" postgres >/dev/null
    ;;
  stop)
    for data in "$dir/data" "$dir/standby"; do
      if [ -f "$data/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
    done
    rm -rf "$dir"
    ;;
  *) echo "test-postgres: unknown action $action" >&2; exit 2 ;;
esac
