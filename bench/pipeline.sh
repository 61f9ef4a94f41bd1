#!/bin/sh
# Pipeline benchmark (issue 5, item 5): 200 requests, simulated backup 500 ms (serialized per course server by
# Jouvence's gate), simulated restore 1 s (bench/restore-stand-in.sh: sh + curl asking the simulator, which sleeps),
# jouvence.restore.parallelism=4; wall time against max(sum of backups per server, sum of restores / parallelism)
# and against the plugin's sequential sum of (backup + restore).
# Usage: bench/pipeline.sh [--requests=200] [--servers=1] [--backup-ms=500] [--restore-ms=1000] [--parallelism=4]
#                          [--restore-stand-in=sh|jvm] [--max-minutes=10] [--dir=/tmp/jouvence-bench] [--keep]
#        also: [--claim-cron=0/10+*+*+*+*+?] (scheduled claims on) [--jfr=DIR] (Flight Recording of the measured part)
# Needs: mvn -B -q -DskipTests package (run from the project root), sh, curl.
set -eu
cd "$(dirname "$0")/.."
[ -f demo/target/jouvence-demo.jar ] && [ -f service/target/jouvence.jar ] || mvn -B -q -DskipTests package
exec java -cp "demo/target/jouvence-demo.jar:demo/target/lib/*" bench.Bench pipeline "$@"
