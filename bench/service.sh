#!/usr/bin/env bash
# service-connector benchmark (Little's law): with C4C sandbox latency L per call, in-flight limit C and batch size
# B, no connector can deliver more than C*B/L profiles per second. Measures, for L = 100 ms, C = 4, B = 10 (bound
# 400/s): first-time UIDs (a lookup by ExternalID, then a $batch of POSTs: two calls per batch, so their own bound
# is half) and updates of known UIDs (ObjectID and ETag from the delivery state: one $batch of PATCHes).
#   bench/service.sh [profiles, default 6000]
# Needs a JDK 17+. Loopback ports: 18083 service-connector, 18092 sandbox, 15432 PostgreSQL, 19092 Kafka.
cd "$(dirname "$0")/.."
source bench/lib.sh
COUNT=${1:-6000}
LATENCY_MS=100
C=4
B=10

start_connector_bench service-connector C4CSandboxMain 18092 $LATENCY_MS

stat() { curl -fs http://127.0.0.1:18092/sandbox/stats | sed "s/.*\"$1\":\([0-9]*\).*/\1/"; }
produce() { # version
  java -cp "bench/load-tools/target/classes:$(cat "$WORK/kafka-cp.txt")" dev.profilebridge.bench.ProfileEventProducer \
    127.0.0.1:19092 "$TOPIC" "$COUNT" "$TOPIC" "$1" > /dev/null
}

measure() { # id, title, value of distinctProfileVersions before this backlog, calls per batch: the rate between 10 %
  # and 90 % of the backlog (the base is known, not read: the connector starts on a backlog while it is still being
  # written). Delivered versions are counted at the sandbox by UID and first name (which carries the version): a
  # duplicate POST or PATCH of one version counts once.
  local id=$1 title=$2 before=$3 calls=$4 low high t_low="" t_high="" n_low n_high now n start
  low=$((before + COUNT / 10)); high=$((before + COUNT * 9 / 10))
  series "$id" "$title" $((C * B * 1000 / LATENCY_MS))
  start=$(date +%s.%N)
  for _ in $(seq 1 6000); do
    n=$(stat distinctProfileVersions); now=$(date +%s.%N)
    sample "$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.3f", b - a }')" $((n - before))
    [ -z "$t_low" ] && [ "$n" -ge "$low" ] && { t_low=$now; n_low=$n; }
    [ -n "$t_low" ] && [ "$n" -ge "$high" ] && { t_high=$now; n_high=$n; break; }
    sleep 0.2
  done
  # The counts read at those two instants, not the thresholds: a poll may overshoot a threshold.
  awk -v n=$((n_high - n_low)) -v a="$t_low" -v b="$t_high" 'BEGIN { printf "%.1f", n / (b - a) }' > "$WORK/$id.rate"
  echo "bench: $title: $(cat "$WORK/$id.rate") profiles/s (its own bound, $calls call(s) per batch: $((C * B * 1000 / LATENCY_MS / calls))/s)"
}

# errors_after expected-versions: waits (at most a minute) for every version, then counts what went wrong: versions
# missing, customers beyond one per UID (a duplicate POST), creates beyond one per UID.
errors_after() {
  for _ in $(seq 1 300); do [ "$(stat distinctProfileVersions)" -ge "$1" ] && break; sleep 0.2; done
  local missing=$(( $1 - $(stat distinctProfileVersions) )) duplicates=$(( $(stat customers) - COUNT )) extra=$(( $(stat creates) - COUNT ))
  echo $(( (missing > 0 ? missing : 0) + (duplicates > 0 ? duplicates : 0) + (extra > 0 ? extra : 0) ))
}

TOPIC="bench.service.$RANDOM"
produce 0
start_service service-connector 18083 PB_TOPIC_SERVICE="$TOPIC" \
  PB_C4C_URL="http://127.0.0.1:18092/sap/c4c/odata/v1/c4codataapi" PB_C4C_USER=BENCH PB_C4C_PASSWORD=bench \
  PB_C4C_MAX_IN_FLIGHT=$C PB_C4C_BATCH_SIZE=$B
echo "bench: L=${LATENCY_MS}ms C=$C B=$B, $COUNT profiles per phase, $(nproc) cores"
measure c4c.first "C4C first-time UIDs (lookup + POST)" 0 2
figure c4c.first "$(cat "$WORK/c4c.first.rate")" $((C * B * 1000 / LATENCY_MS)) "$COUNT" "$(errors_after "$COUNT")" "C=$C B=$B L=${LATENCY_MS}ms"
produce 1
measure c4c.updates "C4C updates (PATCH with ETag)" "$COUNT" 1
figure c4c.updates "$(cat "$WORK/c4c.updates.rate")" $((C * B * 1000 / LATENCY_MS)) "$COUNT" "$(errors_after $((2 * COUNT)))" "C=$C B=$B L=${LATENCY_MS}ms"
echo "bench: load: $(uptime | sed 's/.*load average: //'); peak concurrent calls at the sandbox $(stat peakConcurrentRequests), record-lock errors $(stat lockConflicts), throttled $(stat throttled)"
