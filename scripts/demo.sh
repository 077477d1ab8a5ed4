#!/usr/bin/env bash
# Runs V2V Monitor's main job end to end on the embedded default (no server needed).
#   scripts/demo.sh [--data DIR]        default data directory: ./data
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

require_dotnet
scripts/install-deps.sh
dotnet build src/Monitor.Service -c Release -o artifacts/v2vmonitor --nologo -v quiet -clp:ErrorsOnly
exec artifacts/v2vmonitor/v2vmonitor demo "$@"
