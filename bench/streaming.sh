#!/bin/sh
# Streaming benchmark (issue 5, item 5): a 2 GiB synthetic archive served by the Moodle simulator, carried by the
# packaged service at -Xmx128m, versus `curl -s -o` of the same download URL to the same disk, in the same run.
# Usage: bench/streaming.sh [--gib=2] [--dir=/tmp/jouvence-bench] [--keep]
# Needs: mvn -B -q -DskipTests package (run from the project root), curl, ~3x the archive size free under --dir.
set -eu
cd "$(dirname "$0")/.."
[ -f target/jouvence.jar ] || mvn -B -q -DskipTests package
exec java -cp "target/jouvence.jar:target/lib/*" bench.Bench streaming "$@"
