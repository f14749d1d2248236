# Sourced by ./cumulo and ./verify: exports JAVA_HOME pointing at a JDK 25 or newer, keeping the
# caller's JAVA_HOME when it already is one, else looking under /usr/lib/jvm.

java_major() { # prints the major version of the JDK at $1, or nothing
  [[ -x "$1/bin/java" && -x "$1/bin/javac" ]] || return 0
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

if [[ -z "${JAVA_HOME:-}" || "$(java_major "$JAVA_HOME")" -lt 25 ]] 2>/dev/null; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    major="$(java_major "$candidate")"
    if [[ -n "$major" && "$major" -ge 25 ]]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
  if [[ -z "$JAVA_HOME" ]]; then
    echo "cumulo: no JDK 25 found; install one (e.g. temurin-25-jdk) or set JAVA_HOME to it" >&2
    exit 1
  fi
fi
export JAVA_HOME
