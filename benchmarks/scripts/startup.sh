#!/usr/bin/env bash
# D. CLI startup: wall time of `java -jar batchflux.jar -action list` against an emulator already listening: as
# shipped (the jar relaunches itself with the build's AppCDS archive, target/batchflux.jsa), and in-process
# (BATCHFLUX_RELAUNCH=0) with the JVM flag combinations below, with hyperfine (RUNS runs after WARMUP warm-ups each; falls back to a loop of
# /usr/bin/time). Starts the emulator on PORT (18089) itself unless OPENAI_BASE_URL is set.
# Env: CLI_JAR (default ../target/batchflux.jar), BASE_JAR (another build's jar, built with its archive: adds an
# "as shipped" row for it), RUNS (10), WARMUP (2), PORT.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
CLI_JAR="${CLI_JAR:-$here/../target/batchflux.jar}"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
PORT="${PORT:-18089}"
out="$here/results/$(date +%Y%m%dT%H%M%S)-startup"
mkdir -p "$out"
echo "load: $(uptime)"
if [ -z "${OPENAI_BASE_URL:-}" ]; then
    # the emulator runs from a copy: rebuilding the jar under a running JVM breaks its class loading
    cp "$CLI_JAR" "$out/emulator.jar"
    java -jar "$out/emulator.jar" emulator --port "$PORT" > "$out/emulator.out" 2>&1 &
    emu=$!
    trap 'kill "$emu" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do grep -q listening "$out/emulator.out" && break; sleep 0.1; done
    export OPENAI_BASE_URL="http://127.0.0.1:$PORT/v1"
fi
export OPENAI_API_KEY="${OPENAI_API_KEY:-x}"
jsa="$out/app.jsa"
# AppCDS: one training run dumps the classes it loaded; later runs map them instead of parsing the jar.
java -XX:ArchiveClassesAtExit="$jsa" -jar "$CLI_JAR" -action list > "$out/cds-dump.out" 2>&1
ls -la "$jsa"
declare -a names=(as-shipped default c1-only serial-gc appcds appcds+c1 appcds+c1+serial)
if [ -n "${BASE_JAR:-}" ]; then
    names+=(base-as-shipped)
fi
declare -a flags=(
    "as-shipped"
    ""
    "-XX:TieredStopAtLevel=1"
    "-XX:+UseSerialGC"
    "-XX:SharedArchiveFile=$jsa"
    "-XX:SharedArchiveFile=$jsa -XX:TieredStopAtLevel=1"
    "-XX:SharedArchiveFile=$jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    "base-as-shipped"
)
if command -v hyperfine > /dev/null; then
    cmds=()
    for i in "${!names[@]}"; do
        if [ "${flags[$i]}" = as-shipped ]; then
            cmds+=(-n "${names[$i]}" "java -jar $CLI_JAR -action list")
        elif [ "${flags[$i]}" = base-as-shipped ]; then
            cmds+=(-n "${names[$i]}" "java -jar $BASE_JAR -action list")
        else
            cmds+=(-n "${names[$i]}" "env BATCHFLUX_RELAUNCH=0 java ${flags[$i]} -jar $CLI_JAR -action list")
        fi
    done
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-markdown "$out/startup.md" "${cmds[@]}" 2>&1 \
        | tee "$out/hyperfine.txt"
else
    for i in "${!names[@]}"; do
        for _ in $(seq 1 "$RUNS"); do
            # shellcheck disable=SC2086
            f="${flags[$i]}"; jar="$CLI_JAR"
            if [ "$f" = base-as-shipped ]; then f=""; jar="$BASE_JAR"; elif [ "$f" = as-shipped ]; then f=""; else export BATCHFLUX_RELAUNCH=0; fi
            /usr/bin/time -f '%e' java $f -jar "$jar" -action list 2>&1 > /dev/null | tail -1
            unset BATCHFLUX_RELAUNCH
        done | sort -n | awk -v n="${names[$i]}" '{a[NR]=$1} END {print n, "median", a[int((NR+1)/2)], "min", a[1], "max", a[NR]}'
    done
fi
echo "load: $(uptime)"
echo "full output: $out"
