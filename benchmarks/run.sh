#!/usr/bin/env bash
# Builds the library (installed to ~/.m2) and the benchmarks, then runs every benchmark in turn.
# Usage: ./run.sh [all|jmh|upload|submit|submit2g|results]   (default: all; ~20 minutes on 2 cores)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
(cd "$here/.." && mvn -B -q -DskipTests install)
(cd "$here" && mvn -B -q -DskipTests package)
what="${1:-all}"
case "$what" in all|jmh) "$here/scripts/jmh.sh" ;; esac
case "$what" in all|upload) "$here/scripts/upload.sh" ;; esac
case "$what" in all|submit) CLI=1 "$here/scripts/submit.sh"; PIN=1 CLI=1 "$here/scripts/submit.sh" ;; esac
case "$what" in all|submit2g)
    free_kb="$(df -Pk "${TMPDIR:-/tmp}" | awk 'NR==2 {print $4}')"
    if [ "$free_kb" -lt $((10 * 1024 * 1024)) ]; then
        echo "skipping the 2 GB submit: less than 10 GB free in ${TMPDIR:-/tmp}"
    else
        N=500000 LIMITS="10000000 4294967296" CLIENT_TIMEOUT=600 "$here/scripts/submit.sh"
    fi ;;
esac
case "$what" in all|results) "$here/scripts/results.sh" ;; esac
