#!/usr/bin/env bash
# Runs V2V Monitor's main job end to end on the embedded default (no server needed).
#   scripts/demo.sh [--data DIR]            default data directory: ./data
#   scripts/demo.sh --influx [--data DIR]   also into a private InfluxDB (Debian's influxdb, installed as root),
#                                           started on a free loopback port, then queried as a dashboard would
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

influx=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--influx" ]]; then influx=true; else args+=("$arg"); fi
done
data=data
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--data" ]]; then data="${args[$((i + 1))]}"; fi
done

require_dotnet
if $influx; then scripts/install-deps.sh --influx; else scripts/install-deps.sh; fi
dotnet build src/Monitor.Service -c Release -o artifacts/v2vmonitor --nologo -v quiet -clp:ErrorsOnly

if ! $influx; then
  exec artifacts/v2vmonitor/v2vmonitor demo "${args[@]}"
fi

# A private influxd: its own directories under the data directory, loopback only, on a free port; stopped on exit.
mkdir -p "$data/influxdb"
dir=$(cd "$data/influxdb" && pwd)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
rpc=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
[http]
  bind-address = "127.0.0.1:$port"
  log-enabled = false
CONF
influxd -config "$dir/influxdb.conf" > "$dir/influxd.log" 2>&1 &
influxd_pid=$!
trap 'kill $influxd_pid 2>/dev/null || true' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -sf -o /dev/null "$url/ping"; then break; fi
  sleep 0.1
done
curl -sf -o /dev/null -XPOST "$url/query" --data-urlencode "q=CREATE DATABASE v2vmonitor"
echo "InfluxDB $(curl -sI "$url/ping" | awk -F': ' 'tolower($1) == "x-influxdb-version" {print $2}' | tr -d '\r') on $url (log: $dir/influxd.log)"

artifacts/v2vmonitor/v2vmonitor demo "${args[@]}" --influx "Url=$url" Database=v2vmonitor

query() {
  echo "> $1"
  curl -sf -G "$url/query" --data-urlencode "db=v2vmonitor" --data-urlencode "q=$1" |
    python3 -c 'import json, sys
for result in json.load(sys.stdin).get("results", []):
    for series in result.get("series", []):
        tags = ",".join(f"{k}={v}" for k, v in (series.get("tags") or {}).items())
        print("  " + series["name"] + (" [" + tags + "]" if tags else "") + ": " + " | ".join(series["columns"]))
        for row in series["values"][:8]:
            print("    " + " | ".join(str(v) for v in row))'
}
echo "Queries a dashboard runs:"
query 'SELECT last("cycle") AS cycle, last("explanations") AS explanations, last("seconds_total") AS seconds FROM "cycle"'
query "SELECT mean(\"share\") FROM \"relevance\" WHERE \"region\" = 'central-europe' AND \"lead_h\" = '24' GROUP BY \"input\""
query "SELECT count(\"region_id\") FROM \"extreme\" WHERE \"lead_h\" = '24' GROUP BY \"kind\""
query "SELECT \"label\", \"name\" FROM \"regime\" WHERE \"lead_h\" = '0'"
