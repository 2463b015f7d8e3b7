#!/usr/bin/env bash
# Token endpoint benchmark: token responses per second for one repeating client over 16 connections, next to a bare
# Quarkus endpoint answering a constant token-shaped JSON, in one run on one machine, in two modes: the token reuse
# window on (the default 30 s: a client that asks again gets the token it was just given) and off (signing every
# token). Every answer is checked (a 2xx with an access_token); a ratio over any error is refused. Last, the ceiling
# of signing every token: ES256 signatures per second alone, one thread per core, by each provider.
#   bench/token-endpoint.sh [seconds per measurement, default 20]
# Needs a JDK 17+ and wrk. Loopback ports: 18081 token-service, 18090 bare endpoint, 15432 PostgreSQL, 19092 Kafka.
cd "$(dirname "$0")/.."
source bench/lib.sh
require_wrk
DURATION=${1:-20}
TOKEN='"access_token":"'

build token-service bench/bare-endpoint bench/load-tools
start_infrastructure
QUARKUS_HTTP_PORT=18090 java -Xmx512m -jar bench/bare-endpoint/target/quarkus-app/quarkus-run.jar > "$WORK/bare.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do curl -fs -X POST http://127.0.0.1:18090/oauth/token >/dev/null 2>&1 && break; sleep 1; done
# The form exactly, with no newline after it (echo added one before).
printf 'grant_type=client_credentials' > "$WORK/form.txt"

for mode in reuse:30s signing:0s; do
  name=${mode%%:*} window=${mode#*:}
  start_service token-service 18081 TOKEN_SERVICE_TOKENS_REUSE_WINDOW="$window" ${BENCH_SERVICE_ENV:-}
  secret=$(register_client "bench-cdc-$name" profiles:write)
  auth="Authorization: Basic $(printf 'bench-cdc-%s:%s' "$name" "$secret" | base64 -w0)"
  # The bare endpoint right before each mode: only neighbours in time make a fair ratio on a shared machine.
  wrk_post "bare-$name" http://127.0.0.1:18090/oauth/token "$auth" "$WORK/form.txt" 16 "$DURATION" "$TOKEN"
  wrk_post "token-$name" http://127.0.0.1:18081/oauth/token "$auth" "$WORK/form.txt" 16 "$DURATION" "$TOKEN"
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  figure "token.$name" "$(cat "$WORK/token-$name.rps")" "$(cat "$WORK/bare-$name.rps")" \
    $(( $(cat "$WORK/token-$name.checked") + $(cat "$WORK/bare-$name.checked") )) \
    $(( $(cat "$WORK/token-$name.errors") + $(cat "$WORK/bare-$name.errors") )) "reuse window $window" \
    "p99 ms=$(cat "$WORK/token-$name.p99");bare p99 ms=$(cat "$WORK/bare-$name.p99")"
done
# The ceiling of signing every token: ES256 signatures alone, one thread per core, by the JDK's provider and by the
# native one token-service signs with, beside the bare endpoint's last figure (each signature counted is verified
# afterwards by the JDK; a failed one is an error).
classpath bench/load-tools kafka-cp.txt
for provider in jdk native; do
  java -cp "bench/load-tools/target/classes:$(cat "$WORK/kafka-cp.txt")" dev.profilebridge.bench.Es256SigningCeiling \
    "$DURATION" "$(nproc)" "$provider" | tee "$WORK/ceiling.txt"
  figure "token.signing-ceiling.$provider" "$(sed 's/.*rate=\([0-9.]*\).*/\1/' "$WORK/ceiling.txt")" \
    "$(cat "$WORK/bare-signing.rps")" "$(sed 's/.*verified=\([0-9]*\).*/\1/' "$WORK/ceiling.txt")" \
    "$(sed 's/.*errors=\([0-9]*\).*/\1/' "$WORK/ceiling.txt")" "$(nproc) signing threads, nothing else"
done
echo "bench: ${DURATION}s per measurement, 16 connections, 2 wrk threads, $(nproc) cores, load: $(uptime | sed 's/.*load average: //')"
