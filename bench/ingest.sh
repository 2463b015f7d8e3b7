#!/usr/bin/env bash
# ingest-service benchmark, in one run on one machine:
#  (a) profiles/s through POST /v1/profiles with arrays of 500 ~1 KB CDC accounts (16 connections), next to the raw
#      Kafka producer ceiling for the same records with acks=all (Kafka's own ProducerPerformance, same broker),
#      measured right before each of ingest-service's runs;
#  (b) requests/s and p50/p99 with one profile per request at 32 connections.
# Measured once with one route (one Kafka record per profile, comparable to the raw ceiling) and once with the
# default two routes (two records per profile).
#   bench/ingest.sh [seconds per measurement, default 20]
# Needs a JDK 17+ and wrk. Loopback ports: 18080 ingest-service, 18081 token-service, 15432 PostgreSQL, 19092 Kafka.
cd "$(dirname "$0")/.."
source bench/lib.sh
require_wrk
DURATION=${1:-20}

build token-service ingest-service bench/load-tools
classpath bench/load-tools kafka-cp.txt
java -cp "bench/load-tools/target/classes:$(cat "$WORK/kafka-cp.txt")" dev.profilebridge.bench.AccountBodies "$WORK/bodies" 500
start_infrastructure
start_service token-service 18081
secret=$(register_client bench-cdc profiles:write)
token=$(curl -fs -u "bench-cdc:$secret" -d grant_type=client_credentials http://127.0.0.1:18081/oauth/token \
  | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

echo "bench: raw Kafka producer ceiling (acks=all, idempotent, lz4, the same accounts as payloads)"
raw_producer() { # records
  java -cp "$(cat "$WORK/kafka-cp.txt")" org.apache.kafka.tools.ProducerPerformance --topic bench-raw \
    --num-records "$1" --throughput -1 --payload-file "$WORK/bodies/payloads.txt" \
    --producer-props bootstrap.servers=127.0.0.1:19092 acks=all enable.idempotence=true linger.ms=5 batch.size=131072 \
    compression.type=lz4 > "$WORK/raw.txt" 2>&1
}
raw_producer 50000                        # warm-up: the broker has just started, like ingest-service's runs below

# The raw ceiling is measured right before each ingest measurement: other work on a shared machine comes and goes,
# and only neighbours in time make a fair ratio. Every ingest answer is checked: a 202 that accepted every profile of
# the request (a superseded or rejected one would not be delivered), so profiles/s is good answers/s times 500.
for routes in one two; do
  raw_producer $(( 20000 * DURATION ))    # about DURATION seconds at the rates seen here
  raw_errors=0
  grep -q 'records sent' <(tail -1 "$WORK/raw.txt") || { tail -5 "$WORK/raw.txt" >&2; raw_errors=1; }
  tail -1 "$WORK/raw.txt" | sed 's/.*records sent, \([0-9.]*\) records\/sec.*/\1/' > "$WORK/raw-$routes.rps"
  printf '%-40s %10.0f records/s   (%s)\n' "raw producer" "$(cat "$WORK/raw-$routes.rps")" \
    "$(tail -1 "$WORK/raw.txt" | cut -d, -f3-4)"
  if [ "$routes" = one ]; then extra=(INGEST_ROUTES_MARKETING_REQUIRE_ANY=no.such.field); else extra=(); fi
  start_service ingest-service 18080 "${extra[@]}"
  wrk_post "arrays-$routes" http://127.0.0.1:18080/v1/profiles "Authorization: Bearer $token" \
    "$WORK/bodies/batch.json" 16 "$DURATION" '"accepted":500,'
  wrk_post "single-$routes" http://127.0.0.1:18080/v1/profiles "Authorization: Bearer $token" \
    "$WORK/bodies/single.json" 32 "$DURATION" '"accepted":1,'
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  per_record=$([ "$routes" = one ] && echo 1 || echo 2)
  id=$([ "$routes" = one ] && echo ingest.arrays || echo ingest.arrays.two-routes)
  figure "$id" "$(awk -v r="$(cat "$WORK/arrays-$routes.rps")" -v k="$per_record" 'BEGIN { printf "%.0f", r * 500 * k }')" \
    "$(cat "$WORK/raw-$routes.rps")" "$(cat "$WORK/arrays-$routes.checked")" $(( $(cat "$WORK/arrays-$routes.errors") + raw_errors )) \
    "$routes route(s), Kafka records/s against the raw producer's"
done
# One profile per request is reported with the default two routes, as deployed.
figure ingest.single.rps "$(cat "$WORK/single-two.rps")" "" "$(cat "$WORK/single-two.checked")" "$(cat "$WORK/single-two.errors")" \
  "two routes; one route: $(cat "$WORK/single-one.rps") requests/s, p99 $(cat "$WORK/single-one.p99") ms" \
  "p50 ms=$(cat "$WORK/single-two.p50")"
figure ingest.single.p99 "$(cat "$WORK/single-two.p99")" "" "$(cat "$WORK/single-two.checked")" "$(cat "$WORK/single-two.errors")" \
  "two routes, 32 connections"
echo "bench: ${DURATION}s per measurement, 2 wrk threads, $(nproc) cores, load: $(uptime | sed 's/.*load average: //')"
