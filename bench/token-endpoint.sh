#!/usr/bin/env bash
# Token endpoint benchmark (issue: token-service performance).
# Measures token responses per second for one repeating client over 16 connections, next to a bare Quarkus
# endpoint that answers a constant token-shaped JSON, in the same run on the same machine. Reports the ratio.
#   bench/token-endpoint.sh [seconds per measurement, default 20]
# Needs: a JDK 17+, wrk (apt-get install wrk). Uses loopback ports 18081 (token-service), 18090 (bare endpoint),
# 15432 (PostgreSQL), 19092 (Kafka, unused here but started by the shared launcher).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
CONNECTIONS=16
THREADS=2
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }

echo "bench: building"
./mvnw -q -B -ntp -Pbench -DskipTests install -pl test-support,token-service,bench/bare-endpoint -am
./mvnw -q -B -ntp -pl test-support dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null

wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "bench: $1 did not come up" >&2; return 1
}

echo "bench: starting PostgreSQL"
java -cp "test-support/target/classes:$(cat "$WORK/cp.txt")" dev.profilebridge.testsupport.LocalInfrastructure \
  --data "$WORK/data" --postgres-port 15432 --kafka-port 19092 > "$WORK/infra.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do grep -q '^ready' "$WORK/infra.log" && break; sleep 1; done
grep -q '^ready' "$WORK/infra.log" || { cat "$WORK/infra.log"; exit 1; }

KEK=$(head -c 32 /dev/urandom | base64)
start_token_service() { # reuse window
  PB_DB_PORT=15432 PB_DB_NAME=postgres PB_DB_USER=postgres PB_DB_PASSWORD=postgres \
  PB_TOKEN_KEY_ENCRYPTION_KEY="$KEK" \
  PB_BOOTSTRAP_ADMIN_CLIENT_ID=bench-admin PB_BOOTSTRAP_ADMIN_CLIENT_SECRET=bench-admin-secret \
  TOKEN_SERVICE_TOKENS_REUSE_WINDOW="$1" QUARKUS_HTTP_PORT=18081 QUARKUS_LOG_LEVEL=WARN \
    java -Xmx512m -jar token-service/target/quarkus-app/quarkus-run.jar > "$WORK/token-service-$1.log" 2>&1 &
  TOKEN_PID=$!
  PIDS+=("$TOKEN_PID")
  wait_for http://127.0.0.1:18081/q/health/ready 60 || { tail -20 "$WORK/token-service-$1.log"; exit 1; }
}

measure() { # label url authorization
  cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "$3"
LUA
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/post.lua" "$2" > /dev/null        # warm-up
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$2" > "$WORK/$1.txt"
  local rps non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/$1.txt")
  printf '%-34s %10.0f req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" "$rps" \
    "$(awk '$1=="50%" {print $2}' "$WORK/$1.txt")" "$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")" "${non2xx:-0}"
  echo "$rps" > "$WORK/$1.rps"
}

echo "bench: starting the bare endpoint"
QUARKUS_HTTP_PORT=18090 java -Xmx512m -jar bench/bare-endpoint/target/quarkus-app/quarkus-run.jar > "$WORK/bare.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do curl -fs -X POST http://127.0.0.1:18090/oauth/token >/dev/null 2>&1 && break; sleep 1; done
curl -fs -X POST http://127.0.0.1:18090/oauth/token >/dev/null || { cat "$WORK/bare.log"; exit 1; }


declare -A SECRET
for window in 30s 0s; do
  start_token_service "$window"
  ADMIN=$(curl -fs -u bench-admin:bench-admin-secret -d grant_type=client_credentials \
    http://127.0.0.1:18081/oauth/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  SECRET[$window]=$(curl -fs -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"clientId\":\"bench-cdc-$window\",\"scopes\":[\"profiles:write\"]}" \
    http://127.0.0.1:18081/admin/clients | sed 's/.*"clientSecret":"\([^"]*\)".*/\1/')
  AUTH="Basic $(printf 'bench-cdc-%s:%s' "$window" "${SECRET[$window]}" | base64 -w0)"
  [ "$window" = 30s ] && measure "bare-endpoint" http://127.0.0.1:18090/oauth/token "$AUTH"
  measure "token-service (reuse window $window)" http://127.0.0.1:18081/oauth/token "$AUTH"
  kill "$TOKEN_PID"; wait "$TOKEN_PID" 2>/dev/null || true
done
echo
echo "bench: ${DURATION}s per measurement, $CONNECTIONS connections, $THREADS wrk threads, $(nproc) cores"
bare=$(cat "$WORK/bare-endpoint.rps")
for window in 30s 0s; do
  awk -v t="$(cat "$WORK/token-service (reuse window $window).rps")" -v b="$bare" -v w="$window" \
    'BEGIN { printf "ratio token-service (reuse window %s) / bare endpoint: %.2f\n", w, t / b }'
done
