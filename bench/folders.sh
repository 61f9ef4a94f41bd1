#!/bin/sh
# Collaborative folders benchmark (issue 13): a course of 200 groups x 30 members, the simulated Nextcloud answering
# each call after 5 ms; the service provisions a new folder set from empty, then reconciles it unchanged; the plugin's
# way (bench.PluginWay: per participant, one after the other, a PROPFIND per path segment + MKCOL, then the share)
# provisions the same. Cloud calls by method and wall time of each, medians of --runs.
# Usage: bench/folders.sh [--groups=200] [--members=30] [--latency-ms=5] [--runs=3] [--plugin=false] [--plugin-runs=N]
#                         (the plugin's way in the first N runs only: ~6 min a run at 200 x 30)
#                         [--jouvence.<property>=<value>] (a service property, e.g. --jouvence.folders.parallelism=1)
#                         [--dir=/tmp/jouvence-bench] [--keep]
# Needs: mvn -B -q -DskipTests package (run from the project root).
set -eu
cd "$(dirname "$0")/.."
[ -f demo/target/jouvence-demo.jar ] && [ -f service/target/jouvence.jar ] || mvn -B -q -DskipTests package
exec java -cp "demo/target/jouvence-demo.jar:demo/target/lib/*" bench.Bench folders "$@"
