#!/usr/bin/env bash
# JMH micro-benchmarks: spec parser, JSONL encoder, result lines. ~3 minutes on 2 cores.
# Usage: scripts/jmh.sh [extra JMH args, e.g. a benchmark regex]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$here/results"
out="$here/results/jmh-$(date +%Y%m%dT%H%M%S)"
# LIB_CLASSES=<dir or jar>: library classes put before the uber jar's copy (JMH forks inherit the class path)
cp="$here/target/benchmarks.jar"
if [ -n "${LIB_CLASSES:-}" ]; then cp="$LIB_CLASSES:$cp"; fi
echo "load: $(uptime)"
java -cp "$cp" org.openjdk.jmh.Main -rf json -rff "$out.json" "$@" 2>&1 | tee "$out.txt" \
    | grep -E '^\[fixture\]|^Benchmark|thrpt|Exception' || true
echo "JMH output: $out.txt / $out.json"
