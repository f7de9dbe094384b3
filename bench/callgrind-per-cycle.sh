#!/bin/sh
# Instructions per full CC–CV cycle of `celltwin bench --filter lfp-cccv-0.5C` (or of the workload FILTER names, e.g.
# lfp-cccv-aging for the same cycle with degradation on), counted by callgrind:
# (instructions of a 101-cycle run − instructions of a 1-cycle run) / 100. Deterministic, unlike timings.
# Usage: bench/callgrind-per-cycle.sh [CELLTWIN_BINARY] [FILTER]
set -eu
bin=${1:-.build/release/celltwin}
filter=${2:-lfp-cccv-0.5C}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# valgrind 3.19 cannot read the DWARF 5 debug information Swift writes: count a copy without it.
strip -g -o "$dir/celltwin" "$bin"
# Without the accuracy guard's reference runs where the binary has one: only the timed run is counted.
extra=""
if "$dir/celltwin" bench --help 2>/dev/null | grep -q -- --no-accuracy-guard; then extra="--no-accuracy-guard"; fi
count() {
  valgrind --tool=callgrind --callgrind-out-file="$dir/cg.$1" "$dir/celltwin" bench --filter "$filter" --cycles "$1" \
    --repeats 1 $extra >/dev/null 2>"$dir/log.$1"
  grep '^summary:' "$dir/cg.$1" | awk '{print $2}'
}
one=$(count 1)
many=$(count 101)
echo "instructions: 1 cycle $one, 101 cycles $many"
awk -v a="$one" -v b="$many" 'BEGIN { printf "instructions per CC-CV cycle: %.0f\n", (b - a) / 100 }'
