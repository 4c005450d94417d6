#!/usr/bin/env bash
# The main job on the embedded default store in ./data (or the directory given): when the store
# is missing or empty, build the demo into it (a CJS summer in Clermont-Ferrand, a KPA-Cite group
# and three entrepreneurs); then print the members' balances, the receivables and the trial
# balance of fiscal year 2025, export its FEC into ./exports and check it, the DSN of July 2025
# and its URSSAF summary, and verify the hash chain.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="${COOPLEDGER:-$here/build/coopledger}"
data="${1:-./data}"

"$bin" init --data "$data" >/dev/null
if "$bin" stats --data "$data" --format json | grep -q '"head_seq":0[,}]'; then
  "$bin" demo --data "$data"
fi
echo
echo "== Balances (hours per member; activity accounts of CAPE and CESA members)"
"$bin" balances --data "$data"
echo
echo "== Receivables at the end of the CJS season (2025-09-30)"
"$bin" receivables --data "$data" --on 2025-09-30
echo
echo "== Trial balance of fiscal year 2025"
"$bin" report trial-balance --data "$data" --year 2025
echo
echo "== FEC of fiscal year 2025"
fec=$("$bin" export fec --data "$data" --year 2025 --out "${EXPORTS:-./exports}")
echo "$fec"
"$bin" check-fec "$fec"
echo
echo "== DSN of July 2025 and its URSSAF contributions by CTP"
mkdir -p "${EXPORTS:-./exports}"
"$bin" export dsn --data "$data" --month 2025-07 --out "${EXPORTS:-./exports}/dsn-2025-07.txt"
"$bin" check-dsn "${EXPORTS:-./exports}/dsn-2025-07.txt" | tail -1
"$bin" report urssaf --data "$data" --month 2025-07
echo
"$bin" verify --data "$data"
