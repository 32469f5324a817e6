#!/usr/bin/env bash
# C. results of a large completed batch: the emulator processes N small requests (created by a setup client at
# -Xmx512m, not measured), then ResultsMain at -Xmx64m times client.results(batch).count(). Env: N, RUNS.
source "$(dirname "$0")/common.sh"
N="${N:-1000000}"
RUNS="${RUNS:-2}"
echo "== results of $N lines, $RUNS runs; logs in $OUT_DIR"
start_emulator "emu-results" $((8 << 30)) 10000000 0
client "results-create" 512m ResultsMain create "$EMU_URL" "$N"
BATCH="$(sed -n 's/^BATCH //p' "$OUT_DIR/results-create.out")"
[ -n "$BATCH" ] || { stop_emulator; echo "no batch created" >&2; exit 1; }
for r in $(seq 1 "$RUNS"); do
    client "results-read-$r" 64m ResultsMain read "$EMU_URL" "$BATCH"
done
stop_emulator
