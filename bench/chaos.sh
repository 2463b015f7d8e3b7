#!/usr/bin/env bash
# The delivery-guarantee chaos scenario of ChaosIT (e2e) at full size: three replicas of each connector as processes,
# 6 partitions a topic, N profile events per connector (default 100,000) with several versions per UID out of order
# and poison records, while a replica is killed and restarted, one added and one removed, PostgreSQL cut off for 30 s,
# and the sandboxes answer 429/503 bursts and slow answers. Prints the figures the test checks (the test fails, and
# prints nothing it did not check, when any guarantee does not hold).
#   bench/chaos.sh [profiles, default 100000]
# Needs a JDK 17+; everything runs on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILES=${1:-100000}
./mvnw -q -B -ntp install -DskipTests
mkdir -p e2e/target
./mvnw -B -ntp verify -pl e2e -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ChaosIT -Dfailsafe.failIfNoSpecifiedTests=false -Dchaos.profiles="$PROFILES" > e2e/target/chaos-run.log 2>&1 \
  || { grep -E "FAIL|expected|Exception" e2e/target/chaos-run.log | head -20 >&2; echo "bench: chaos FAILED (see e2e/target/chaos-run.log)" >&2; exit 1; }
grep "chaos:" e2e/target/failsafe-reports/dev.profilebridge.e2e.ChaosIT-output.txt

