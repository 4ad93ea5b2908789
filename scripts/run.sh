#!/usr/bin/env bash
# Starts the whole system in the foreground: migrates, seeds demo data into an empty database,
# then runs ekel-bot and ekel-office until Ctrl-C (SIGINT) or SIGTERM, and stops both cleanly.
set -euo pipefail
build_dir=${1:-build/release}
config=${2:-config/ekelurahan.toml}
office="$build_dir/backoffice/ekel-office"

# Demo only: seed-demo makes pilot signing keys for the demo's signers, encrypted with these
# passwords unless set already. A real deployment sets its own from its secret store.
export EKEL_SIGNER_LURAH_PASSWORD=${EKEL_SIGNER_LURAH_PASSWORD:-kata-sandi-demo-lurah}
export EKEL_SIGNER_SEKRETARIS_PASSWORD=${EKEL_SIGNER_SEKRETARIS_PASSWORD:-kata-sandi-demo-sekretaris}
# A city file ([kota]): each kelurahan's signers have variables of their own (EKEL_SIGNER_BLB_LURAH_PASSWORD).
city_codes=""
if grep -q '^\[kota\]' "$config"; then
  city_codes=$(sed -n '/^\[\[kelurahan\]\]/,/^code/s/^code *= *"\([A-Z]*\)".*/\1/p' "$config")
  for code in $city_codes; do
    for key in LURAH SEKRETARIS; do
      variable="EKEL_SIGNER_${code}_${key}_PASSWORD"
      export "$variable"="${!variable:-kata-sandi-demo-${key,,}}"
    done
  done
fi
bot="$build_dir/bot/ekel-bot"

"$office" --config "$config" migrate
"$office" --config "$config" seed-demo

"$bot" --config "$config" &
bot_pid=$!
"$office" --config "$config" serve &
office_pid=$!

stop() {
  trap - INT TERM
  kill -TERM "$bot_pid" "$office_pid" 2>/dev/null || true
  wait "$bot_pid" "$office_pid" 2>/dev/null || true
  echo "E-Kelurahan berhenti."
}
trap 'stop; exit 0' INT TERM

bot_port=${EKEL_BOT_PORT:-$(sed -n '/^\[bot\]/,/^\[/s/^port *= *\([0-9]*\).*/\1/p' "$config")}
office_port=${EKEL_OFFICE_PORT:-$(sed -n '/^\[office\]/,/^\[/s/^port *= *\([0-9]*\).*/\1/p' "$config")}
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$bot_port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$office_port/healthz" >/dev/null; then
    break
  fi
  kill -0 "$bot_pid" 2>/dev/null && kill -0 "$office_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -n "$city_codes" ]; then
  echo
  echo "E-Kelurahan untuk satu kota berjalan:"
  echo "  Halaman kota (camat, kota): http://localhost:$office_port/"
  for code in $city_codes; do
    echo "  Kelurahan $code          : http://${code,,}.localhost:$office_port/"
  done
  echo "  Bot WhatsApp              : http://127.0.0.1:$bot_port/webhooks/whatsapp (cek: /healthz)"
  echo "Tekan Ctrl-C untuk berhenti."
else
cat <<MSG

E-Kelurahan berjalan:
  Back office : http://127.0.0.1:$office_port/          (cek: /healthz)
  Bot WhatsApp: http://127.0.0.1:$bot_port/webhooks/whatsapp (cek: /healthz)
Tekan Ctrl-C untuk berhenti.
MSG
fi

# If either service dies, stop the other and report failure.
set +e
wait -n "$bot_pid" "$office_pid"
status=$?
stop
exit "$status"
