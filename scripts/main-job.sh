#!/usr/bin/env bash
# The main job on the embedded default store in ./data (or the directory given): when the store
# is missing or empty, build the demo into it (a CJS summer in Clermont-Ferrand, a KPA-Cite group
# and three entrepreneurs); then print the members' balances, the receivables and the trial
# balance of fiscal year 2025, export its FEC into ./exports and check it, the DSN of July 2025
# and its URSSAF summary, and verify the hash chain. Then serve the API and the web page on
# http://127.0.0.1:8080/ until Ctrl-C. It serves only when its output is a terminal and CI is
# unset, so that a test or a CI job that runs it never waits on a server; --serve forces
# serving, --no-serve (or COOPLEDGER_NO_SERVE=1) skips it.
#
# Usage: main-job.sh [--serve|--no-serve] [DATA_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="${COOPLEDGER:-$here/build/coopledger}"
serve=0
if [ -t 1 ] && [ -z "${CI:-}" ] && [ -z "${COOPLEDGER_NO_SERVE:-}" ]; then serve=1; fi
case "${1:-}" in
  --serve) serve=1; shift ;;
  --no-serve) serve=0; shift ;;
esac
data="${1:-./data}"
port="${COOPLEDGER_PORT:-8080}"

"$bin" init --data "$data" >/dev/null
if "$bin" stats --data "$data" --format json | grep -q '"head_seq":0[,}]'; then
  "$bin" demo --data "$data"
  # One demo token per role, kept beside the store for the owner only.
  cjs=$("$bin" balances --data "$data" --format csv | awk -F, '$2 ~ /^CJS-/ {print $2; exit}')
  youth=$("$bin" balances --data "$data" --format csv | awk -F, -v a="$cjs" '$2 == a {print $1; exit}')
  (
    umask 077
    {
      echo "# role scope TOKEN_ID TOKEN: send 'Authorization: Bearer TOKEN', or paste TOKEN in the page"
      for spec in "admin" "support" "facilitator --scope $cjs" "committee --scope $cjs" \
                  "accountant" "member --member $youth"; do
        read -r role option scope <<<"$spec"
        echo "$role ${scope:--} $("$bin" token create --data "$data" --role "$role" ${option:+$option "$scope"})"
      done
    } >"$data/demo-tokens.txt"
  )
  echo
  echo "== Demo tokens (kept in $data/demo-tokens.txt, mode 0600)"
  cat "$data/demo-tokens.txt"
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

if [ "$serve" = 1 ]; then
  echo
  echo "== Web page and API: open http://127.0.0.1:$port/ and paste a token"
  if [ -f "$data/demo-tokens.txt" ]; then
    echo "   tokens: $data/demo-tokens.txt (the committee's sees the CJS season's dashboard)"
  else
    echo "   tokens: coopledger token create --data $data --role committee --scope ACTIVITY"
  fi
  exec "$bin" serve --data "$data" --port "$port" --bind 127.0.0.1
fi
echo
echo "== Not serving (output not a terminal, CI, or --no-serve): $bin serve --data $data"
