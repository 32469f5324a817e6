# Shared helpers for the whole-process scripts (sourced, not run).
# Every server binds 127.0.0.1; every JVM runs under /usr/bin/time -v so its peak RSS is recorded.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$BENCH_DIR/target/benchmarks.jar"
# LIB_CLASSES=<dir or jar>: library classes put before the uber jar's copy (compare two builds without reinstalling)
if [ -n "${LIB_CLASSES:-}" ]; then JAR="$LIB_CLASSES:$JAR"; fi
OUT_DIR="$BENCH_DIR/results/$(date +%Y%m%dT%H%M%S)-$(basename "$0" .sh)"
mkdir -p "$OUT_DIR"
echo "load: $(uptime)"
echo "library: ${LIB_CLASSES:-classes inside target/benchmarks.jar}"
EMU_XMX="${EMU_XMX:-1g}"
# PIN=1: the emulator runs on CPU 1 and the client (or curl) on CPU 0, as if the server were another machine;
# otherwise both share every CPU, and the server's own CPU use slows the client (and the reverse)
if [ "${PIN:-0}" = 1 ]; then
    EMU_CPUS="taskset -c 1"
    CLIENT_CPUS="taskset -c 0"
else
    EMU_CPUS=""
    CLIENT_CPUS=""
fi
echo "cpu layout: ${PIN:+PIN=$PIN }emulator '${EMU_CPUS:-all cpus}', client '${CLIENT_CPUS:-all cpus}'"

# time_field FILE LABEL: one field of a /usr/bin/time -v report
time_field() { grep -F "$2" "$1" | head -1 | sed 's/.*: //'; }

# report NAME TIMEFILE: one summary line for a process measured with /usr/bin/time -v
report() {
    local name="$1" tf="$2"
    printf 'PROC %-28s wall=%s user_s=%s sys_s=%s maxrss_kb=%s exit=%s\n' "$name" \
        "$(time_field "$tf" 'Elapsed (wall clock)')" "$(time_field "$tf" 'User time')" \
        "$(time_field "$tf" 'System time')" "$(time_field "$tf" 'Maximum resident set size')" \
        "$(time_field "$tf" 'Exit status')" | tee -a "$OUT_DIR/proc.txt"
}

# wall_summary PREFIX...: mean wall time of the processes named PREFIX-<round>, and its ratio to the first
# PREFIX's mean (the baseline, e.g. curl), from this script's PROC lines
wall_summary() {
    local base="$1"
    for prefix in "$@"; do
        awk -v p="$prefix" -v b="$base" '
            function secs(w,  a, n) { n = split(w, a, ":"); return n == 3 ? a[1] * 3600 + a[2] * 60 + a[3] : a[1] * 60 + a[2] }
            $1 == "PROC" { split($3, f, "="); w = secs(f[2]); name = $2; sub(/-[0-9]+$/, "", name)
                           if (name == p) { sum += w; n++; list = list sprintf(" %.2f", w) }
                           if (name == b) { bsum += w; bn++ } }
            END { if (n) printf "SUMMARY %-14s mean wall %.2f s over %d run(s):%s; vs %s %.2fx\n", p, sum / n, n, list, b, (sum / n) / (bsum / bn) }
        ' "$OUT_DIR/proc.txt"
    done
}

# start_emulator NAME [EmulatorServer args]: sets EMU_PORT, EMU_URL; stop it with stop_emulator
start_emulator() {
    EMU_NAME="$1"; shift
    EMU_CTL="$OUT_DIR/$EMU_NAME.ctl"
    rm -f "$EMU_CTL"; mkfifo "$EMU_CTL"
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$OUT_DIR/$EMU_NAME.time" $EMU_CPUS java -Xmx"$EMU_XMX" -cp "$JAR" io.batchflux.bench.EmulatorServer "$@" \
        < "$EMU_CTL" > "$OUT_DIR/$EMU_NAME.out" 2>&1 &
    EMU_PID=$!
    exec 7> "$EMU_CTL" # holding the fifo open keeps the emulator running
    for _ in $(seq 1 100); do
        EMU_PORT="$(sed -n 's/^PORT //p' "$OUT_DIR/$EMU_NAME.out")"
        [ -n "$EMU_PORT" ] && break
        sleep 0.1
    done
    [ -n "$EMU_PORT" ] || { cat "$OUT_DIR/$EMU_NAME.out"; echo "emulator did not start" >&2; exit 1; }
    EMU_URL="http://127.0.0.1:$EMU_PORT/v1"
}

stop_emulator() {
    exec 7>&- # end of input: the emulator closes and exits
    wait "$EMU_PID" || true
    rm -f "$EMU_CTL"
    report "$EMU_NAME (emulator)" "$OUT_DIR/$EMU_NAME.time"
}

# client NAME XMX MAIN ARGS...: runs a client main under /usr/bin/time -v, bounded by CLIENT_TIMEOUT (180 s);
# CLIENT_JVM_ARGS adds JVM flags to the client only
client() {
    local name="$1" xmx="$2" main="$3"; shift 3
    # shellcheck disable=SC2086
    if ! /usr/bin/time -v -o "$OUT_DIR/$name.time" timeout "${CLIENT_TIMEOUT:-180}" \
            $CLIENT_CPUS java -Xmx"$xmx" ${CLIENT_JVM_ARGS:-} -cp "$JAR" "io.batchflux.bench.$main" "$@" \
            > "$OUT_DIR/$name.out" 2>&1; then
        echo "CLIENT $name FAILED (full output: $OUT_DIR/$name.out)"
        grep -m1 -A8 -E 'Exception|Error' "$OUT_DIR/$name.out" || tail -5 "$OUT_DIR/$name.out"
    fi
    grep -E '^RESULT' "$OUT_DIR/$name.out" || true
    report "$name" "$OUT_DIR/$name.time"
}

# cli NAME XMX ARGS...: the CLI as shipped (`java -jar target/batchflux.jar`, which relaunches itself with the
# build's AppCDS archive) against the running emulator, under /usr/bin/time -v
cli() {
    local name="$1" xmx="$2"; shift 2
    # shellcheck disable=SC2086
    if ! OPENAI_BASE_URL="$EMU_URL" OPENAI_API_KEY=sk-bench /usr/bin/time -v -o "$OUT_DIR/$name.time" \
            timeout "${CLIENT_TIMEOUT:-180}" $CLIENT_CPUS java -Xmx"$xmx" -jar "$CLI_JAR" "$@" \
            > "$OUT_DIR/$name.out" 2>&1; then
        echo "CLI $name FAILED (full output: $OUT_DIR/$name.out)"
        tail -5 "$OUT_DIR/$name.out"
    fi
    report "$name" "$OUT_DIR/$name.time"
}
CLI_JAR="${CLI_JAR:-$BENCH_DIR/../target/batchflux.jar}"

# curl_upload NAME FILE: the baseline, a plain multipart upload of FILE to the running emulator
curl_upload() {
    local name="$1" file="$2"
    # shellcheck disable=SC2086
    /usr/bin/time -v -o "$OUT_DIR/$name.time" timeout 180 $CLIENT_CPUS curl -sS -o "$OUT_DIR/$name.out" \
        -w 'RESULT curl http=%{http_code} size_upload=%{size_upload} wall_s=%{time_total} upload_bytes_per_s=%{speed_upload}\n' \
        ${CURL_ARGS:-} -F purpose=batch -F "file=@$file" "$EMU_URL/files"
    echo "  body: $(head -c 300 "$OUT_DIR/$name.out")"
    report "$name" "$OUT_DIR/$name.time"
}
