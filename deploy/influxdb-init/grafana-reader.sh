#!/bin/bash
# Run once by the influxdb:2 image after its first set-up: a read-only v1 authorisation on the bucket for Grafana's
# InfluxQL data source (grafana/provisioning/datasources/influxdb-influxql.yaml), user and password from .env.
set -euo pipefail
influx v1 auth create \
  --org "${DOCKER_INFLUXDB_INIT_ORG}" \
  --username "${GRAFANA_INFLUX_USER}" \
  --password "${GRAFANA_INFLUX_PASSWORD}" \
  --read-bucket "${DOCKER_INFLUXDB_INIT_BUCKET_ID}"
