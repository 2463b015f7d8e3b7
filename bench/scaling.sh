#!/usr/bin/env bash
# Scaling benchmark: delivered profiles/s with 1, 2 and 3 replicas of each connector sharing one SAP concurrency
# budget (connector.max-in-flight, leased through PostgreSQL by TenantBudget), against budget*B/L, with sandbox latency
# L = 100 ms: Marketing Cloud (budget 8, B = 50: 4,000/s) and C4C updates of known UIDs (budget 4, B = 10: 400/s).
# The replicas join one by one on one topic (3 partitions): a backlog is written after each join and measured between
# 10 % and 90 % of it, counted at the sandbox by UID and version (a duplicate write counts once); a figure is refused
# when any profile of its backlog is missing.
#   bench/scaling.sh [Marketing profiles per step, default 20000] [C4C profiles per step, default 2000]
# Needs a JDK 17+. Loopback ports: 18082/18084/18086 replicas, 18091/18092 sandboxes, 15432 PostgreSQL, 19092 Kafka.
cd "$(dirname "$0")/.."
source bench/lib.sh
MARKETING_COUNT=${1:-20000}
C4C_COUNT=${2:-2000}
LATENCY_MS=100

build marketing-connector service-connector bench/load-tools
classpath bench/load-tools kafka-cp.txt
start_infrastructure

versions() { curl -fs "http://127.0.0.1:$SANDBOX_PORT/sandbox/stats" | sed 's/.*"distinctProfileVersions":\([0-9]*\).*/\1/'; }
produce() { # count uid-prefix version
  java -cp "bench/load-tools/target/classes:$(cat "$WORK/kafka-cp.txt")" dev.profilebridge.bench.ProfileEventProducer \
    127.0.0.1:19092 "$TOPIC" "$1" "$2" "$3" > /dev/null
}
await_versions() { # count, seconds: true once the sandbox holds that many versions
  for _ in $(seq 1 $(( $2 * 5 ))); do [ "$(versions)" -ge "$1" ] && return 0; sleep 0.2; done; return 1
}

# measure id title end bound: the rate between 10 % and 90 % of what remains of a backlog until the sandbox holds
# end versions; the versions missing then are the figure's errors.
measure() {
  local id=$1 title=$2 end=$3 bound=$4 before count low high t_low="" t_high="" n_low n_high now n start
  before=$(versions); count=$((end - before)); low=$((before + count / 10)); high=$((before + count * 9 / 10))
  series "$id" "$title" "$bound"
  start=$(date +%s.%N)
  for _ in $(seq 1 6000); do
    n=$(versions); now=$(date +%s.%N)
    sample "$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.3f", b - a }')" $((n - before))
    [ -z "$t_low" ] && [ "$n" -ge "$low" ] && { t_low=$now; n_low=$n; }
    [ -n "$t_low" ] && [ "$n" -ge "$high" ] && { t_high=$now; n_high=$n; break; }
    sleep 0.2
  done
  await_versions "$end" 60 || true
  local missing=$(( end - $(versions) ))
  figure "$id" "$(awk -v n=$((n_high - n_low)) -v a="$t_low" -v b="$t_high" 'BEGIN { printf "%.1f", n / (b - a) }')" \
    "$bound" "$count" $((missing > 0 ? missing : 0)) "$(echo "$id" | cut -d. -f3) replica(s) on one budget"
}

scale() { # connector module sandbox-main sandbox-port budget batch count topic-variable url-variables...
  local name=$1 module=$2 main=$3 budget=$5 batch=$6 count=$7 topic_variable=$8
  SANDBOX_PORT=$4
  shift 8
  java -XX:+UseZGC -cp "stack-processes/target/classes:$(cat "$WORK/cp.txt")" "dev.profilebridge.sandbox.$main" \
    --port "$SANDBOX_PORT" --user BENCH --password bench --latency-ms $LATENCY_MS > "$WORK/sandbox-$name.log" 2>&1 &
  local sandbox=$!
  PIDS+=("$sandbox")
  for _ in $(seq 1 30); do grep -q '^ready' "$WORK/sandbox-$name.log" && break; sleep 1; done
  TOPIC="bench.scaling.$name.$RANDOM"
  local replicas=() end bound=$((budget * batch * 1000 / LATENCY_MS))
  for replica in 1 2 3; do
    # The budget's members renew every 500 ms here (2 s by default), so a new replica's share is settled within the
    # second the backlog takes to write.
    start_service "$module" $((18080 + 2 * replica)) "$topic_variable=$TOPIC" "$@" CONNECTOR_BUDGET_RENEW_INTERVAL=500ms
    replicas+=("$SERVICE_PID")
    if [ "$name" = c4c ]; then
      # C4C: the UIDs are created first (not measured), then updated: one $batch of PATCHes per batch.
      produce "$count" "$TOPIC-r$replica" 0
      await_versions $(( (2 * replica - 1) * count )) 120 || true
      produce "$count" "$TOPIC-r$replica" 1
      end=$(( 2 * replica * count ))
    else
      produce $((count * 3 / 2)) "$TOPIC-r$replica" 0   # a third of it warms the new replica up, not measured
      await_versions $(( (replica - 1) * count * 3 / 2 + count / 2 )) 120 || true
      end=$(( replica * count * 3 / 2 ))
    fi
    measure "scaling.$name.$replica" "$(Catalogue_name "$name"), $replica replica(s) on one budget of $budget" "$end" "$bound"
  done
  kill "${replicas[@]}" "$sandbox"; wait "${replicas[@]}" "$sandbox" 2>/dev/null || true
}
Catalogue_name() { [ "$1" = c4c ] && echo C4C || echo "Marketing Cloud"; }

scale marketing marketing-connector MarketingCloudSandboxMain 18091 8 50 "$MARKETING_COUNT" PB_TOPIC_MARKETING \
  PB_MARKETING_URL="http://127.0.0.1:18091/sap/opu/odata/sap/API_MKT_CONTACT_SRV;v=0004" PB_MARKETING_USER=BENCH \
  PB_MARKETING_PASSWORD=bench PB_MARKETING_MAX_IN_FLIGHT=8 PB_MARKETING_BATCH_SIZE=50
scale c4c service-connector C4CSandboxMain 18092 4 10 "$C4C_COUNT" PB_TOPIC_SERVICE \
  PB_C4C_URL="http://127.0.0.1:18092/sap/c4c/odata/v1/c4codataapi" PB_C4C_USER=BENCH PB_C4C_PASSWORD=bench \
  PB_C4C_MAX_IN_FLIGHT=4 PB_C4C_BATCH_SIZE=10
echo "bench: $(nproc) cores, load: $(uptime | sed 's/.*load average: //')"
