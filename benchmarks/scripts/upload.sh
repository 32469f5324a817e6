#!/usr/bin/env bash
# A. 1 GiB upload: UploadMain at -Xmx128m (generated Flux<ByteBuf>) vs curl -F of the same bytes from a file.
# One emulator JVM per run, so each emulator RSS belongs to one upload. Env: SIZE (bytes), RUNS, EMU_XMX.
source "$(dirname "$0")/common.sh"
SIZE="${SIZE:-1073741824}"
RUNS="${RUNS:-2}"
FILE="${TMPDIR:-/tmp}/batchflux-bench-upload.jsonl"
trap 'rm -f "$FILE"' EXIT
echo "== upload $SIZE bytes, $RUNS runs; logs in $OUT_DIR"
for r in $(seq 1 "$RUNS"); do
    start_emulator "emu-client-$r" $((8 << 30)) 10000000 3600000
    client "upload-client-$r" 128m UploadMain "$EMU_URL" "$SIZE"
    stop_emulator
done
java -cp "$JAR" io.batchflux.bench.GenMain upload-jsonl "$FILE" "$SIZE"
for r in $(seq 1 "$RUNS"); do
    start_emulator "emu-curl-$r" $((8 << 30)) 10000000 3600000
    curl_upload "upload-curl-$r" "$FILE"
    stop_emulator
done
