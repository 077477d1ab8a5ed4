#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs (Debian packages as root, NuGet restore).
# Ends with a line "N passed, N failed, N skipped" and exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

require_dotnet
scripts/install-deps.sh --test
dotnet restore V2VMonitor.sln --nologo
dotnet build V2VMonitor.sln -c Release --no-restore --nologo -clp:ErrorsOnly

# The published service must load libtorch and the format libraries too (the libLibTorchSharp patch runs on publish).
dotnet publish src/Monitor.Service -c Release -r linux-x64 --self-contained false -o artifacts/publish --nologo -v quiet -clp:ErrorsOnly
artifacts/publish/v2vmonitor doctor

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test V2VMonitor.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c, Total: d" line per test assembly.
awk '/(Passed|Failed)! +- +Failed: / {
       for (i = 1; i <= NF; i++) {
         gsub(",", "", $(i + 1));
         if ($i == "Failed:") f += $(i + 1); else if ($i == "Passed:") p += $(i + 1); else if ($i == "Skipped:") s += $(i + 1);
       }
       n++
     }
     END {
       if (n == 0) { print "no test assembly reported results"; exit 1 }
       printf "%d passed, %d failed, %d skipped\n", p, f, s
     }' "$log" || status=1
exit "$status"
