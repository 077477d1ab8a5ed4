#!/usr/bin/env bash
# Installs the Debian packages V2V Monitor needs at run time and in its tests. Idempotent.
#   scripts/install-deps.sh            runtime packages (netCDF-C, ecCodes, the font of the PNG maps)
#   scripts/install-deps.sh --test     plus the independent tools the tests use to write fixtures, and the servers
#   scripts/install-deps.sh --influx   runtime packages and InfluxDB (scripts/demo.sh --influx)
set -euo pipefail

# fonts-dejavu-core: SkiaSharp's dependency-free native build sees no system fonts, so the map renderer loads
# DejaVuSans.ttf from its file (src/Monitor.Service/Plotting/PanelFont.cs); without it maps carry no text.
# gmt-gshhg-low: GSHHG shorelines for the explain maps (src/Monitor.Service/Plotting/Coastline.cs); without it the
# maps outline the land-sea mask instead.
runtime=(libnetcdf19 libeccodes0 libeccodes-data ferret-datasets ca-certificates fonts-dejavu-core gmt-gshhg-low)
# influxdb (1.6.7, influxd) and nginx (the v2 write stand-in): private servers started by tests/Monitor.Service.Tests/Influx.
# systemd: systemd-analyze verify checks deploy/v2vmonitor.service (tests/Monitor.Service.Tests/Deploy).
# chromium: renders report.html headless (tests/Monitor.Service.Tests/Reporting/HeadlessChromium.cs).
testing=(netcdf-bin libeccodes-tools python3-netcdf4 python3-numpy python3-torch python3-sklearn binutils influxdb nginx systemd chromium)

wanted=("${runtime[@]}")
if [[ "${1:-}" == "--test" ]]; then
  wanted+=("${testing[@]}")
elif [[ "${1:-}" == "--influx" ]]; then
  wanted+=(influxdb curl)
fi

missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all Debian packages present (${wanted[*]})"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing Debian packages: ${missing[*]}" >&2
  echo "install-deps: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
