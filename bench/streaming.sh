#!/bin/sh
# Streaming benchmark (issue 5, item 5): a 2 GiB synthetic archive served by the Moodle simulator, carried by the
# packaged service at -Xmx128m, versus `curl -s -o` of the same download URL to the same disk, in the same run; each
# round is one download by the service then one by curl; a first warm-up round (cold JIT) is shown but not counted.
# Usage: bench/streaming.sh [--gib=2] [--rounds=3] [--warmup=1] [--dir=/tmp/jouvence-bench] [--keep]
# Needs: mvn -B -q -DskipTests package (run from the project root), curl, ~3x the archive size free under --dir.
set -eu
cd "$(dirname "$0")/.."
[ -f demo/target/jouvence-demo.jar ] && [ -f service/target/jouvence.jar ] || mvn -B -q -DskipTests package
exec java -cp "demo/target/jouvence-demo.jar:demo/target/lib/*" bench.Bench streaming "$@"
