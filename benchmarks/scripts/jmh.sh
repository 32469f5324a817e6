#!/usr/bin/env bash
# JMH micro-benchmarks: spec parser, JSONL encoder, result lines. ~3 minutes on 2 cores.
# Usage: scripts/jmh.sh [extra JMH args, e.g. a benchmark regex]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$here/results"
out="$here/results/jmh-$(date +%Y%m%dT%H%M%S)"
java -jar "$here/target/benchmarks.jar" -rf json -rff "$out.json" "$@" 2>&1 | tee "$out.txt" \
    | grep -E '^\[fixture\]|^Benchmark|thrpt|Exception' || true
echo "JMH output: $out.txt / $out.json"
