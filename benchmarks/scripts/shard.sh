#!/usr/bin/env bash
# C. sharding: ShardMain at -Xmx64m submits N small generated requests with submitShards(SubmitOptions.defaults())
# (50,000 requests / 200 MB per shard) to an emulator with OpenAI's limits (50,000 requests, 209,715,200 bytes per
# file), validation delay VALIDATION_MS (default 200 ms), per-request delay zero; then the same with BASE_N requests
# (one shard) as the baseline. Env: N (1000000), BASE_N (50000), CONTENT (100), RUNS (1), CLIENT_TIMEOUT, EMU_XMX.
source "$(dirname "$0")/common.sh"
N="${N:-1000000}"
BASE_N="${BASE_N:-50000}"
CONTENT="${CONTENT:-100}"
RUNS="${RUNS:-1}"
VALIDATION_MS="${VALIDATION_MS:-200}"
echo "== submitShards $N vs $BASE_N requests x $CONTENT bytes, $RUNS runs; logs in $OUT_DIR"
for r in $(seq 1 "$RUNS"); do
    for n in "$N" "$BASE_N"; do
        start_emulator "emu-shard-$n-$r" 209715200 50000 "$VALIDATION_MS"
        client "shard-client-$n-$r" 64m ShardMain "$EMU_URL" "$n" "$CONTENT"
        stop_emulator
    done
done
