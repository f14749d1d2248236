#!/usr/bin/env bash
# Loads four peers with wrk, on loopback, in the same session: a plain Jetty handler, a gateway route
# to a no-op function, a gateway route to a service replica (BenchService) and that replica directly.
# Each gets a 3 s warm-up and 3 runs of 10 s, 2 threads, 32 connections (saturating). Then the
# function route, the service route and the replica get 3 more runs on 1 connection: for the function
# an approximation of half its peak rate (wrk cannot fix a rate and wrk2 is not packaged in Debian;
# the script prints which fraction of the peak it was), for the service pair the proxy's cost without
# queueing. Prints every run, then the medians, the ratios and the proxy overhead. Needs wrk (apt-get install -y wrk) and a build: ./mvnw -q -B -DskipTests install (JAVA_HOME
# at a JDK 25). Run from the repo root; takes about 4 minutes. WRK_RUNS (default 3) and WRK_SECONDS
# (default 10) shorten it (bench/run-all --quick). Each run also prints a machine-readable line
# "RESULT subject=NAME req_per_s=... p50_ms=... p75_ms=... p90_ms=... p99_ms=..." on stdout.
set -euo pipefail
runs="${WRK_RUNS:-3}"
seconds="${WRK_SECONDS:-10}"
CP="bench/target/classes:bench/target/lib/*"
log=$(mktemp)
results=$(mktemp)
"$JAVA_HOME/bin/java" -Xmx1g -Dcumulo.testFunctionsJar="$PWD/testing/functions/target/test-functions.jar" \
  -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" io.cumulo.bench.GatewayBenchServer >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log" "$results"' EXIT
for _ in $(seq 1 300); do grep -q '^direct ' "$log" && break; kill -0 $pid 2>/dev/null || break; sleep 0.2; done
grep -q '^direct ' "$log" || { cat "$log"; echo "bench server did not start" >&2; exit 1; }

# Runs wrk $runs times against $2 with $3 connections; appends "peer req/s p50_us p99_us" per run.
measure() {
  local name=$1 url=$2 conns=$3
  local threads=$((conns < 2 ? conns : 2))
  wrk -t"$threads" -c"$conns" -d3s "$url" >/dev/null   # warm-up
  for run in $(seq 1 "$runs"); do
    out=$(wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "$url")
    if grep -q 'Non-2xx\|Socket errors' <<<"$out"; then grep 'Non-2xx\|Socket errors' <<<"$out" >&2; fi
    awk -v name="$name" -v run="$run" -v results="$results" '
      function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; return v * 1000000 }
      /^ +50% / { p50 = us($2) } /^ +75% / { p75 = us($2) } /^ +90% / { p90 = us($2) }
      /^ +99% / { p99 = us($2) } /^Requests\/sec/ { rps = $2 }
      END { printf "%s %.0f %.0f %.0f\n", name, rps, p50, p99 >> results
            printf "RESULT subject=%s req_per_s=%.0f p50_ms=%.4f p75_ms=%.4f p90_ms=%.4f p99_ms=%.4f\n", \
              name, rps, p50 / 1000, p75 / 1000, p90 / 1000, p99 / 1000
            printf "%-16s run %d: %8.0f req/s  p50 %7.0f us  p99 %7.0f us\n", name, run, rps, p50, p99 > "/dev/stderr" }
    ' <<<"$out"
  done
}
url() { awk -v k="$1" '$1 == k {print $2}' "$log"; }
measure plain "$(url plain)" 32
measure function "$(url function)" 32
measure service "$(url service)" 32
measure direct "$(url direct)" 32
measure function-c1 "$(url function)" 1
measure service-c1 "$(url service)" 1
measure direct-c1 "$(url direct)" 1

echo
echo "uptime: $(uptime)"
# Median of the 3 runs of each field, per peer, then the targets of issue 4.
awk '
  # Median of field f over the n runs of peer k (insertion sort: mawk has no asort).
  function median(f, k,   i, j, m, v, t) {
    m = n[k]
    for (i = 1; i <= m; i++) v[i] = f == 2 ? r[k, i] : f == 3 ? p50[k, i] : p99[k, i]
    for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }
  { n[$1]++; r[$1, n[$1]] = $2; p50[$1, n[$1]] = $3; p99[$1, n[$1]] = $4 }
  END {
    split("plain function service direct function-c1 service-c1 direct-c1", peers, " ")
    for (i = 1; i <= 7; i++) {
      k = peers[i]
      R[k] = median(2, k); P50[k] = median(3, k); P99[k] = median(4, k)
      printf "median %-12s %8.0f req/s  p50 %7.0f us  p99 %7.0f us\n", k, R[k], P50[k], P99[k]
    }
    printf "function/plain req/s: %.2f (target >= 0.70)\n", R["function"] / R["plain"]
    printf "service/direct req/s: %.2f\n", R["service"] / R["direct"]
    printf "function -c1 rate: %.2f of -c32 peak, p99 %.0f us (target <= 2000 us at half load)\n", \
      R["function-c1"] / R["function"], P99["function-c1"]
    printf "proxy overhead p50 at -c32: %.0f us (target <= 200 us)\n", P50["service"] - P50["direct"]
    printf "proxy overhead p50 at -c1: %.0f us\n", P50["service-c1"] - P50["direct-c1"]
  }
' "$results"
