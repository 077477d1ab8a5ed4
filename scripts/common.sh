#!/usr/bin/env bash
# Shared by demo.sh and test.sh: checks the .NET SDK and installs the Debian packages.
set -euo pipefail

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK 10 is required (dotnet not on PATH). Install it from Microsoft's Debian feed:" >&2
    echo "  https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    exit 1
  fi
  local major
  major=$(dotnet --version | cut -d. -f1)
  if [[ "$major" -lt 10 ]]; then
    echo "The .NET SDK 10 or newer is required; found $(dotnet --version)." >&2
    exit 1
  fi
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}
