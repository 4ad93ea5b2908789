#!/usr/bin/env bash
# PostgreSQL benchmark (issue 17). Builds Release, starts a primary with a synchronous standby on
# this machine (synchronous_commit = on, fsync on: a webhook is acknowledged only once its row is
# on both servers' disks), then in the same run:
#  1. webhook intake with wrk (signed, unique webhooks, 64 connections): a bare cpp-httplib server,
#     ekel-bot on SQLite, ekel-bot on PostgreSQL, and two ekel-bot processes on one PostgreSQL
#     database (32 connections each), with the ratios to the bare server and to SQLite;
#  2. the back office at 1,000,000 requests on PostgreSQL: the bench database (bench_office_data)
#     moved with `ekel-office copy-database`, then the pages of office_bench.sh as the demo lurah.
# Usage: bench/postgres_bench.sh [SECONDS=10] [N=300]
#   EKEL_BENCH_DB=PATH   reuse a database made by bench_office_data
#   BENCH_PARTS          "intake office" (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
n=${2:-300}
scripts/install-deps.sh bench >/dev/null
work=$(mktemp -d /tmp/ekel-pg-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  scripts/test-postgres.sh stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT
if ! { cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DEKEL_BUILD_TESTS=OFF -DEKEL_BUILD_BENCH=ON &&
       cmake --build build/bench -j 2 --target ekel-bot ekel-office bench_bare_server bench_make_webhooks \
         bench_office_data bench_office_bench; } >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  exit 1
fi

bin=build/bench
parts=${BENCH_PARTS:-intake office}
wants() { [[ " $parts " == *" $1 "* ]]; }
scripts/test-postgres.sh start-pair "$work/pg" 18432 18433
psql -h 127.0.0.1 -p 18432 -U postgres -qc "CREATE DATABASE intake" -c "CREATE DATABASE office" postgres
pg() { echo "postgresql://postgres@127.0.0.1:18432,127.0.0.1:18433/$1?target_session_attrs=read-write"; }

if wants intake; then
secret=bench-app-secret
export EKEL_WHATSAPP_APP_SECRET=$secret EKEL_LOGGING_LEVEL=warn EKEL_WHATSAPP_MESSAGES_PER_SECOND=80
per_run=$((seconds * 30000))
echo "generating signed webhooks..."
for name in sqlite pg1 pg2a pg2b; do $bin/bench/bench_make_webhooks "$work/$name.tsv" "$per_run" "$secret" "$name"; done

rps() { sed -n 's/.*rps=\([0-9]*\).*/\1/p'; }
run_wrk() { # port connections file
  WEBHOOKS_FILE="$3" WRK_THREADS=2 wrk -t2 -c"$2" -d"${seconds}s" -s bench/webhooks.lua "http://127.0.0.1:$1" | grep RESULT
}
start_bot() { # port database-path [url]
  EKEL_BOT_PORT=$1 EKEL_DATABASE_PATH=$2 EKEL_DATABASE_URL=${3:-} $bin/bot/ekel-bot &
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && break; sleep 0.1; done
}

echo "== intake, 64 connections, ${seconds} s each"
$bin/bench/bench_bare_server 18090 8 >/dev/null &
bare_pid=$!; sleep 0.5
bare=$(run_wrk 18090 64 "$work/sqlite.tsv" | tee /dev/stderr | rps)
kill $bare_pid; wait $bare_pid 2>/dev/null || true

EKEL_DATABASE_PATH="$work/sqlite/bench.db" $bin/backoffice/ekel-office migrate >/dev/null
start_bot 18091 "$work/sqlite/bench.db"; bot=$!
sqlite=$(run_wrk 18091 64 "$work/sqlite.tsv" | tee /dev/stderr | rps)
kill $bot; wait $bot 2>/dev/null || true

EKEL_DATABASE_PATH="$work/pgfiles/x.db" EKEL_DATABASE_URL="$(pg intake)" $bin/backoffice/ekel-office migrate >/dev/null
start_bot 18092 "$work/pgfiles/x.db" "$(pg intake)"; bot1=$!
pg1=$(run_wrk 18092 64 "$work/pg1.tsv" | tee /dev/stderr | rps)
start_bot 18093 "$work/pgfiles/x.db" "$(pg intake)"; bot2=$!
run_wrk 18092 32 "$work/pg2a.tsv" >"$work/pg2a.out" &
first=$!
run_wrk 18093 32 "$work/pg2b.tsv" >"$work/pg2b.out"
wait $first
cat "$work/pg2a.out" "$work/pg2b.out" >&2
pg2=$(( $(rps <"$work/pg2a.out") + $(rps <"$work/pg2b.out") ))
kill $bot1 $bot2; wait $bot1 $bot2 2>/dev/null || true
stored=$(psql -h 127.0.0.1 -p 18432 -U postgres -Atc "SELECT COUNT(*) FROM inbound_messages" intake)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "acks/s: bare $bare, SQLite $sqlite, PostgreSQL one process $pg1, two processes $pg2 ($stored rows stored)"
echo "PostgreSQL one process: $(ratio "$pg1" "$bare") of bare, $(ratio "$pg1" "$sqlite") of SQLite;" \
     "two processes: $(ratio "$pg2" "$bare") of bare, $(ratio "$pg2" "$sqlite") of SQLite"

fi

if wants office; then
echo "== back office at 1,000,000 requests on PostgreSQL"
if [ -n "${EKEL_BENCH_DB:-}" ]; then
  db=$EKEL_BENCH_DB
else
  db=$work/office/office.db
  mkdir -p "$work/office"
  echo "generating the database (200,000 residents, 1,000,000 requests)"
  $bin/bench/bench_office_data "$db" 200000 1000000
fi
start=$(date +%s.%N)
$bin/backoffice/ekel-office copy-database --from "sqlite:$db" --to "$(pg office)" | tail -1
echo "copied in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.0f", b - a}') s"
files="$work/office-files/office.db"
mkdir -p "$(dirname "$files")/signing"
export EKEL_SIGNER_LURAH_PASSWORD=bench-signing-lurah EKEL_SIGNER_SEKRETARIS_PASSWORD=bench-signing-sekretaris
for key in lurah sekretaris; do
  var="EKEL_SIGNER_${key^^}_PASSWORD"
  EKEL_DATABASE_PATH="$files" EKEL_SIGNING_PASSWORD=${!var} $bin/backoffice/ekel-office \
    signing-cert "$(dirname "$files")/signing/$key.p12" --name "Penanda tangan uji $key" --algorithm p-256 >/dev/null
done
EKEL_DATABASE_PATH="$files" EKEL_DATABASE_URL="$(pg office)" EKEL_OFFICE_PORT=18094 $bin/backoffice/ekel-office &
office=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:18094/healthz" >/dev/null && break; sleep 0.1; done
# The sample of codes, names and NIKs comes from the SQLite source: the same rows.
EKEL_OFFICE_PID=$office $bin/bench/bench_office_bench "$db" 18094 "$n"
kill $office; wait $office 2>/dev/null || true
fi
