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
  # BENCH_KEEP_WORK=1 keeps the services' logs and the servers' data for a look after the run.
  if [ -z "${BENCH_KEEP_WORK:-}" ]; then rm -rf "$WORK"; else echo "bench: work folder kept: $WORK"; fi
}
trap cleanup EXIT

require_wrk() { # called by the scripts that load with wrk; marketing.sh does not need it
  command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 2; }
}

build() { # modules...: bench/report builds everything once and sets BENCH_BUILT to the class paths' folder
  if [ -n "${BENCH_BUILT:-}" ]; then
    cp "$BENCH_BUILT/cp.txt" "$WORK/"
  else
    echo "bench: building"
    local modules
    modules=$(IFS=,; echo "stack-processes,$*")
    ./mvnw -q -B -ntp -Pbench -DskipTests install -pl "$modules" -am
    ./mvnw -q -B -ntp -pl stack-processes dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
  fi
  local_classes "$WORK/cp.txt"
}

# The class paths name this repository's modules as jars in ~/.m2, which another checkout's build (another branch) may
# have replaced since this one installed them: they are pointed at this checkout's target/classes instead.
local_classes() { # class-path file
  local entry module entries out=()
  IFS=: read -r -a entries < "$1" || true   # the file has no newline at its end
  for entry in "${entries[@]}"; do
    case "$entry" in
      */dev/profilebridge/*-SNAPSHOT/*.jar)
        module=$(basename "$(dirname "$(dirname "$entry")")")
        if [ -d "$module/target/classes" ]; then entry=$PWD/$module/target/classes; fi ;;
    esac
    out+=("$entry")
  done
  (IFS=:; echo "${out[*]}") > "$1"
}

classpath() { # module file: the module's runtime class path into $WORK/file (copied when bench/report built it)
  if [ -n "${BENCH_BUILT:-}" ] && [ -f "$BENCH_BUILT/$2" ]; then
    cp "$BENCH_BUILT/$2" "$WORK/$2"
  else
    ./mvnw -q -B -ntp -Pbench -pl "$1" dependency:build-classpath -Dmdep.outputFile="$WORK/$2" >/dev/null
  fi
  local_classes "$WORK/$2"
}

# figure id value baseline checked errors [note] [details]: one measured figure. Printed, and, under bench/report
# (BENCH_RESULTS set), added to the run's figures.tsv, from which the report refuses any figure counted over errors.
figure() {
  local id=$1 value=$2 baseline=$3 checked=$4 errors=$5 note=${6:-} details=${7:-}
  if [ "$errors" -gt 0 ] || [ "$checked" -le 0 ]; then
    printf 'bench: %-28s REFUSED: %s of %s checked answers were errors\n' "$id" "$errors" "$checked"
  elif [ -n "$baseline" ]; then
    awk -v id="$id" -v v="$value" -v b="$baseline" -v n="$note" \
      'BEGIN { printf "bench: %-28s %10.1f against %10.1f: ratio %.2f %s\n", id, v, b, v / b, n }'
  else
    printf 'bench: %-28s %10s %s\n' "$id" "$value" "$note"
  fi
  if [ -n "${BENCH_RESULTS:-}" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$value" "$baseline" "$checked" "$errors" "$note" "$details" \
      >> "$BENCH_RESULTS/figures.tsv"
  fi
}

# series name title bound: starts a delivered-over-time record (seconds, count) that sample() appends to, kept by
# bench/report for its throughput charts (in $WORK otherwise).
series() {
  SERIES_FILE=${BENCH_RESULTS:-$WORK}/series/$1.tsv
  mkdir -p "$(dirname "$SERIES_FILE")"
  printf '# title %s\n# bound %s\n' "$2" "$3" > "$SERIES_FILE"
}
sample() { # seconds count
  echo "$1	$2" >> "$SERIES_FILE"
}

wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "bench: $1 did not come up" >&2; return 1
}

start_infrastructure() { # Kafka on 19092, PostgreSQL on 15432
  local attempt pid
  # Up to three attempts: on a crowded machine (load 25 on 2 cores) PostgreSQL can miss its 10 s start-up wait.
  for attempt in 1 2 3; do
    echo "bench: starting Kafka and PostgreSQL"
    rm -rf "$WORK/data"
    java -cp "stack-processes/target/classes:$(cat "$WORK/cp.txt")" dev.profilebridge.stack.infrastructure.LocalInfrastructure \
      --data "$WORK/data" --postgres-port 15432 --kafka-port 19092 > "$WORK/infra.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    for _ in $(seq 1 90); do
      grep -qs '^ready' "$WORK/infra.log" && return 0
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    grep -v '^\s*at ' "$WORK/infra.log" | tail -5
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    echo "bench: infrastructure did not start (attempt $attempt)"
  done
  exit 1
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

# wrk_post label url header-line body-file connections seconds expected-text: loads the URL with wrk and checks every
# answer (a 2xx whose body contains expected-text; socket errors and timeouts, 10 s, count as errors too). Prints a result
# line and leaves in $WORK/<label>.{rps,checked,errors,p50,p99} the good answers per second, the counts, and the
# latency percentiles in ms. A caller passes the errors on to figure(), which refuses a figure over any.
wrk_post() {
  local label=$1 url=$2 header=$3 body=$4 connections=$5 seconds=$6 expect=$7
  cat > "$WORK/post.lua" <<LUA
local f = io.open("$body", "rb"); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.headers["$(echo "$header" | cut -d: -f1)"] = "$(echo "$header" | cut -d: -f2- | sed 's/^ //')"
wrk.headers["Content-Type"] = "$(case "$body" in *.json) echo application/json;; *) echo application/x-www-form-urlencoded;; esac)"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) good = 0; bad = 0; expect = args[1]; firstBad = "" end
function response(status, headers, body)
  if status >= 200 and status < 300 and body ~= nil and body:find(expect, 1, true) then
    good = good + 1
  else
    if bad == 0 then firstBad = status .. " " .. string.sub(body or "", 1, 300) end
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local good, bad, firstBad = 0, 0, ""
  for _, t in ipairs(threads) do
    good = good + t:get("good"); bad = bad + t:get("bad")
    if firstBad == "" then firstBad = t:get("firstBad") end
  end
  local e = summary.errors
  io.write(string.format("checked good=%d bad=%d socket=%d seconds=%.3f p50ms=%.3f p99ms=%.3f\\n", good, bad,
    e.connect + e.read + e.write + e.timeout, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
  if firstBad ~= "" then io.write("first wrong answer: " .. firstBad .. "\\n") end
end
LUA
  wrk -t2 -c"$connections" -d5s --timeout 10s -s "$WORK/post.lua" "$url" -- "$expect" > /dev/null
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s "$WORK/post.lua" "$url" -- "$expect" > "$WORK/$label.txt"
  local line good bad socket
  line=$(grep '^checked ' "$WORK/$label.txt") || { cat "$WORK/$label.txt" >&2; echo "bench: wrk printed no check" >&2; exit 1; }
  field() { echo "$line" | sed "s/.* $1=\\([0-9.]*\\).*/\\1/"; }
  good=$(field good); bad=$(field bad); socket=$(field socket)
  echo $((good + bad + socket)) > "$WORK/$label.checked"
  echo $((bad + socket)) > "$WORK/$label.errors"
  awk -v g="$good" -v s="$(field seconds)" 'BEGIN { printf "%.1f\n", g / s }' > "$WORK/$label.rps"
  field p50ms > "$WORK/$label.p50"; field p99ms > "$WORK/$label.p99"
  printf '%-40s %10.0f good answers/s   p50 %8s ms   p99 %8s ms   errors %s of %s\n' "$label" "$(cat "$WORK/$label.rps")" \
    "$(cat "$WORK/$label.p50")" "$(cat "$WORK/$label.p99")" "$(cat "$WORK/$label.errors")" "$(cat "$WORK/$label.checked")"
  grep '^first wrong answer' "$WORK/$label.txt" >&2 || true
}

# start_connector_bench module sandbox-main sandbox-port latency-ms: builds the connector and the event producer,
# starts Kafka, PostgreSQL and the SAP sandbox (user BENCH, password bench) for a connector benchmark.
start_connector_bench() {
  local module=$1 main=$2 port=$3 latency=$4
  build "$module" bench/load-tools
  classpath bench/load-tools kafka-cp.txt
  start_infrastructure
  # ZGC: the sandbox holds every contact it stored, and G1's young pauses copying them grew to 100-200 ms, answers
  # that left well after L (p99 222 ms for L = 100 ms) and would have been charged to the connector.
  java -XX:+UseZGC -cp "stack-processes/target/classes:$(cat "$WORK/cp.txt")" "dev.profilebridge.sandbox.$main" \
    --port "$port" --user BENCH --password bench --latency-ms "$latency" > "$WORK/sandbox.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 30); do grep -q '^ready' "$WORK/sandbox.log" && break; sleep 1; done
}
