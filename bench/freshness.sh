#!/usr/bin/env bash
# Freshness benchmark: how long from ingest-service's 202 to SAP's confirmation of each profile, through the real
# path (ingest-service -> Kafka -> connector -> SAP sandbox), at 25 %, 50 % and 90 % of each connector's bound C*B/L
# with L = 100 ms: Marketing Cloud (C = 8, B = 50: 4,000/s; every profile a new contact) and C4C (C = 4, B = 10:
# 400/s; updates of known customers, what a consent change is). The driver (bench/reporting's FreshnessDriver) runs the
# sandbox in its own JVM, so both stamps come from one clock; it refuses a level's figure when any answer was not a
# 202 accepting every profile or any acknowledged profile was not confirmed within a minute.
#   bench/freshness.sh [seconds per level, default 20] [C4C known UIDs, default 2000]
# Needs a JDK 17+. Loopback ports: 18080 ingest-service, 18081 token-service, 18082/18083 connectors, 18091/18092
# sandboxes, 15432 PostgreSQL, 19092 Kafka.
cd "$(dirname "$0")/.."
source bench/lib.sh
SECONDS_PER_LEVEL=${1:-20}
POOL=${2:-2000}
OUT=${BENCH_RESULTS:-$WORK}

build token-service ingest-service marketing-connector service-connector bench/reporting
classpath bench/reporting report-cp.txt
start_infrastructure
start_service token-service 18081
secret=$(register_client bench-cdc profiles:write)
token=$(curl -fs -u "bench-cdc:$secret" -d grant_type=client_credentials http://127.0.0.1:18081/oauth/token \
  | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

freshness() { # name bound per-request pool connector-module connector-port sandbox-port other-route connector-env...
  local name=$1 bound=$2 per_request=$3 pool=$4 module=$5 port=$6 sandbox_port=$7 other_route=$8
  shift 8
  # ingest-service routes to this connector's topic only: the other route's records would load Kafka for nothing.
  start_service ingest-service 18080 "INGEST_ROUTES_${other_route}_REQUIRE_ANY=no.such.field"
  local ingest=$SERVICE_PID
  java -XX:+UseZGC -cp "bench/reporting/target/classes:$(cat "$WORK/report-cp.txt")" \
    dev.profilebridge.bench.freshness.FreshnessDriver --connector "$name" --port "$sandbox_port" \
    --ingest http://127.0.0.1:18080/v1/profiles --token "$token" --connector-ready "http://127.0.0.1:$port/q/health/ready" \
    --bound "$bound" --levels 25,50,90 --seconds "$SECONDS_PER_LEVEL" --warmup 5 --per-request "$per_request" \
    --pool "$pool" --out "$OUT" > "$WORK/driver-$name.log" 2>&1 &
  local driver=$!
  PIDS+=("$driver")
  for _ in $(seq 1 60); do grep -q '^ready' "$WORK/driver-$name.log" && break; sleep 1; done
  start_service "$module" "$port" "$@"
  wait "$driver" || { tail -20 "$WORK/driver-$name.log" >&2; echo "bench: freshness driver failed" >&2; exit 1; }
  grep '^freshness' "$WORK/driver-$name.log"
  grep -m3 'wrong answer' "$WORK/driver-$name.log" >&2 || true
  kill "$SERVICE_PID" "$ingest"; wait "$SERVICE_PID" "$ingest" 2>/dev/null || true
}

freshness marketing 4000 20 0 marketing-connector 18082 18091 SERVICE \
  PB_MARKETING_URL="http://127.0.0.1:18091/sap/opu/odata/sap/API_MKT_CONTACT_SRV;v=0004" PB_MARKETING_USER=BENCH \
  PB_MARKETING_PASSWORD=bench PB_MARKETING_MAX_IN_FLIGHT=8 PB_MARKETING_BATCH_SIZE=50
freshness c4c 400 5 "$POOL" service-connector 18083 18092 MARKETING \
  PB_C4C_URL="http://127.0.0.1:18092/sap/c4c/odata/v1/c4codataapi" PB_C4C_USER=BENCH PB_C4C_PASSWORD=bench \
  PB_C4C_MAX_IN_FLIGHT=4 PB_C4C_BATCH_SIZE=10
if [ -z "${BENCH_RESULTS:-}" ]; then cat "$OUT/figures.tsv"; fi
echo "bench: ${SECONDS_PER_LEVEL}s per level, $(nproc) cores, load: $(uptime | sed 's/.*load average: //')"
