#!/usr/bin/env bash
# B. submit of a large spec file at -Xmx64m vs curl -F of the equivalent ready-made JSONL: SubmitMain (the
# library's client.submit in a plain JVM) and, with CLI=1, also the CLI as shipped (`java -jar
# target/batchflux.jar -action create -file SPEC`; build it first with `mvn -DskipTests package` at the root).
# Env: N (requests, default 50000), CONTENT (bytes of user text, default 4000), RUNS, LIMITS ("maxRequests
# maxBytes" for SubmitOptions.withLimits; empty = OpenAI defaults), CLI, PIN (see common.sh), CLIENT_TIMEOUT,
# EMU_XMX.
source "$(dirname "$0")/common.sh"
N="${N:-50000}"
CONTENT="${CONTENT:-4000}"
RUNS="${RUNS:-2}"
LIMITS="${LIMITS:-}"
SPEC="${TMPDIR:-/tmp}/batchflux-bench-$N.spec"
JSONL="${TMPDIR:-/tmp}/batchflux-bench-$N.jsonl"
trap 'rm -f "$SPEC" "$JSONL"' EXIT
df -h "${TMPDIR:-/tmp}" | tail -1
echo "== submit $N requests x $CONTENT bytes, $RUNS runs, limits '${LIMITS:-defaults}'; logs in $OUT_DIR"
java -cp "$JAR" io.batchflux.bench.GenMain spec "$SPEC" "$N" "$CONTENT"
java -cp "$JAR" io.batchflux.bench.GenMain jsonl "$JSONL" "$N" "$CONTENT"
# One round = SubmitMain, then the CLI (CLI=1), then curl, each against a fresh emulator (validation delay of an
# hour: the batch is only created, the emulator does not process it). Rounds interleave the three so that the
# host's drift over the minutes of a set weighs on all of them alike, not on whichever ran last.
for r in $(seq 1 "$RUNS"); do
    start_emulator "emu-submit-$r" $((8 << 30)) 10000000 3600000
    # shellcheck disable=SC2086
    client "submit-client-$r" 64m SubmitMain "$EMU_URL" "$SPEC" $LIMITS
    stop_emulator
    if [ "${CLI:-0}" = 1 ]; then
        start_emulator "emu-cli-$r" $((8 << 30)) 10000000 3600000
        cli "create-cli-$r" 64m -action create -file "$SPEC"
        stop_emulator
    fi
    start_emulator "emu-curl-$r" $((8 << 30)) 10000000 3600000
    curl_upload "submit-curl-$r" "$JSONL"
    stop_emulator
done
if [ "${CLI:-0}" = 1 ]; then wall_summary submit-curl submit-client create-cli; else wall_summary submit-curl submit-client; fi
