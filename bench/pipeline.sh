#!/bin/sh
# Pipeline benchmark (issue 5, item 5): 200 requests, simulated backup 500 ms (serialized per course server by
# Jouvence's gate), simulated restore 1 s (plus the start of one simulator.RestoreCli JVM per restore),
# jouvence.restore.parallelism=4; wall time against max(sum of backups per server, sum of restores / parallelism)
# and against the plugin's sequential sum of (backup + restore).
# Usage: bench/pipeline.sh [--requests=200] [--servers=1] [--backup-ms=500] [--restore-ms=1000] [--parallelism=4]
#                          [--max-minutes=6] [--dir=/tmp/jouvence-bench]
set -eu
cd "$(dirname "$0")/.."
[ -f target/jouvence.jar ] || mvn -B -q -DskipTests package
exec java -cp "target/jouvence.jar:target/lib/*" bench.Bench pipeline "$@"
