#!/bin/sh
# As-of queries and a full rebuild through the real binary, on a demo store of `--scale K`.
#   bench/asof_cli.sh BINARY SCALE [QUERIES] [EVERY]
# Prints the demo's size and build time; the p50 and p99 of `balances --known-at SEQ` at QUERIES
# random past seqs (each a whole process: open the store, replay, print), first with no snapshot
# (a replay from event 1 up to SEQ), then after `rebuild --every EVERY` (the nearest snapshot
# plus at most EVERY events); and the time of the rebuild itself. The points are drawn with a
# fixed seed.
set -eu
binary=$1
scale=$2
queries=${3:-100}
every=${4:-10000}
store=$(mktemp -d /tmp/asof-bench-XXXXXX)
trap 'rm -rf "$store"' EXIT

now_ns() { date +%s%N; }

start=$(now_ns)
"$binary" demo --data "$store/data" --scale "$scale" > "$store/demo.txt"
demo_ms=$(( ($(now_ns) - start) / 1000000 ))
head=$("$binary" stats --data "$store/data" --format json | sed -n 's/.*"head_seq": *\([0-9]*\).*/\1/p')
echo "scale $scale: $head events, demo built in $demo_ms ms"

awk -v n="$queries" -v head="$head" 'BEGIN { srand(20251115); for (i = 0; i < n; i++) print 1 + int(rand() * head) }' \
  > "$store/points.txt"

queries() {
  : > "$store/times.txt"
  while read -r seq; do
    start=$(now_ns)
    "$binary" balances --data "$store/data" --known-at "$seq" --format csv > /dev/null
    echo $(( ($(now_ns) - start) / 1000 )) >> "$store/times.txt"
  done < "$store/points.txt"
  sort -n "$store/times.txt" | awk -v what="$1" '{ t[NR] = $1 } END {
    p50 = t[int(NR * 0.50 + 0.5)]; p99 = t[int(NR * 0.99 + 0.5)];
    printf "as-of balances, %s, %d random seqs: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", what, NR, p50 / 1000, p99 / 1000, t[NR] / 1000 }'
}

queries "no snapshot"
start=$(now_ns)
"$binary" rebuild --data "$store/data" --every "$every" > "$store/rebuild.txt"
rebuild_us=$(( ($(now_ns) - start) / 1000 ))
awk -v us="$rebuild_us" -v n="$head" 'BEGIN { printf "rebuild from event 1 with snapshots: %.1f ms, %.0f events/s, %.2f us/event\n", us / 1000, n / (us / 1e6), us / n }'
queries "snapshot every $every events"
