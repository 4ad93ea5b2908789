#!/usr/bin/env bash
# Installs the Debian 12 packages E-Kelurahan builds and runs with.
# Idempotent: installs only what is missing, and refreshes the package lists only then.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libcpp-httplib-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libfmt-dev
  libcurl4-openssl-dev libssl-dev doctest-dev libtomlplusplus-dev libspdlog-dev
  libsodium-dev libhpdf-dev libqrencode-dev libkainjow-mustache-dev libpng-dev zlib1g-dev
  libxlsxwriter-dev
  libpqxx-dev postgresql-15                # PostgreSQL engine; tests start throwaway clusters
  fonts-liberation                        # Liberation Serif, embedded in every letter PDF
  sqlite3 curl
  poppler-utils chromium chromium-driver  # tests: pdftotext reads letters back; a real browser
  openssl libnss3-tools                   # tests: a throwaway CA for signed letters; pdfsig trusts it
  libminizip-dev                          # tests: unzips exported XLSX files to read them back
)
# Extra sets, asked for with arguments: "bench" brings the load generator, "fuzz" clang with
# the libFuzzer and sanitizer runtimes (make fuzz).
for extra in "$@"; do
  case "$extra" in
    bench) packages+=(wrk) ;;
    fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "install-deps: unknown set '$extra' (known: bench, fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
