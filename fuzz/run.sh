#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS, one after the other in one process each (-jobs=1), on
# its committed seeds in fuzz/corpus/<target>/ (only read) and a working corpus in
# BUILD_DIR/run/<target>/corpus/ (where new inputs go, kept between runs). Prints libFuzzer's
# final figures and exits non-zero when a target crashed, leaked, timed out or tripped a
# sanitizer; the input that did it is in BUILD_DIR/run/<target>/artifacts/ and the full log in
# BUILD_DIR/run/<target>/fuzz-0.log.
#
#   fuzz/run.sh BUILD_DIR SECONDS TARGET...
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: fuzz/run.sh BUILD_DIR SECONDS TARGET..." >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
seconds=$2
shift 2

# Flags of one target: the envelope gets Meta's JSON keys as a dictionary; the chat text may
# run a little past the 8 KiB the normalizer reads, so the cut is exercised.
target_flags() {
  case "$1" in
    fuzz_envelope) echo "-max_len=8192 -dict=$repo/fuzz/fuzz_envelope.dict" ;;
    fuzz_understanding) echo "-max_len=9216" ;;
    *) echo "" ;;
  esac
}

failed=()
for target in "$@"; do
  binary=$build/fuzz/$target
  work=$build/run/$target
  seeds=$repo/fuzz/corpus/$target
  mkdir -p "$work/corpus" "$work/artifacts"
  rm -f "$work/fuzz-0.log" "$work/jobs.log"
  echo "== $target: ${seconds}s on $(find "$seeds" -type f | wc -l) seeds" \
       "+ $(find "$work/corpus" -type f | wc -l) inputs in $work/corpus"
  # With -jobs=1 the fuzzing runs in a child that logs to fuzz-0.log in the working directory;
  # the parent only echoes that log when the child ends, into jobs.log.
  status=0
  # shellcheck disable=SC2046  # the flags are separate words on purpose
  (cd "$work" && "$binary" -max_total_time="$seconds" -jobs=1 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" $(target_flags "$target") \
    "$work/corpus" "$seeds" > "$work/jobs.log" 2>&1) || status=$?
  log=$work/fuzz-0.log
  [ -f "$log" ] || log=$work/jobs.log
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "!! $target failed (exit $status); the last lines of $log:"
    tail -n 60 "$log" || true
    echo "!! inputs kept in $work/artifacts/:"
    ls -1 "$work/artifacts/"
  else
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
      "$log" || true
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no findings in $*"
