#!/usr/bin/env bash
# Runs shard K of N of a doctest binary (tests ordered by name), passing the rest of the
# arguments to it: the PostgreSQL run of the suite splits each binary into a few ctest entries.
#   run-test-shard.sh BINARY K N [doctest options...]
set -euo pipefail
binary=$1; shard=$2; shards=$3; shift 3
total=$("$binary" --count "$@" | sed -n 's/.*passing the current filters: \([0-9]*\).*/\1/p' | head -1)
per=$(( (total + shards - 1) / shards ))
first=$(( (shard - 1) * per + 1 )); last=$(( shard * per ))
[ "$first" -gt "$total" ] && { echo "shard $shard of $shards: no tests"; exit 0; }
exec "$binary" --order-by=name --first="$first" --last="$last" "$@"
