#!/usr/bin/env bash
# The main job on the embedded default store in ./data: create the store if needed, append the
# sample of samples/season-start.jsonl (once: rerunning appends nothing new), print the log and
# verify the hash chain.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="${COOPLEDGER:-$here/build/coopledger}"
data="${1:-./data}"

"$bin" init --data "$data"
"$bin" append --data "$data" --actor main-job < "$here/samples/season-start.jsonl"
"$bin" log --data "$data" --decrypt
"$bin" verify --data "$data"
