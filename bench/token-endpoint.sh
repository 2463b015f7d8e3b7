#!/usr/bin/env bash
# Token endpoint benchmark: token responses per second for one repeating client over 16 connections, next to a
# bare Quarkus endpoint answering a constant token-shaped JSON, in one run on one machine; prints the ratio.
#   bench/token-endpoint.sh [seconds per measurement, default 20]
# Needs a JDK 17+ and wrk. Loopback ports: 18081 token-service, 18090 bare endpoint, 15432 PostgreSQL, 19092 Kafka.
cd "$(dirname "$0")/.."
source bench/lib.sh
require_wrk
DURATION=${1:-20}

build token-service bench/bare-endpoint
start_infrastructure
QUARKUS_HTTP_PORT=18090 java -Xmx512m -jar bench/bare-endpoint/target/quarkus-app/quarkus-run.jar > "$WORK/bare.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do curl -fs -X POST http://127.0.0.1:18090/oauth/token >/dev/null 2>&1 && break; sleep 1; done
echo "grant_type=client_credentials" > "$WORK/form.txt"

for window in 30s 0s; do
  start_service token-service 18081 TOKEN_SERVICE_TOKENS_REUSE_WINDOW="$window"
  secret=$(register_client "bench-cdc-$window" profiles:write)
  auth="Authorization: Basic $(printf 'bench-cdc-%s:%s' "$window" "$secret" | base64 -w0)"
  [ "$window" = 30s ] && wrk_post "bare-endpoint" http://127.0.0.1:18090/oauth/token "$auth" "$WORK/form.txt" 16 "$DURATION"
  wrk_post "token-service (reuse window $window)" http://127.0.0.1:18081/oauth/token "$auth" "$WORK/form.txt" 16 "$DURATION"
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
done

echo
echo "bench: ${DURATION}s per measurement, 16 connections, 2 wrk threads, $(nproc) cores"
bare=$(cat "$WORK/bare-endpoint.rps")
for window in 30s 0s; do
  awk -v t="$(cat "$WORK/token-service (reuse window $window).rps")" -v b="$bare" -v w="$window" \
    'BEGIN { printf "ratio token-service (reuse window %s) / bare endpoint: %.2f\n", w, t / b }'
done
