# Shared by the benchmark scripts: build, start the embedded servers and services, stop them all on exit.
# Source it from a script that ran `cd` to the repository root.
set -euo pipefail
WORK=$(mktemp -d)
PIDS=()
KEK=$(head -c 32 /dev/urandom | base64)
ADMIN_ID=bench-admin
ADMIN_SECRET=bench-admin-secret

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

require_wrk() { # called by the scripts that load with wrk; marketing.sh does not need it
  command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
}

build() { # modules...
  echo "bench: building"
  local modules
  modules=$(IFS=,; echo "stack-processes,$*")
  ./mvnw -q -B -ntp -Pbench -DskipTests install -pl "$modules" -am
  ./mvnw -q -B -ntp -pl stack-processes dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
}

wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "bench: $1 did not come up" >&2; return 1
}

start_infrastructure() { # Kafka on 19092, PostgreSQL on 15432
  echo "bench: starting Kafka and PostgreSQL"
  java -cp "stack-processes/target/classes:$(cat "$WORK/cp.txt")" dev.profilebridge.stack.infrastructure.LocalInfrastructure \
    --data "$WORK/data" --postgres-port 15432 --kafka-port 19092 > "$WORK/infra.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 90); do grep -q '^ready' "$WORK/infra.log" && break; sleep 1; done
  grep -q '^ready' "$WORK/infra.log" || { cat "$WORK/infra.log"; exit 1; }
}

start_service() { # name port [ENV=value...]: runs <name>/target/quarkus-app on the embedded servers; sets SERVICE_PID
  local name=$1 port=$2
  shift 2
  env PB_DB_PORT=15432 PB_DB_NAME=postgres PB_DB_USER=postgres PB_DB_PASSWORD=postgres \
    PB_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092 PB_TOKEN_KEY_ENCRYPTION_KEY="$KEK" \
    PB_TOKEN_ISSUER=http://127.0.0.1:18081 PB_TOKEN_JWKS_URL=http://127.0.0.1:18081/.well-known/jwks.json \
    PB_TOKEN_REVOCATIONS_URL=http://127.0.0.1:18081/oauth/revocations \
    PB_BOOTSTRAP_ADMIN_CLIENT_ID=$ADMIN_ID PB_BOOTSTRAP_ADMIN_CLIENT_SECRET=$ADMIN_SECRET \
    QUARKUS_HTTP_PORT="$port" QUARKUS_LOG_LEVEL=WARN "$@" \
    java -Xmx1g -jar "$name/target/quarkus-app/quarkus-run.jar" > "$WORK/$name-$port.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
  wait_for "http://127.0.0.1:$port/q/health/ready" 90 || { tail -30 "$WORK/$name-$port.log"; exit 1; }
}

register_client() { # client id, scope: prints the new client's secret (token-service on 18081)
  local admin
  admin=$(curl -fs -u "$ADMIN_ID:$ADMIN_SECRET" -d grant_type=client_credentials http://127.0.0.1:18081/oauth/token \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"clientId\":\"$1\",\"scopes\":[\"$2\"]}" http://127.0.0.1:18081/admin/clients \
    | sed 's/.*"clientSecret":"\([^"]*\)".*/\1/'
}

# wrk_post label url header-line body-file connections seconds: prints a result line, leaves $WORK/<label>.rps
wrk_post() {
  local label=$1 url=$2 header=$3 body=$4 connections=$5 seconds=$6
  cat > "$WORK/post.lua" <<LUA
local f = io.open("$body", "rb"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.headers["$(echo "$header" | cut -d: -f1)"] = "$(echo "$header" | cut -d: -f2- | sed 's/^ //')"
wrk.headers["Content-Type"] = "$(case "$body" in *.json) echo application/json;; *) echo application/x-www-form-urlencoded;; esac)"
LUA
  wrk -t2 -c"$connections" -d5s -s "$WORK/post.lua" "$url" > /dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$WORK/post.lua" "$url" > "$WORK/$label.txt"
  local rps non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$label.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/$label.txt")
  printf '%-40s %10.0f req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$label" "$rps" \
    "$(awk '$1=="50%" {print $2}' "$WORK/$label.txt")" "$(awk '$1=="99%" {print $2}' "$WORK/$label.txt")" "${non2xx:-0}"
  echo "$rps" > "$WORK/$label.rps"
}

# start_connector_bench module sandbox-main sandbox-port latency-ms: builds the connector and the event producer,
# starts Kafka, PostgreSQL and the SAP sandbox (user BENCH, password bench) for a connector benchmark.
start_connector_bench() {
  local module=$1 main=$2 port=$3 latency=$4
  build "$module" bench/load-tools
  ./mvnw -q -B -ntp -Pbench -pl bench/load-tools dependency:build-classpath -Dmdep.outputFile="$WORK/kafka-cp.txt" >/dev/null
  start_infrastructure
  # ZGC: the sandbox holds every contact it stored, and G1's young pauses copying them grew to 100-200 ms, answers
  # that left well after L (p99 222 ms for L = 100 ms) and would have been charged to the connector.
  java -XX:+UseZGC -cp "stack-processes/target/classes:$(cat "$WORK/cp.txt")" "dev.profilebridge.sandbox.$main" \
    --port "$port" --user BENCH --password bench --latency-ms "$latency" > "$WORK/sandbox.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 30); do grep -q '^ready' "$WORK/sandbox.log" && break; sleep 1; done
}
