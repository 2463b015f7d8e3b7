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

measure() { # label, sandbox counter, its value before this backlog, calls per batch: the rate between 10 % and 90 %
  # of the backlog (the base is known, not read: the connector starts on a backlog while it is still being written)
  local label=$1 counter=$2 before=$3 calls=$4 low high t_low="" t_high="" n_low n_high now n
  low=$((before + COUNT / 10)); high=$((before + COUNT * 9 / 10))
  for _ in $(seq 1 6000); do
    n=$(stat "$counter"); now=$(date +%s.%N)
    [ -z "$t_low" ] && [ "$n" -ge "$low" ] && { t_low=$now; n_low=$n; }
    [ -n "$t_low" ] && [ "$n" -ge "$high" ] && { t_high=$now; n_high=$n; break; }
    sleep 0.2
  done
  # The counts read at those two instants, not the thresholds: a poll may overshoot a threshold.
  awk -v n=$((n_high - n_low)) -v a="$t_low" -v b="$t_high" -v bound=$((C * B * 1000 / LATENCY_MS)) -v calls="$calls" \
    -v label="$label" 'BEGIN { rate = n / (b - a); printf "%-32s %6.0f profiles/s, bound %d/s, ratio %.2f (to its own bound %d/s: %.2f)\n", label, rate, bound, rate / bound, bound / calls, rate * calls / bound }'
}

TOPIC="bench.service.$RANDOM"
produce 0
start_service service-connector 18083 PB_TOPIC_SERVICE="$TOPIC" \
  PB_C4C_URL="http://127.0.0.1:18092/sap/c4c/odata/v1/c4codataapi" PB_C4C_USER=BENCH PB_C4C_PASSWORD=bench \
  PB_C4C_MAX_IN_FLIGHT=$C PB_C4C_BATCH_SIZE=$B
echo "bench: L=${LATENCY_MS}ms C=$C B=$B, $COUNT profiles per phase, $(nproc) cores"
# Each figure is printed only once the sandbox's own counters show every profile of its phase written exactly once.
check() { # expected customers, expected creates, expected customer writes
  while [ "$(stat customerWrites)" -lt "$3" ]; do sleep 0.5; done
  local customers creates writes
  customers=$(stat customers); creates=$(stat creates); writes=$(stat customerWrites)
  if [ "$customers" -ne "$1" ] || [ "$creates" -ne "$2" ] || [ "$writes" -ne "$3" ]; then
    echo "bench: FAILED: sandbox holds $customers customers from $creates creates in $writes writes; expected $1, $2, $3" >&2
    exit 1
  fi
}
first=$(measure "first-time UIDs (lookup + POST)" customerWrites 0 2)
check "$COUNT" "$COUNT" "$COUNT"
echo "$first"
produce 1
updates=$(measure "updates (PATCH with ETag)" customerWrites "$COUNT" 1)
check "$COUNT" "$COUNT" $((2 * COUNT))
echo "$updates"
echo "bench: peak concurrent calls at the sandbox $(stat peakConcurrentRequests), record-lock errors $(stat lockConflicts), throttled $(stat throttled)"
