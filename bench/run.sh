#!/usr/bin/env bash
# Builds the benchmark harness (Release) and runs a verb: netcdf-decode | conv-allocator | kernel-paths | transfer-forward | synthetic | fidelity | fidelity2 | stride | physics | alerts-season | relevance-speed | reference-cost | conv-adjoint | tsne | eof | climatology | cycle | spool-throughput | cycle-memory | all (default).
# On the shared 2-core machine, hold the build lock so builds do not disturb the timings:
#   flock /tmp/v2v-build.lock bench/run.sh all
# (this script does not take the lock itself: a nested flock on the same file would wait for ever).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Monitor.Bench -c Release -nologo -v quiet
echo "Command: bench/run.sh $*"
echo ".NET SDK: $(dotnet --version)"
exec dotnet run -c Release --no-build --project bench/Monitor.Bench -- "$@"
