#!/usr/bin/env bash
# Runs load scenarios against a release build of hearth and hearth-load; each run prints its
# summary table and writes results/<scenario>-<db>-<timestamp>.json and .svg.
#
#   tests/load/bench.sh [--db sqlite|postgres|both] SCENARIO:SIZES[:SECONDS] [-- EXTRA FLAGS]
#
# SIZES is one size or a comma list stepped upwards; for `office` the steps stop at the first
# size whose p99 API latency or delivery misses the thresholds (the last one that held is the
# "supported users" figure). Examples:
#   tests/load/bench.sh fanout:10,100:20 -- --rate 500
#   tests/load/bench.sh --db both office:100,200,400,800:60
#   tests/load/bench.sh idle:10000:10 history:100000:30 start:100000 bigfile:2048
#   tests/load/bench.sh --db both history:1000000:60 start:1000000 reconnect:10000:10
# (history and start write their posts in bulk in SQL; reconnect restarts the server under SIZE
# sockets and times every client's way back.)
set -euo pipefail
cd "$(dirname "$0")/../.."

dbs=(sqlite)
if [[ ${1:-} == --db ]]; then
  case $2 in
    both) dbs=(sqlite postgres) ;;
    sqlite | postgres) dbs=("$2") ;;
    *) echo "--db is sqlite, postgres or both" >&2; exit 2 ;;
  esac
  shift 2
fi
runs=()
while [[ $# -gt 0 && $1 != -- ]]; do runs+=("$1"); shift; done
[[ ${1:-} == -- ]] && shift
extra=("$@")
[[ ${#runs[@]} -gt 0 ]] || { sed -n 2,16p "$0"; exit 2; }

cargo build --release -p hearth -p hearth-e2e
target=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
load="$target/release/hearth-load"
export HEARTH_BIN="$target/release/hearth"

for run in "${runs[@]}"; do
  IFS=: read -r scenario sizes seconds <<<"$run"
  for db in "${dbs[@]}"; do
    held=""
    for size in ${sizes//,/ }; do
      out=$("$load" "$scenario" --db "$db" --size "$size" --seconds "${seconds:-20}" \
        --out results "${extra[@]}" | tee /dev/stderr)
      if [[ $scenario == office ]]; then
        if grep -Eq '^holds +true' <<<"$out"; then held=$size; else break; fi
      fi
    done
    if [[ $scenario == office ]]; then
      echo "office on $db: largest N holding p99 API < 200 ms and delivery < 500 ms: ${held:-none}"
    fi
  done
done
