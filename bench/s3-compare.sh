#!/usr/bin/env bash
# Object-storage benchmark: Cumulo's S3 API against s3proxy (filesystem backend) in one session,
# on loopback, plus the disk peer (a plain fsync'd sequential file write in the same directory).
#
#   bench/s3-compare.sh [runs=3] [seconds=10]
#
# Builds nothing: run `./mvnw -q -B -DskipTests install` (JAVA_HOME at a JDK 25) first, so that
# cumulo-server/target/cumulo.jar and bench/target/{classes,lib} exist. Fetches the s3proxy jar
# into ~/.m2 if it is missing. Each round runs small then large against both servers, alternating
# which goes first, then the disk peer; the table reports medians over the rounds and every raw
# RESULT line is kept in $WORK/results.txt (printed at the end). Targets are judged on the median of
# the per-round ratios, since other load on a shared machine drifts between rounds.
#
# s3proxy 4.1.0 (shaded Jetty 12.1) starts and serves the SDK's requests on JDK 25 without extra
# JVM flags (no --add-opens needed, no warnings). SERVER_JAVA_OPTS (default empty) gives both
# servers the same extra JVM flags; BENCH_DRIVER_OPTS (default empty) are the drivers' JVM flags
# (bench/run-all passes -Dcumulo.bench.results there).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=../scripts/java-home.sh
source "$root/scripts/java-home.sh"
java="$JAVA_HOME/bin/java"
cd "$root"

runs="${1:-3}"
seconds="${2:-10}"
# Both servers run with the same JVM flags: none (JVM defaults, as ./cumulo) unless given here.
read -r -a server_jvm <<<"${SERVER_JAVA_OPTS:-}"
cumulo_jar="$root/cumulo-server/target/cumulo.jar"
s3proxy_jar="$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar"
cp="$root/bench/target/classes:$root/bench/target/lib/*"

for needed in "$cumulo_jar" "$root/bench/target/classes/io/cumulo/bench/S3LoadDriver.class"; do
  if [[ ! -e "$needed" ]]; then
    echo "s3-compare: $needed is missing; run ./mvnw -q -B -DskipTests install first" >&2
    exit 1
  fi
done
if [[ ! -f "$s3proxy_jar" ]]; then
  ./mvnw -q -B dependency:get -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
    -Dtransitive=false
fi

work="$(mktemp -d /tmp/s3-compare.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work/cumulo" "$work/s3proxy" "$work/disk"
  echo "s3-compare: logs and raw results kept in $work" >&2
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

json_field() { # json_field FILE dotted.path
  python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for part in sys.argv[2].split("."):
    value = value[part]
print(value)' "$1" "$2"
}

wait_until() { # wait_until SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what="$2"
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "s3-compare: $what did not come up; see $work/*.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# Cumulo: picks its own free S3 port and publishes the URL in server.json.
"$java" "${server_jvm[@]}" -jar "$cumulo_jar" server --data "$work/cumulo" --port 0 --s3-port 0 \
  >"$work/cumulo.log" 2>&1 &
pids+=($!)
cumulo_pid=$!
wait_until 60 "Cumulo" test -s "$work/cumulo/server.json"
cumulo_url="$(json_field "$work/cumulo/server.json" s3Url)"
cumulo_key="$(json_field "$work/cumulo/credentials.json" root.accessKeyId)"
cumulo_secret="$(json_field "$work/cumulo/credentials.json" root.secretKey)"

s3proxy_port="$(free_port)"
s3proxy_url="http://127.0.0.1:$s3proxy_port"
s3proxy_key="bench-identity"
s3proxy_secret="bench-credential-$RANDOM$RANDOM"
mkdir -p "$work/s3proxy" "$work/disk"
cat >"$work/s3proxy.properties" <<EOF
s3proxy.endpoint=$s3proxy_url
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$s3proxy_key
s3proxy.credential=$s3proxy_secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3proxy
EOF
"$java" "${server_jvm[@]}" -jar "$s3proxy_jar" --properties "$work/s3proxy.properties" \
  >"$work/s3proxy.log" 2>&1 &
pids+=($!)
s3proxy_pid=$!
# Any HTTP answer (an anonymous request gets 403) means it is serving.
wait_until 60 "s3proxy" curl -s -o /dev/null "$s3proxy_url/"
wait_until 30 "Cumulo's S3 API" curl -s -o /dev/null "$cumulo_url/"
echo "s3-compare: Cumulo (pid $cumulo_pid) at $cumulo_url, s3proxy (pid $s3proxy_pid) at $s3proxy_url," \
  "work dir $work" >&2

results="$work/results.txt"
drive() { # drive TARGET MODE
  local url key secret pid
  case "$1" in
    cumulo) url="$cumulo_url" key="$cumulo_key" secret="$cumulo_secret" pid="$cumulo_pid" ;;
    s3proxy) url="$s3proxy_url" key="$s3proxy_key" secret="$s3proxy_secret" pid="$s3proxy_pid" ;;
  esac
  echo "s3-compare: $1 $2" >&2
  # Bounded: warm-up + two phases + deletes, well under the limit unless a server hangs.
  timeout $((4 * seconds + 120)) "$java" ${BENCH_DRIVER_OPTS:-} -cp "$cp" io.cumulo.bench.S3LoadDriver \
    "$url" "$key" "$secret" bench "$2" "" "$seconds" "" "$1" 2 "$pid" \
    2> >(tee -a "$work/driver.log" >&2) | tee -a "$work/driver.log" | grep '^RESULT' >>"$results"
}

for ((round = 1; round <= runs; round++)); do
  if ((round % 2 == 1)); then order=(cumulo s3proxy); else order=(s3proxy cumulo); fi
  for mode in small large; do
    for target in "${order[@]}"; do
      drive "$target" "$mode"
    done
  done
  echo "s3-compare: disk" >&2
  timeout 300 "$java" ${BENCH_DRIVER_OPTS:-} -cp "$cp" io.cumulo.bench.DiskWriteDriver "$work/disk" 64 10 disk \
    | tee -a "$work/driver.log" | grep '^RESULT' >>"$results"
done

echo
echo "Raw results ($runs rounds, ${seconds} s phases; load: $(uptime | sed 's/.*load average/load average/')):"
cat "$results"
echo
python3 - "$results" <<'EOF'
import statistics, sys

rows = {}
for line in open(sys.argv[1]):
    fields = dict(part.split("=", 1) for part in line.split()[1:])
    rows.setdefault((fields["target"], fields["mode"], fields["phase"]), []).append(fields)

def values(target, mode, phase, field):
    return [float(r[field]) for r in rows.get((target, mode, phase), [])]

def median(target, mode, phase, field):
    v = values(target, mode, phase, field)
    return statistics.median(v) if v else float("nan")

def paired(mode, phase, field, peer):
    """Median over rounds of the ratio within each round: steadier than a ratio of medians when
    other load on the machine drifts between rounds."""
    ours = values("cumulo", mode, phase, field)
    theirs = values(*peer, field)
    ratios = [a / b for a, b in zip(ours, theirs) if b]
    return statistics.median(ratios) if ratios else float("nan"), ratios

def cpu(mode, phase):
    return (f" {median('cumulo', mode, phase, 'server_cpu_ms_per_op'):.3f} /"
            f" {median('s3proxy', mode, phase, 'server_cpu_ms_per_op'):.3f} |"
            f" {median('cumulo', mode, phase, 'driver_cpu_ms_per_op'):.3f} /"
            f" {median('s3proxy', mode, phase, 'driver_cpu_ms_per_op'):.3f} |")

print("| workload | metric | Cumulo (median) | s3proxy (median) | peer | ratio of medians"
      " | per-round ratios (median) | target | server CPU ms/op Cumulo / s3proxy"
      " | driver CPU ms/op Cumulo / s3proxy |")
print("|---|---|---|---|---|---|---|---|---|---|")
for phase in ("put", "get"):
    c, s = median("cumulo", "small", phase, "ops_per_s"), median("s3proxy", "small", phase, "ops_per_s")
    p50 = [median(t, "small", phase, "p50_ms") for t in ("cumulo", "s3proxy")]
    p99 = [median(t, "small", phase, "p99_ms") for t in ("cumulo", "s3proxy")]
    pr, ratios = paired("small", phase, "ops_per_s", ("s3proxy", "small", phase))
    print(f"| 4 KiB {phase.upper()}, 16 clients | ops/s (p50 / p99 ms) | {c:,.0f} ({p50[0]:.2f} / {p99[0]:.2f})"
          f" | {s:,.0f} ({p50[1]:.2f} / {p99[1]:.2f}) | s3proxy | {c / s:.2f}x"
          f" | {', '.join(f'{r:.2f}' for r in ratios)} ({pr:.2f}x)"
          f" | >= 3x: {'met' if pr >= 3 else 'MISSED'} |" + cpu("small", phase))
disk = median("disk", "large", "write", "mib_per_s")
for phase in ("put", "get"):
    c, s = median("cumulo", "large", phase, "mib_per_s"), median("s3proxy", "large", phase, "mib_per_s")
    pr, ratios = paired("large", phase, "mib_per_s", ("disk", "large", "write"))
    print(f"| 64 MiB {phase.upper()}, 2 clients | MiB/s | {c:,.1f} | {s:,.1f} | disk fsync'd write {disk:,.1f}"
          f" | {c / disk:.0%} of disk | {', '.join(f'{r:.0%}' for r in ratios)} ({pr:.0%})"
          f" | >= 80% of disk: {'met' if pr >= 0.8 else 'MISSED'} |" + cpu("large", phase))
EOF
