#!/bin/bash
# Run once by the influxdb:2 image after its first set-up (DOCKER_INFLUXDB_INIT_MODE=setup): maps the InfluxQL
# database <bucket>, retention policy autogen, to the bucket, so InfluxQL on /query (the service's history
# queries, Grafana's InfluxQL panels) reads what the service writes through /api/v2/write.
set -euo pipefail
influx v1 dbrp create \
  --org "${DOCKER_INFLUXDB_INIT_ORG}" \
  --bucket-id "${DOCKER_INFLUXDB_INIT_BUCKET_ID}" \
  --db "${DOCKER_INFLUXDB_INIT_BUCKET}" \
  --rp autogen \
  --default
