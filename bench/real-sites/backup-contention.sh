#!/bin/bash
# How much slower the old platform's backups get on this machine when the other core restores courses, without
# Jouvence: the floor under bench/real-sites.sh's wall times in its "sites" layout (issue 10, item 3).
#
# Usage (as root, the lab built and started): bench/real-sites/backup-contention.sh --lab=/tmp/moodle-lab2/lab.env [--rounds=3]
#
# The "sites" layout of real-sites.sh, by hand: every Apache process and the lab's PostgreSQL postmaster on CPU 0 (the
# backends it forks from then on, the old platform's, inherit it), the restores and their backends on CPU 1. Per round,
# on a lab reset to its snapshot, two windows in alternating order:
#   alone:   the 8 backups of the real-sites list (courses SERVER_COURSES_TEACHER1 twice, user data 0,1,0,1…), one after
#            the other, as one client calls the block's get_courses_zip; CPU 1 idle;
#   beside:  the same 8 backups while Jouvence's restore runner (one process after the other, as a worker would) restores
#            one archive again and again on CPU 1, its PostgreSQL backends moved to CPU 1 within 50 ms.
# Prints each backup's time (curl's time_total) and the sums. Leaves the lab reset and the CPU affinities as it found them.
# Never prints a token (they reach curl on its standard input).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LABENV=/tmp/moodle-lab/lab.env
ROUNDS=3
for a in "$@"; do
    case "$a" in
        --lab=*) LABENV=${a#*=} ;;
        --rounds=*) ROUNDS=${a#*=} ;;
        *) echo "usage: $0 [--lab=lab.env] [--rounds=3]" >&2; exit 2 ;;
    esac
done
die() { echo "backup-contention: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (taskset on Apache and PostgreSQL, runuser)"
[ -r "$LABENV" ] || die "cannot read $LABENV"
# shellcheck source=bench/real-sites/processes.sh
. "$ROOT/bench/real-sites/processes.sh"
URL=$(envget SERVER_URL); TOKEN=$(envget SERVER_TOKEN); MOODLE=$(envget CLIENT_DIRROOT)
CATEGORY=$(envget CLIENT_CATEGORY_RESTORED_ID); CLIENT_DB=$(envget CLIENT_DB); RESET=$(envget RESET_CMD)
PGDATA_DIR=$(envget LAB)/pg/data; PGHOST_LAB=$(envget PGHOST); PGPORT_LAB=$(envget PGPORT)
PGUSER_LAB=$(envget PGUSER); PGPASS=$(envget PGPASSWORD)
IFS=, read -ra COURSES <<< "$(envget SERVER_COURSES_TEACHER1)"
RUNNER="$ROOT/service/src/main/moodle/jouvence-restore.php"
WORK=$(mktemp -d); chmod 755 "$WORK"

pm_pid() { head -1 "$PGDATA_DIR/postmaster.pid"; }
APACHE_MASK=$(taskset -p "$(cat /var/run/apache2/apache2.pid)" | awk '{ print $NF }')
PM_MASK=$(taskset -p "$(pm_pid)" | awk '{ print $NF }')
LOAD_PID=""; REPIN_PID=""
cleanup() {
    rm -f "$WORK/run"; [ -n "$REPIN_PID" ] && kill_tree "$REPIN_PID"; [ -n "$LOAD_PID" ] && wait "$LOAD_PID" 2>/dev/null
    for p in $(pgrep -x apache2); do taskset -a -p "$APACHE_MASK" "$p" >/dev/null 2>&1 || true; done
    taskset -p "$PM_MASK" "$(pm_pid)" >/dev/null 2>&1 || true
    "$RESET" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

backup() { # backup COURSE USERS: one get_courses_zip; prints curl's time_total and the file record's id
    printf '%s' "$TOKEN" | curl -sf -m 300 -w ' %{time_total}\n' "$URL/webservice/rest/server.php?moodlewsrestformat=json" \
        --data-urlencode wstoken@- --data wsfunction=block_my_external_backup_restore_courses_get_courses_zip \
        --data username=teacher1 --data courseid="$1" --data withuserdatas="$2" \
        | sed -n 's/.*"filerecordid":\([0-9]*\).* \([0-9.]*\)$/\2 \1/p'
}
eight_backups() { # prints the 8 times and their sum
    local i t fid sum=0 times=()
    for (( i = 0; i < 8; i++ )); do
        read -r t fid <<< "$(backup "${COURSES[$(( i % ${#COURSES[@]} ))]}" $(( i % 2 )))"
        [ -n "$fid" ] || die "a backup failed"
        times+=("$t"); sum=$(awk -v a="$sum" -v b="$t" 'BEGIN { print a + b }')
    done
    echo "${times[*]} | $sum"
}

# the archive the restores repeat: course 6 (the lab's biggest) with user data
read -r _ fid <<< "$(backup "${COURSES[-1]}" 1)"
[ -n "$fid" ] || die "the archive's backup failed"
printf '%s' "$TOKEN" | curl -sf -m 300 -o "$WORK/load.mbz" --data-urlencode token@- --data filerecordid="$fid" \
    "$URL/blocks/my_external_backup_restore_courses/get_user_backup_course_webservice.php"
chmod 644 "$WORK/load.mbz"

for p in $(pgrep -x apache2); do taskset -a -p -c 0 "$p" >/dev/null; done
taskset -p -c 0 "$(pm_pid)" >/dev/null
taskset -p -c 1 $$ >/dev/null # the client side (curl, the loops): CPU 1, as Jouvence's JVM in the bench

start_load() {
    touch "$WORK/run"
    ( while [ -f "$WORK/run" ]; do
          taskset -c 1 runuser -u www-data -- php "$RUNNER" --moodle="$MOODLE" --file="$WORK/load.mbz" \
              --categoryid="$CATEGORY" --users=1 --enrolments=2 >> "$WORK/load.out" 2>&1 || true
      done ) &
    LOAD_PID=$!
    # moves them, asking PostgreSQL 20 times a second on one connection (moved too); as the lab's user, not through
    # runuser: a runuser killed here took its whole process group with it (this script, seen twice)
    ( backends_sql "$CLIENT_DB" \
          | PGPASSWORD="$PGPASS" psql -h "$PGHOST_LAB" -p "$PGPORT_LAB" -U "$PGUSER_LAB" -d postgres -X -q -At \
          | move_new_pids 1 ) &
    REPIN_PID=$!
    sleep 2 # the first restore under way
}
stop_load() {
    rm -f "$WORK/run"; wait "$LOAD_PID" 2>/dev/null || true; LOAD_PID=""
    { kill_tree "$REPIN_PID"; wait "$REPIN_PID"; } 2>/dev/null || true; REPIN_PID=""
}

echo "8 backups (s each | sum), Apache and the old platform's backends on CPU 0; restores on CPU 1 in 'beside'"
sums_alone=(); sums_beside=()
for (( r = 1; r <= ROUNDS; r++ )); do
    for w in $( (( r % 2 )) && echo "alone beside" || echo "beside alone"); do
        "$RESET" >/dev/null
        if [ "$w" = beside ]; then start_load; fi
        line=$(eight_backups)
        if [ "$w" = beside ]; then stop_load; fi
        echo "round $r $w: $line"
        if [ "$w" = alone ]; then sums_alone+=("${line##*| }"); else sums_beside+=("${line##*| }"); fi
    done
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
ma=$(median "${sums_alone[@]}"); mb=$(median "${sums_beside[@]}")
echo "medians of $ROUNDS: alone $ma s, beside restores $mb s: x$(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.2f", b / a }')"
echo "restores run beside: $(grep -c '"courseid"' "$WORK/load.out" 2>/dev/null || echo 0) (runner output lines with a course id)"
