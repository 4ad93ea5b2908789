#!/usr/bin/env bash
# Back-office benchmark. Builds Release, then on loopback:
#  1. makes a database with the demo registry, 200,000 residents and 1,000,000 requests filed over
#     two years (bench_office_data);
#  2. starts ekel-office on it and, logged in as the demo lurah, times N sequential requests
#     (keep-alive) of the dashboard, the request list with the usual filters and second pages,
#     and request detail pages (bench_office_bench: p50/p95/max in ms, every response must be 200);
#  3. reports ekel-office's peak resident memory, then the letter PDF rendering rate.
# Usage: bench/office_bench.sh [N=300]
#   EKEL_BENCH_DB=PATH   reuse a database made by bench_office_data instead of generating one
#   EKEL_BENCH_KEEP=1    keep the generated database (its path is printed) instead of deleting it
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
scripts/install-deps.sh >/dev/null

work=$(mktemp -d /tmp/ekel-office-bench.XXXXXX)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${EKEL_BENCH_KEEP:-0}" = 1 ] && [ -z "${EKEL_BENCH_DB:-}" ] && [ -e "$work/office.db" ]; then
    echo "database kept: $work/office.db"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
port=18094

# Build output goes to a log, shown only when the build fails.
if ! { cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DEKEL_BUILD_TESTS=OFF -DEKEL_BUILD_BENCH=ON &&
       cmake --build build/bench -j 2 --target ekel-office bench_office_data bench_office_bench bench_letter_pdf; } \
     >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  exit 1
fi

if [ -n "${EKEL_BENCH_DB:-}" ]; then
  db=$EKEL_BENCH_DB
  echo "== reusing $db"
else
  db=$work/office.db
  echo "== generating the database (200,000 residents, 1,000,000 requests)"
  build/bench/bench/bench_office_data "$db" 200000 1000000
fi

# Pilot signing keys for the demo signers (letters are signed at issue), beside the database.
export EKEL_SIGNER_LURAH_PASSWORD=bench-signing-lurah EKEL_SIGNER_SEKRETARIS_PASSWORD=bench-signing-sekretaris
mkdir -p "$(dirname "$db")/signing"
for key in lurah sekretaris; do
  p12="$(dirname "$db")/signing/$key.p12"
  var="EKEL_SIGNER_${key^^}_PASSWORD"
  [ -e "$p12" ] || EKEL_DATABASE_PATH="$db" EKEL_SIGNING_PASSWORD=${!var} build/bench/backoffice/ekel-office \
    signing-cert "$p12" --name "Penanda tangan uji $key" --algorithm p-256 >/dev/null
done

echo "== ekel-office: dashboard, request list, request detail ($n requests each, sequential, keep-alive)"
EKEL_DATABASE_PATH="$db" EKEL_OFFICE_PORT=$port EKEL_LOGGING_LEVEL=warn build/bench/backoffice/ekel-office &
office=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "ekel-office did not become healthy" >&2; exit 1; }
status=0
EKEL_OFFICE_PID=$office build/bench/bench/bench_office_bench "$db" $port "$n" || status=$?
# VmHWM since the login (bench_office_bench resets it after logging in; the login's Argon2id check
# is reported separately above).
echo "ekel-office peak RSS while serving pages: $(grep VmHWM /proc/$office/status | awk '{print $2, $3}')" \
     "(now $(grep VmRSS /proc/$office/status | awk '{print $2, $3}'))"

echo "== letter PDF rendering"
build/bench/bench/bench_letter_pdf

kill $office; wait $office 2>/dev/null || true
exit $status
