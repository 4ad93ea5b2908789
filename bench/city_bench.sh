#!/usr/bin/env bash
# City benchmark: one ekel-office serving a whole kota (README, "Running a city"). Builds Release,
# then on loopback:
#  1. makes 15 kelurahan databases, each with the demo registry, 12,667 residents and 100,000
#     requests over two years (bench_office_data with the kelurahan's code): 190,005 synthetic
#     residents and 1,500,000 requests in the city. Two generators at a time: the machine the
#     bench was written on has 2 cores, and each generator is one thread busy on its own file;
#  2. writes a city file for them (3 kecamatan of 5 kelurahan, synthetic names, one profile file
#     each, the city number) and pilot P-256 keys for each kelurahan's lurah and sekretaris, then
#     `migrate`s and starts `serve`;
#  3. as the demo lurah of one kelurahan (Host <code>.localhost), times N sequential requests of
#     the same pages as bench/office_bench.sh: dashboard, request lists, details, lurah reports;
#  4. as a `kota` account (Host localhost), times N requests of the city's pages: the city
#     dashboard (every kelurahan's queue, read database after database), the late requests, and
#     the city report for this month and the previous one (a page that answers 404 is reported
#     missing, not failed);
#  5. reports ekel-office's peak resident memory for each of 3 and 4.
# Usage: bench/city_bench.sh [N=300]
#   EKEL_BENCH_DIR=DIR       reuse databases made by an earlier run (kept with EKEL_BENCH_KEEP=1)
#   EKEL_BENCH_KEEP=1        keep the generated databases (their folder is printed)
#   EKEL_BENCH_KELURAHAN=KAE the kelurahan whose lurah is timed (default KAA, the first)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
scripts/install-deps.sh >/dev/null

residents=12667
requests=100000
# 15 codes of 3 capital letters, as the city file requires; 5 per kecamatan, in order.
codes=(KAA KAB KAC KAD KAE KAF KAG KAH KAI KAJ KAK KAL KAM KAN KAO)
kecamatan=("Uji Barat" "Uji Tengah" "Uji Timur")
measured=${EKEL_BENCH_KELURAHAN:-KAA}

work=$(mktemp -d /tmp/ekel-city-bench.XXXXXX)
dir=${EKEL_BENCH_DIR:-$work/kota}
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${EKEL_BENCH_KEEP:-0}" = 1 ] && [ -z "${EKEL_BENCH_DIR:-}" ] && [ -d "$dir" ]; then
    echo "databases kept: $dir (EKEL_BENCH_DIR=$dir reuses them)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# Build output goes to a log, shown only when the build fails.
if ! { cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DEKEL_BUILD_TESTS=OFF -DEKEL_BUILD_BENCH=ON &&
       cmake --build build/bench -j 2 --target ekel-office bench_office_data bench_office_bench; } \
     >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  exit 1
fi
office_bin=build/bench/backoffice/ekel-office

# The first port from 18095 nobody listens on (other benches use 18094 and below).
free_port() {
  local p
  for p in $(seq 18095 18194); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  echo "no free port in 18095..18194" >&2
  return 1
}
port=$(free_port)

if [ -n "${EKEL_BENCH_DIR:-}" ]; then
  echo "== reusing the databases in $dir"
else
  echo "== generating 15 kelurahan databases ($residents residents, $requests requests each), 2 at a time"
  mkdir -p "$dir"
  generate() {
    local code=$1 lower=${1,,}
    mkdir -p "$dir/$lower"
    if ! build/bench/bench/bench_office_data "$dir/$lower/ekelurahan.db" $residents $requests "$code" \
         >"$work/generate-$lower.log" 2>&1; then
      echo "bench_office_data $code failed:" >&2
      tail -n 20 "$work/generate-$lower.log" >&2
      return 1
    fi
    echo "$code: $(grep '^database ' "$work/generate-$lower.log")"
  }
  started=$SECONDS
  running=0
  for code in "${codes[@]}"; do
    if [ $running -ge 2 ]; then
      wait -n || exit 1
      running=$((running - 1))
    fi
    generate "$code" &
    running=$((running + 1))
  done
  while [ $running -gt 0 ]; do
    wait -n || exit 1
    running=$((running - 1))
  done
  echo "generated in $((SECONDS - started)) s"
fi
echo "databases: $(du -cb "$dir"/*/ekelurahan.db | tail -n 1 | awk '{printf "%.0f MB", $1 / 1e6}') for 15 kelurahan" \
     "($(du -b "$dir/${measured,,}/ekelurahan.db" | awk '{printf "%.0f MB", $1 / 1e6}') for $measured)"

# The city file. Daily backups run at database.backup_hour (local time, WITA): put it 12 hours
# away from now, or 16 online backups of these databases would land in the middle of a run.
backup_hour=$(( ($(date -u +%-H) + 8 + 12) % 24 ))
mkdir -p "$dir/profiles"
city=$dir/city.toml
cat >"$city" <<EOF
# Written by bench/city_bench.sh: 15 synthetic kelurahan in 3 kecamatan.
[office]
bind = "127.0.0.1"
port = $port
threads = 8
public_url = "http://localhost:$port"

[database]
busy_timeout_ms = 5000
backup_hour = $backup_hour

[whatsapp]
provider = "sandbox"
verify_token = "bench-verify-token"
app_secret = "bench-app-secret"

[logging]
level = "warn"

[letters]
types_path = "config/letter_types.toml"
words_path = "config/letter_words.toml"

[signing]
method = "local"
# The city's own site signs nothing, so it has no signer keys to take CA certificates from; it
# verifies every kelurahan's letters, so it trusts every kelurahan's pilot CA (made below).
trusted_certificates = [$(for code in "${codes[@]}"; do
  printf '"%s", "%s", ' "$dir/${code,,}/signing/lurah-ca.pem" "$dir/${code,,}/signing/sekretaris-ca.pem"; done)]

[kota]
name = "Uji"
provinsi = "Kalimantan Timur"
host = "localhost"
whatsapp_routing = "city_number"
database_dir = "$dir"
EOF
for i in "${!codes[@]}"; do
  code=${codes[$i]} lower=${codes[$i],,} number=$(printf '%02d' $((i + 1)))
  district=${kecamatan[$((i / 5))]}
  cat >>"$city" <<EOF

[[kelurahan]]
code = "$code"
name = "Uji $number"
kecamatan = "$district"
region_code = "64740$((i / 5 + 1))10$number"
profile = "$dir/profiles/$lower.toml"
EOF
  # The shape of config/kota/belimbing.toml: what a letter prints, and who signs. The sekretaris
  # is needed: the shared catalogue (config/letter_types.toml) has letters signed by "sekretaris",
  # and ekel-office refuses to start a kelurahan without that [[signer]].
  cat >"$dir/profiles/$lower.toml" <<EOF
[kelurahan]
address = "Jl. Uji No. $number, Uji $number, $district, Kota Uji 75300"
phone = "(0548) 0000$number"
email = "kel.$lower@example.go.id"
website = "$lower.example.go.id"
logo = "config/emblem.png"
lurah_name = "Lurah Uji $number, S.Sos."
lurah_nip = "19800101 200501 1 0$number"
letterhead = ["PEMERINTAH KOTA UJI", "KECAMATAN ${district^^}", "KELURAHAN UJI $number"]

[[signer]]
key = "lurah"

[[signer]]
key = "sekretaris"
position = "Sekretaris Kelurahan"
on_behalf = true
name = "Sekretaris Uji $number, S.E."
nip = "19850505 201001 2 0$number"
EOF
done
# bench_office_data makes no signing keys; each kelurahan's site loads its signers' at start.
# Pilot P-256 keys: quick to make; their passwords in EKEL_SIGNER_<CODE>_<KEY>_PASSWORD.
for code in "${codes[@]}"; do
  lower=${code,,}
  for key in lurah sekretaris; do
    password=bench-signing-$lower-$key
    export "EKEL_SIGNER_${code}_${key^^}_PASSWORD=$password"
    p12=$dir/$lower/signing/$key.p12
    if [ ! -e "$p12" ]; then
      mkdir -p "$(dirname "$p12")"
      EKEL_SIGNING_PASSWORD=$password $office_bin --config "$city" --kelurahan "$code" \
        signing-cert "$p12" --name "Penanda tangan uji $key $code" --algorithm p-256 >/dev/null
    fi
  done
done

# Binds each database to its entry's name and region (bench_office_data saved only the code),
# and makes the city's own database.
$office_bin --config "$city" migrate >"$work/migrate.log"
kota_password=bench-kota-password
echo "$kota_password" | $office_bin --config "$city" add-user kota --role kota --name "Kota" >/dev/null

echo "== ekel-office for 15 kelurahan on port $port"
$office_bin --config "$city" serve &
office=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "ekel-office did not become healthy" >&2; exit 1; }
peak() { echo "$(grep VmHWM /proc/$office/status | awk '{print $2, $3}')" \
              "(now $(grep VmRSS /proc/$office/status | awk '{print $2, $3}'))"; }
echo "ekel-office resident memory after start: $(grep VmRSS /proc/$office/status | awk '{print $2, $3}')"

status=0
echo "== $measured's lurah at ${measured,,}.localhost: dashboard, request list, request detail, reports" \
     "($n requests each, sequential, keep-alive)"
EKEL_OFFICE_PID=$office build/bench/bench/bench_office_bench --host "${measured,,}.localhost:$port" \
  "$dir/${measured,,}/ekelurahan.db" $port "$n" || status=$?
# VmHWM since the login (bench_office_bench resets it after logging in).
echo "ekel-office peak RSS while serving the kelurahan's pages: $(peak)"

echo "== the kota account at localhost: city dashboard, late requests, city report ($n requests each)"
EKEL_BENCH_PASSWORD=$kota_password EKEL_OFFICE_PID=$office build/bench/bench/bench_office_bench \
  --host "localhost:$port" --city kota $port "$n" || status=$?
echo "ekel-office peak RSS while serving the city's pages: $(peak)"

kill $office; wait $office 2>/dev/null || true
exit $status
