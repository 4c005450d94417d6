#!/bin/sh
# As-of queries and a full replay through the real binary, on a demo store of `--scale K`.
#   bench/asof_cli.sh BINARY SCALE [QUERIES]
# Prints the demo's size and build time, the p50 and p99 of `balances --known-at SEQ` at QUERIES
# random past seqs (each a whole process: open, replay from event 1 up to SEQ, print), and the
# time of a replay of the whole log (`balances` as known now). Seeds are fixed: the same run on
# the same machine gives the same points.
set -eu
binary=$1
scale=$2
queries=${3:-100}
store=$(mktemp -d /tmp/asof-bench-XXXXXX)
trap 'rm -rf "$store"' EXIT

now_ns() { date +%s%N; }

start=$(now_ns)
"$binary" demo --data "$store/data" --scale "$scale" > "$store/demo.txt"
demo_ms=$(( ($(now_ns) - start) / 1000000 ))
head=$("$binary" stats --data "$store/data" --format json | sed -n 's/.*"head_seq": *\([0-9]*\).*/\1/p')
echo "scale $scale: $head events, demo built in $demo_ms ms"

# QUERIES points drawn with awk's fixed-seed generator.
awk -v n="$queries" -v head="$head" 'BEGIN { srand(20251115); for (i = 0; i < n; i++) print 1 + int(rand() * head) }' \
  > "$store/points.txt"
: > "$store/times.txt"
while read -r seq; do
  start=$(now_ns)
  "$binary" balances --data "$store/data" --known-at "$seq" --format csv > /dev/null
  echo $(( ($(now_ns) - start) / 1000 )) >> "$store/times.txt"
done < "$store/points.txt"
sort -n "$store/times.txt" | awk '{ t[NR] = $1 } END {
  p50 = t[int(NR * 0.50 + 0.5)]; p99 = t[int(NR * 0.99 + 0.5)];
  printf "as-of balances at %d random seqs: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, p50 / 1000, p99 / 1000, t[NR] / 1000 }'

start=$(now_ns)
"$binary" balances --data "$store/data" --format csv > /dev/null
full_us=$(( ($(now_ns) - start) / 1000 ))
awk -v us="$full_us" -v n="$head" 'BEGIN { printf "full replay (balances now): %.1f ms, %.0f events/s, %.2f us/event\n", us / 1000, n / (us / 1e6), us / n }'
