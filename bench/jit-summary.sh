#!/usr/bin/env bash
# Text summary of a bench/jit.sh flight recording, minutes counted from the load's start:
#   bench/jit-summary.sh recording.jfr LOAD_START_EPOCH_S LOAD_END_EPOCH_S [SETTLE_MINUTES]
set -euo pipefail
jfr print --json --events jdk.Compilation,jdk.Deoptimization,jdk.ClassLoad,jdk.ClassDefine,jdk.ThreadCPULoad,jdk.CPULoad "$1" \
  | python3 "$(dirname "$0")/jit-summary.py" "$2" "$3" "${4:-2}"
