#!/usr/bin/env bash
# B. submit of a large spec file at -Xmx64m vs curl -F of the equivalent ready-made JSONL: SubmitMain (the
# library's client.submit in a plain JVM) and, with CLI=1, also the CLI as shipped (`java -jar
# target/batchflux.jar -action create -file SPEC`; build it first with `mvn -DskipTests package` at the root).
# Env: N (requests, default 50000), CONTENT (bytes of user text, default 4000), RUNS, LIMITS ("maxRequests
# maxBytes" for SubmitOptions.withLimits; empty = OpenAI defaults), CLI, PIN (see common.sh), SERVER (below),
# CLIENT_TIMEOUT, EMU_XMX.
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
# SERVER=fresh (default): every run gets a fresh emulator (validation delay of an hour: the batch is only created,
# the emulator does not process it), so each upload also pays for a new server JVM compiling its own code.
# SERVER=warm: one emulator serves the whole set, as a long-running server would, after one untimed upload from
# each client has compiled its receiving path; every timed run then meets the same warm server.
# Its uploads stay in its store (java.io.tmpdir) until the set ends: (RUNS + 1) x 3 files of the JSONL's size with
# CLI=1.
# Rounds interleave the clients so that the host's drift over the minutes of a set weighs on all of them alike,
# not on whichever ran last.
SERVER="${SERVER:-fresh}"
case "$SERVER" in fresh|warm) ;; *) echo "SERVER must be fresh or warm, not '$SERVER'" >&2; exit 2 ;; esac
# server_up NAME / server_down: a fresh emulator around one measured run, or nothing when the set's server is warm
server_up() { if [ "$SERVER" = fresh ]; then start_emulator "emu-$1" $((8 << 30)) 10000000 3600000; fi; }
server_down() { if [ "$SERVER" = fresh ]; then stop_emulator; fi; }
if [ "$SERVER" = warm ]; then
    start_emulator "emu-warm" $((8 << 30)) 10000000 3600000
    echo "warming the server with one untimed upload per client"
    # shellcheck disable=SC2086
    client "warm-up-client" 64m SubmitMain "$EMU_URL" "$SPEC" $LIMITS
    if [ "${CLI:-0}" = 1 ]; then cli "warm-up-cli" 64m -action create -file "$SPEC"; fi
    curl_upload "warm-up-curl" "$JSONL"
fi
for r in $(seq 1 "$RUNS"); do
    server_up "client-$r"
    # shellcheck disable=SC2086
    client "submit-client-$r" 64m SubmitMain "$EMU_URL" "$SPEC" $LIMITS
    server_down
    if [ "${CLI:-0}" = 1 ]; then
        server_up "cli-$r"
        cli "create-cli-$r" 64m -action create -file "$SPEC"
        server_down
    fi
    server_up "curl-$r"
    curl_upload "submit-curl-$r" "$JSONL"
    server_down
done
if [ "$SERVER" = warm ]; then stop_emulator; fi
if [ "${CLI:-0}" = 1 ]; then wall_summary submit-curl submit-client create-cli; else wall_summary submit-curl submit-client; fi
