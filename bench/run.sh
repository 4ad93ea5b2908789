#!/usr/bin/env bash
# Webhook intake benchmark (issue 3). Builds Release, then on loopback:
#  1. a bare cpp-httplib server answering 200 (the ceiling), driven by wrk at 16 and 64 connections;
#  2. ekel-bot (sandbox provider, synchronous=FULL) driven the same way with signed, unique webhooks;
#  3. ekel-bot under paced open-loop load, to measure sustained end-to-end throughput (webhook ->
#     stored -> processed -> reply queued) and whether the backlog stays bounded;
# and reports ekel-bot's peak resident memory; first, the parse throughput of the message
# understanding on one core and the cost of a slow-RT follow-up pass. Usage: bench/run.sh [SECONDS]
# BENCH_PARTS picks parts (default: all): parse follow-up intake paced hostile. HOSTILE_BODIES sets
# the size of the hostile-input campaign (default 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
scripts/install-deps.sh bench >/dev/null
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DEKEL_BUILD_TESTS=OFF -DEKEL_BUILD_BENCH=ON >/dev/null
cmake --build build/bench -j "$(nproc)" --target ekel-bot ekel-office bench_bare_server bench_make_webhooks \
  bench_paced_webhooks bench_parse bench_follow_up bench_hostile_webhooks >/dev/null

parts=${BENCH_PARTS:-parse follow-up intake paced hostile}
wants() { [[ " $parts " == *" $1 "* ]]; }

if wants parse; then
  echo "== message understanding (one core)"
  build/bench/bench/bench_parse 3
fi

if wants follow-up; then
  echo "== slow-RT follow-up pass (reminders, escalations, digests)"
  build/bench/bench/bench_follow_up 1000 10000 50000
fi

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
secret=bench-app-secret
bare_port=18090
bot_port=18091
export EKEL_DATABASE_PATH="$work/bench.db" EKEL_BOT_PORT=$bot_port EKEL_OFFICE_PORT=18092 \
       EKEL_WHATSAPP_APP_SECRET=$secret EKEL_LOGGING_LEVEL=warn EKEL_WHATSAPP_MESSAGES_PER_SECOND=80

per_run=$((seconds * 30000))
echo "generating $((per_run * 2)) signed webhooks for wrk and 60000 for the paced runs..."
build/bench/bench/bench_make_webhooks "$work/c16.tsv" "$per_run" "$secret" c16
build/bench/bench/bench_make_webhooks "$work/c64.tsv" "$per_run" "$secret" c64
build/bench/bench/bench_make_webhooks "$work/paced.tsv" 60000 "$secret" paced

run_wrk() { # name port connections file
  WEBHOOKS_FILE="$4" WRK_THREADS=2 wrk -t2 -c"$3" -d"${seconds}s" -s bench/webhooks.lua "http://127.0.0.1:$2" \
    | grep RESULT | sed "s/^RESULT/$1 c=$3/"
}

if wants intake; then
  echo "== bare cpp-httplib"
  build/bench/bench/bench_bare_server $bare_port 8 >/dev/null &
  bare=$!
  sleep 0.5
  run_wrk bare $bare_port 16 "$work/c16.tsv"
  run_wrk bare $bare_port 64 "$work/c64.tsv"
  kill $bare; wait $bare 2>/dev/null || true
fi

build/bench/backoffice/ekel-office migrate >/dev/null
build/bench/bot/ekel-bot &
bot=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$bot_port/healthz" >/dev/null && break; sleep 0.1; done
pending() { curl -sf "http://127.0.0.1:$bot_port/healthz" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["inbound_stored_since_start"] - h["inbound_handled_since_start"])'; }

if wants intake; then
  echo "== ekel-bot intake (acknowledged = committed with synchronous=FULL)"
  run_wrk ekel-bot $bot_port 16 "$work/c16.tsv"
  run_wrk ekel-bot $bot_port 64 "$work/c64.tsv"
  start=$(date +%s.%N)
  while [ "$(pending)" != 0 ]; do sleep 0.2; done
  echo "backlog after the wrk runs drained in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}') s"
fi

if wants paced; then
  echo "== sustained end to end (paced, 16 connections)"
  for rate in 2000 3000; do
    build/bench/bench/bench_paced_webhooks "$work/paced.tsv" $bot_port $rate $((seconds)) 16 | sed "s/^RESULT/paced rate=$rate/" || true
    # Fresh message ids for the next rate.
    build/bench/bench/bench_make_webhooks "$work/paced.tsv" 60000 "$secret" "paced$rate"
  done
fi
echo "ekel-bot peak RSS: $(grep VmHWM /proc/$bot/status | awk '{print $2, $3}')"
echo "rows: $(sqlite3 "$EKEL_DATABASE_PATH" 'SELECT COUNT(*) FROM inbound_messages') inbound, $(sqlite3 "$EKEL_DATABASE_PATH" 'SELECT COUNT(*) FROM outbound_messages') replies queued"

if wants hostile; then
  # A fresh bot, so its memory is measured from its own start.
  kill $bot; wait $bot 2>/dev/null || true
  rm -f "$EKEL_DATABASE_PATH"*
  build/bench/backoffice/ekel-office migrate >/dev/null
  build/bench/bot/ekel-bot &
  bot=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$bot_port/healthz" >/dev/null && break; sleep 0.1; done
  echo "== hostile input (signed, mutated bodies; resident memory sampled every 20 ms)"
  build/bench/bench/bench_hostile_webhooks $bot_port $bot "$secret" "${HOSTILE_BODIES:-100000}" 8 | sed "s/^RESULT/hostile/"
fi
kill $bot; wait $bot 2>/dev/null || true
