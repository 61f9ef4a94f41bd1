#!/bin/sh
# Two replicas on one database (issue 5, item 5): the pipeline benchmark (200 requests, backup 500 ms serialized per
# course server, restore 1 s, parallelism 4 per replica) carried by two service processes, each
# `java -Xmx128m -jar service/target/jouvence.jar --config=…` with its own instance id, on one embedded PostgreSQL. Proves that
# no request was processed twice (backups and restores per course counted by the simulators, steps per request in the
# audit trail), says which instance did how many, the wall time and the ideal.
# Usage: bench/replicas.sh [--instances=2] [--requests=200] [--servers=1] [--backup-ms=500] [--restore-ms=1000]
#                          [--parallelism=4] [--restore-stand-in=sh|jvm] [--dir=/tmp/jouvence-bench] [--keep]
#        also: [--claim-cron=0/10+*+*+*+*+?] (scheduled claims on) [--jfr=DIR] (Flight Recording of the measured part)
# Needs: mvn -B -q -DskipTests package (run from the project root), sh, curl.
set -eu
cd "$(dirname "$0")/.."
[ -f demo/target/jouvence-demo.jar ] && [ -f service/target/jouvence.jar ] || mvn -B -q -DskipTests package
exec java -cp "demo/target/jouvence-demo.jar:demo/target/lib/*" bench.Bench replicas "$@"
