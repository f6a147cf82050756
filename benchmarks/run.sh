#!/usr/bin/env bash
# Builds the benchmarks jar and runs one benchmark on a JDK 25, from the repository root:
#
#   benchmarks/run.sh b1 [--quick] [options]      (b1 | b2 | b3 | b4 | b5 | b6 | b7 | b8; --help for a benchmark's options)
#   benchmarks/run.sh b5 --headline               (the 25,000-message headline, about 10 minutes)
#
# SKIP_BUILD=1 runs the jar as it is. The JDK is $JAVA_HOME's or PATH's java if it is 25 or newer, otherwise the
# first JDK 25+ that Maven's toolchain discovery found (~/.m2/discovered-jdk-toolchains-cache.xml) or that lives
# under /usr/lib/jvm.
set -euo pipefail
cd "$(dirname "$0")/.."

feature_version() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

find_java() {
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    if [ -f "$HOME/.m2/discovered-jdk-toolchains-cache.xml" ]; then
        while IFS= read -r home; do
            candidates+=("$home/bin/java")
        done < <(sed -n 's:.*<jdkHome>\(.*\)</jdkHome>.*:\1:p' "$HOME/.m2/discovered-jdk-toolchains-cache.xml")
    fi
    for home in /usr/lib/jvm/*; do
        candidates+=("$home/bin/java")
    done
    for java in "${candidates[@]}"; do
        if [ -x "$java" ] && [ "$(feature_version "$java" || echo 0)" -ge 25 ] 2>/dev/null; then
            echo "$java"
            return 0
        fi
    done
    return 1
}

if [ "$#" -eq 0 ]; then
    sed -n '2,9p' "$0"
    exit 2
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    sh ./mvnw -q -pl benchmarks -am package -DskipTests
fi
java=$(find_java) || { echo "no JDK 25 or newer found: set JAVA_HOME" >&2; exit 1; }
# Pekko (inside the embedded SQS) and JMH still call sun.misc.Unsafe; JDK 25 warns about it unless allowed.
exec "$java" --sun-misc-unsafe-memory-access=allow -jar benchmarks/target/slack-relay-benchmarks.jar "$@"
