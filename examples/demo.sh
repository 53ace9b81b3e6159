#!/usr/bin/env bash
# End-to-end demo on the bundled example data: create a repository, load tables from CSV and Parquet,
# inspect history, read an older version, and export a table.
set -euo pipefail
CAIRN=${1:-cairn}
CAIRN=$(cd "$(dirname "$CAIRN")" && pwd)/$(basename "$CAIRN")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-demo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
run() { printf '\n$ cairn %s\n' "$*"; "$CAIRN" "$@"; }

cd "$WORK"
run init atlas.cairn
run -C atlas.cairn load donors "$HERE/donors.csv" -m "Donor sheet"
run -C atlas.cairn load cells "$HERE/cells.csv" -m "Cell metadata"
run -C atlas.cairn load donors "$HERE/more_donors.csv" -m "Two more donors"
run -C atlas.cairn ls
run -C atlas.cairn schema donors
run -C atlas.cairn log --format json
run -C atlas.cairn show
run -C atlas.cairn ls --at HEAD~1
run -C atlas.cairn rev-parse HEAD~2
run -C atlas.cairn ls-fragments donors
run -C atlas.cairn export-table donors -o donors.parquet --at HEAD~1
# The exported Parquet file loads back like any other Parquet file.
run -C atlas.cairn load donors_v1 donors.parquet -m "Donors as of the first load"
run -C atlas.cairn ls --format csv
printf '\nThe history is plain git:\n'
git --git-dir atlas.cairn/git log --oneline
