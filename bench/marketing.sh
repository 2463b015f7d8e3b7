#!/usr/bin/env bash
# marketing-connector benchmark (Little's law): with sandbox latency L per request, in-flight limit C and batch size
# B, no connector can deliver more than C*B/L profiles per second. Measures delivered profiles/s for L = 100 ms,
# C = 8, B = 50 (bound 4,000/s), cold (a fresh process on the backlog, first, on an empty sandbox: a first load) and
# warm (after a warm-up backlog), and, in the same run, one record per request (B = 1, bound 80/s; a twentieth of the
# profiles), the seed's setup.
#   bench/marketing.sh [profiles for B=50, default 40000] [warm-up profiles for B=50, default 100000]
# The measured profiles follow a warm-up backlog in the same topic, delivered by the same process first: the rate is
# the steady state of a running connector, not its JIT compiler's first seconds (a warm-up of 0 measures those). The
# compilers need long: a profile of the connector in a run with a 20,000-profile warm-up showed 37 s of compilation in
# its 34 s of life (two compiler threads on two cores), so that "warm" figure still paid for the JIT.
# Needs a JDK 17+. Loopback ports: 18082 marketing-connector, 18091 sandbox, 15432 PostgreSQL, 19092 Kafka.
cd "$(dirname "$0")/.."
source bench/lib.sh
COUNT=${1:-40000}
WARMUP=${2:-100000}
LATENCY_MS=100
C=8

start_connector_bench marketing-connector MarketingCloudSandboxMain 18091 $LATENCY_MS

contacts() { curl -fs http://127.0.0.1:18091/sandbox/stats | sed 's/.*"contacts":\([0-9]*\).*/\1/'; }

measure() { # id, batch size, profiles, warm-up profiles: delivered profiles/s against C*B/L
  local id=$1 batch=$2 count=$3 warmup=$4 topic="bench.marketing.b$2.$RANDOM"
  java -cp "bench/load-tools/target/classes:$(cat "$WORK/kafka-cp.txt")" dev.profilebridge.bench.ProfileEventProducer \
    127.0.0.1:19092 "$topic" $((warmup + count)) "$topic" > /dev/null
  local base before bound=$((C * batch * 1000 / LATENCY_MS))
  base=$(contacts)
  before=$((base + warmup))
  series "$id" "Marketing Cloud, B = $batch, $count profiles after $warmup warm-up" "$bound"
  start_service marketing-connector 18082 PB_TOPIC_MARKETING="$topic" \
    PB_MARKETING_URL="http://127.0.0.1:18091/sap/opu/odata/sap/API_MKT_CONTACT_SRV;v=0004" \
    PB_MARKETING_USER=BENCH PB_MARKETING_PASSWORD=bench PB_MARKETING_MAX_IN_FLIGHT=$C PB_MARKETING_BATCH_SIZE="$batch" ${BENCH_CONNECTOR_ENV:-}
  # Rate between 10 % and 90 % of the backlog: start-up and the last partial batches are not the steady state.
  # The counts are those read at the two instants, not the thresholds: a 0.2 s poll overshoots them by up to 800.
  # Contacts are counted by key at the sandbox: a profile written twice counts once.
  local low=$((before + count / 10)) high=$((before + count * 9 / 10)) t_low="" t_high="" n_low n_high now n start
  start=$(date +%s.%N)
  for _ in $(seq 1 6000); do
    n=$(contacts); now=$(date +%s.%N)
    sample "$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.3f", b - a }')" $((n - base))
    [ -z "$t_low" ] && [ "$n" -ge "$low" ] && { t_low=$now; n_low=$n; }
    [ -n "$t_low" ] && [ "$n" -ge "$high" ] && { t_high=$now; n_high=$n; break; }
    sleep 0.2
  done
  # The figure counts only if every profile arrives: the missing ones are its errors.
  for _ in $(seq 1 300); do [ "$(contacts)" -ge $((before + count)) ] && break; sleep 0.2; done
  n=$(contacts)
  kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
  local rate missing=$((before + count - n))
  rate=$(awk -v n=$((n_high - n_low)) -v a="$t_low" -v b="$t_high" 'BEGIN { printf "%.1f", n / (b - a) }')
  figure "$id" "$rate" "$bound" $((warmup + count)) $((missing > 0 ? missing : 0)) "B=$batch C=$C L=${LATENCY_MS}ms"
  echo "$rate" > "$WORK/$id.rate"
}

measure marketing.cold 50 "$COUNT" 0
measure marketing.warm 50 "$COUNT" "$WARMUP"
measure marketing.b1 1 $((COUNT / 20)) $((WARMUP / 100))
echo
echo "bench: $(nproc) cores, load: $(uptime | sed 's/.*load average: //'); peak concurrent requests at the sandbox: $(curl -fs http://127.0.0.1:18091/sandbox/stats | sed 's/.*"peakConcurrentRequests":\([0-9]*\).*/\1/')"
awk -v a="$(cat "$WORK/marketing.warm.rate")" -v b="$(cat "$WORK/marketing.b1.rate")" \
  'BEGIN { printf "gain of batching (B=50 over B=1): %.1fx\n", a / b }'
