#!/usr/bin/env bash
# Loads a plain Jetty handler and a gateway route to a no-op function with wrk, on loopback, in the
# same session: 3 runs of 10 s each, 2 threads, 32 connections. Needs wrk (apt-get install -y wrk)
# and a build: ./mvnw -q -B -DskipTests package (JAVA_HOME at a JDK 25). Run from the repo root.
set -euo pipefail
CP="bench/target/classes:bench/target/lib/*"
log=$(mktemp)
"$JAVA_HOME/bin/java" -Xmx1g -Dcumulo.testFunctionsJar="$PWD/testing/functions/target/test-functions.jar" \
  -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" io.cumulo.bench.GatewayBenchServer >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q '^gateway ' "$log" && break; sleep 0.2; done
plain=$(awk '/^plain /{print $2}' "$log")
gateway=$(awk '/^gateway /{print $2}' "$log")
for url in "$plain" "$gateway"; do
  wrk -t2 -c32 -d3s "$url" >/dev/null   # warm-up
  for run in 1 2 3; do
    echo "== $url run $run"
    wrk -t2 -c32 -d10s --latency "$url" | grep -E '^Requests/sec|^ +(50|99)% |Non-2xx'
  done
done
