#!/bin/sh
# Overhead benchmark (issue 5, item 5): 10 000 requests against zero-latency simulated Moodles (backup 0 ms, restore
# 0 ms), one course server, jouvence.restore.parallelism=4: requests per second (wall) and CPU per request of the
# service process (utime+stime from /proc/<pid>/stat before and after, divided by the count); the restore stand-ins
# (bench/restore-stand-in.sh, children of the service), PostgreSQL and the simulators are counted apart.
# Usage: bench/overhead.sh [--requests=10000] [--servers=1] [--parallelism=4] [--max-minutes=30]
#                          [--restore-stand-in=sh|jvm] [--dir=/tmp/jouvence-bench] [--keep]
#        also: [--claim-cron=0/10+*+*+*+*+?] (scheduled claims on) [--jfr=DIR] (Flight Recording of the measured part)
# Needs: mvn -B -q -DskipTests package (run from the project root), sh, curl.
set -eu
cd "$(dirname "$0")/.."
[ -f demo/target/jouvence-demo.jar ] && [ -f service/target/jouvence.jar ] || mvn -B -q -DskipTests package
exec java -cp "demo/target/jouvence-demo.jar:demo/target/lib/*" bench.Bench overhead "$@"
