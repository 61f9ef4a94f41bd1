#!/bin/bash
# Plugin vs Jouvence on the two REAL Moodle 4.4.3+ sites of the moodle-lab kit (issue 10, item 3).
#
# Usage (as root, from anywhere; build first: mvn -B -q -o -DskipTests package):
#   bench/real-sites.sh [--lab=/tmp/moodle-lab/lab.env] [--n=8] [--rounds=1] [--parallelism=2]
#                       [--layouts=shared,pinned,sites] [--teachers=teacher1,teacher2] [--poll-ms=1000]
#                       [--warmup=2] [--opcache] [--workers] [--jouvence-prop=key=value ...] [--dir=/tmp/jouvence-real-sites]
#                       [--timeout=900] [--java-opt=OPTION ...] [--pg-statements] [--census] [--distinct]
#
# For each round and each layout, on the same lab (reset to its snapshot before each tool):
#   1. the N rows of the block's queue table (mdl_block_external_backuprestore of the new platform) are written as the
#      block's page writes them: the teacher1 courses of the lab (SERVER_COURSES_TEACHER1, e.g. 2,3,4,6), again and
#      again, user data 0,1,0,1…, enrolment mode 2, category 0, status 0. The k-th pass over the courses is asked by the
#      k-th of --teachers (a second teacher gets the editingteacher role in those courses on the old platform and an
#      account on the new one: bench/real-sites/second-teacher.php), because Jouvence refuses a second active request
#      of one requester for one course; the plugin does not care. With 4 courses the second pass asks exactly what the
#      first asked (course and user data): Jouvence makes one backup for both (jouvence.backup.share-archives), the
#      plugin one each. --distinct: user data 1,0,1,0… on even passes, so that no two rows ask the same backup
#      (8 rows: each course once with and once without user data) and nothing can be shared;
#   2. PLUGIN: its scheduled task, once (again while rows are left at 0), under /usr/bin/time -v;
#   3. JOUVENCE: started (and ready) BEFORE the rows are written, its bridge reading the same table; a running service
#      is a warm one: it first carries --warmup rows (the first ones of the same list) end to end, then the lab is reset
#      under it (not measured); the measured run ends when every row was written back; then it is stopped.
#   Odd rounds run the plugin first, even rounds Jouvence first. Checks: N rows at 2 and N new courses (and, for
#   Jouvence, N requests performed in its API); a failed check is reported and the script then exits 1.
# Layouts: shared = nothing pinned; pinned = every Apache process on CPU 0 (the old platform's side: backups and
# downloads; the kit's ONE Apache also serves the new platform's web services), each tool on CPU 1, the new platform's
# side: the plugin's task CLI (which also calls the web service and writes the download), Jouvence's JVM (which does
# those) and its restore runners; PostgreSQL (one cluster for both sites) is not pinned; sites = pinned, and the lab's
# ONE PostgreSQL split as two machines would have it: its backends of the old platform's database (and any new one) on
# CPU 0, those of the new platform's and of Jouvence's databases (the task CLI's, the runners' and Jouvence's
# connections, the bench's watcher) moved to CPU 1 within 50 ms of their start; its background processes not pinned.
# --jouvence-prop=key=value (repeatable): one more line of Jouvence's configuration, e.g. jouvence.restore.prefetch=2.
# --java-opt=OPTION (repeatable): one more option of Jouvence's JVM, e.g. --java-opt=-XX:TieredStopAtLevel=1.
# --workers: Jouvence restores with long-lived runners (jouvence.restore.worker-command = runuser -u www-data -- php
# {runner} --worker …: Moodle started once per restore slot) instead of one runner process per archive; their CPU is
# counted from the JVM's live descendants (and what they left in their parents' cutime when they ended).
# --opcache: both tools' PHP CLIs (the plugin's task, Jouvence's runner) get PHP's opcache with a file cache writable
# by www-data (-d opcache.enable_cli=1 -d opcache.file_cache=<dir>/opcache -d opcache.file_cache_only=1), as the
# README suggests for the runner; off by default (neither the plugin's cron nor Jouvence's default template has it).
# --pg-statements: each window's PostgreSQL statements by database (pg_stat_statements, reset at the window's start;
# the lab's cluster must preload it: ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements' and a restart).
# --census: every process's CPU and /proc/stat's fields over each window (bench/real-sites/processes.sh): what the tools'
# trees do not hold (the kernel's threads, interrupts, steal, the bench itself) named in the report.
# --warmup=K: K requests in passes of at most N, the JVM's CPU by kind of thread per pass in <dir>/<run>.warmup.
# Before the first round, not measured: one backup with and one without user data and their downloads, the plugin's
# task with one row and one runner restore (Apache's opcache, the OS's page cache and the file cache see the code).
# Measured (details in bench/README.md, "Plugin vs Jouvence on the real sites"): wall times, CPU from /proc/<pid>/stat
# (tool, restore children, Apache, the lab's PostgreSQL) and /proc/stat, peak memory, Apache access-log lines per
# request. Prints one table per round and layout (also in <dir>/report.md), keeps the logs in <dir>; leaves the lab
# reset, Jouvence stopped, its database jouvence_bench dropped, Apache's CPU affinity as it found it.
# Never prints a token or a password (lab.env has them; Jouvence's configuration is written mode 600 and deleted).
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LABENV=/tmp/moodle-lab/lab.env
N=8
ROUNDS=1
PARALLELISM=2
LAYOUTS=shared,pinned
TEACHERS=teacher1,teacher2
POLL_MS=1000
DIR=/tmp/jouvence-real-sites
TIMEOUT=900
WARMUP=2
OPCACHE=0
WORKERS=0
PGSS=0
CENSUS=0
DISTINCT=0
JPROPS=()
JOPTS=()
for a in "$@"; do
    case "$a" in
        --lab=*) LABENV=${a#*=} ;;
        --n=*) N=${a#*=} ;;
        --rounds=*) ROUNDS=${a#*=} ;;
        --parallelism=*) PARALLELISM=${a#*=} ;;
        --layouts=*) LAYOUTS=${a#*=} ;;
        --teachers=*) TEACHERS=${a#*=} ;;
        --poll-ms=*) POLL_MS=${a#*=} ;;
        --dir=*) DIR=${a#*=} ;;
        --timeout=*) TIMEOUT=${a#*=} ;;
        --warmup=*) WARMUP=${a#*=} ;;
        --opcache) OPCACHE=1 ;;
        --workers) WORKERS=1 ;;
        --pg-statements) PGSS=1 ;;
        --census) CENSUS=1 ;;
        --distinct) DISTINCT=1 ;;
        --jouvence-prop=*=*) JPROPS+=("${a#*=}") ;;
        --java-opt=*) JOPTS+=("${a#*=}") ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $a" >&2; usage >&2; exit 2 ;;
    esac
done

die() { echo "real-sites: $*" >&2; exit 1; }
say() { echo "[$(date +%H:%M:%S)] $*" >&2; }
[ "$(id -u)" = 0 ] || die "run as root (the lab's reset, runuser, taskset on Apache)"
for v in N ROUNDS PARALLELISM POLL_MS TIMEOUT; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "--${v,,} must be a positive integer"
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "--warmup must be a number"
[ -r "$LABENV" ] || die "cannot read $LABENV (--lab=path/lab.env; build the lab with moodle-lab/build.sh)"
JAR="$ROOT/service/target/jouvence.jar"
RUNNER="$ROOT/service/src/main/moodle/jouvence-restore.php"
HELPER="$ROOT/bench/real-sites/second-teacher.php"
[ -f "$JAR" ] || die "no $JAR: mvn -B -q -o -DskipTests package"
for c in taskset /usr/bin/time psql runuser curl java pgrep ss; do command -v "$c" >/dev/null || die "needs $c"; done
NCPU=$(getconf _NPROCESSORS_ONLN)
# shellcheck source=bench/real-sites/processes.sh
. "$ROOT/bench/real-sites/processes.sh"
HZ=$(getconf CLK_TCK)

# ------------------------------------------------------------------------------------------------ lab.env (no secret printed)
L_LAB=$(envget LAB)
L_SERVER_URL=$(envget SERVER_URL); L_CLIENT_URL=$(envget CLIENT_URL)
L_SERVER_DIRROOT=$(envget SERVER_DIRROOT); L_CLIENT_DIRROOT=$(envget CLIENT_DIRROOT)
L_PGHOST=$(envget PGHOST); L_PGPORT=$(envget PGPORT); L_PGSOCKETDIR=$(envget PGSOCKETDIR)
L_PGUSER=$(envget PGUSER); L_PGPASSWORD=$(envget PGPASSWORD)
L_SERVER_DB=$(envget SERVER_DB); L_CLIENT_DB=$(envget CLIENT_DB); L_PREFIX=$(envget DB_PREFIX)
L_SERVER_TOKEN=$(envget SERVER_TOKEN); L_CLIENT_TOKEN=$(envget CLIENT_TOKEN)
L_CATEGORY=$(envget CLIENT_CATEGORY_RESTORED_ID); L_ROLE=$(envget CLIENT_ROLE_EDITINGTEACHER_ID)
L_BLOCK_URL=$(envget CLIENT_PLUGIN_EXTERNAL_MOODLES_URL)
L_COURSES=$(envget SERVER_COURSES_TEACHER1)
L_RESET=$(envget RESET_CMD)
for v in L_LAB L_SERVER_URL L_CLIENT_URL L_CLIENT_DIRROOT L_PGPORT L_PGSOCKETDIR L_PGUSER L_CLIENT_DB L_SERVER_DB \
         L_SERVER_TOKEN L_CLIENT_TOKEN L_CATEGORY L_ROLE L_COURSES L_RESET; do
    [ -n "${!v}" ] || die "$LABENV has no ${v#L_}"
done
[ -n "$L_BLOCK_URL" ] || L_BLOCK_URL=$L_SERVER_URL
[[ "$L_PREFIX" =~ ^[a-z0-9_]{0,20}$ ]] || die "unexpected DB_PREFIX in $LABENV"
TABLE="${L_PREFIX}block_external_backuprestore"
IFS=, read -ra COURSES <<< "$L_COURSES"
IFS=, read -ra TEACHER_LIST <<< "$TEACHERS"
IFS=, read -ra LAYOUT_LIST <<< "$LAYOUTS"
for l in "${LAYOUT_LIST[@]}"; do [[ "$l" == shared || "$l" == pinned || "$l" == sites ]] || die "--layouts: shared, pinned, sites"; done
if [[ " ${LAYOUT_LIST[*]} " =~ " "(pinned|sites)" " ]] && [ "$NCPU" -lt 2 ]; then die "the pinned and sites layouts need 2 CPUs"; fi
if [ "$N" -gt $(( ${#COURSES[@]} * ${#TEACHER_LIST[@]} )) ]; then
    say "WARNING: $N rows > ${#COURSES[@]} courses x ${#TEACHER_LIST[@]} teachers: a (requester, course) pair repeats," \
        "and Jouvence refuses a second active request of one requester for one course (the run will say so)"
fi

mkdir -p "$DIR"; chmod 755 "$DIR"
DIR=$(cd "$DIR" && pwd)
REPORT="$DIR/report.md"
RESULTS="$DIR/results.tsv"
CONF="$DIR/jouvence.properties"
STAGING="$DIR/staging"
: > "$REPORT"
: > "$RESULTS"
runuser -u www-data -- test -r "$RUNNER" || die "www-data cannot read $RUNNER"
PHP_OPTS=()   # the PHP CLI's options, for both tools
if [ "$OPCACHE" = 1 ]; then
    mkdir -p "$DIR/opcache"; chown www-data: "$DIR/opcache"; chmod 700 "$DIR/opcache"
    PHP_OPTS=(-d opcache.enable_cli=1 -d "opcache.file_cache=$DIR/opcache" -d opcache.file_cache_only=1)
fi
runuser -u www-data -- test -r "$HELPER" || die "www-data cannot read $HELPER"

# ------------------------------------------------------------------------------------------------ helpers
q() { # q DB [psql args]: the lab's database user over TCP, unaligned output
    local db=$1; shift
    PGPASSWORD="$L_PGPASSWORD" psql -h "$L_PGHOST" -p "$L_PGPORT" -U "$L_PGUSER" -d "$db" -X -q -At -F'|' \
        -v ON_ERROR_STOP=1 "$@"
}
qa() { # qa [psql args]: the lab cluster's superuser (CREATE / DROP DATABASE)
    (cd / && runuser -u postgres -- psql -h "$L_PGSOCKETDIR" -p "$L_PGPORT" -U postgres -d postgres -X -q -At \
        -v ON_ERROR_STOP=1 "$@")
}
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
now() { echo "$EPOCHREALTIME"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); [ -z "$(ss -Htln "sport = :$p")" ] && { echo $p; return; }; done; }
asw() { (cd / && runuser -u www-data -- "$@"); }
ws() { # ws URL TOKEN FUNCTION [curl --data args]: a REST call; the token goes through stdin, never on a command line
    local url=$1 token=$2 fn=$3; shift 3
    printf '%s' "$token" | curl -sf -m 300 "$url/webservice/rest/server.php?moodlewsrestformat=json" \
        --data-urlencode wstoken@- --data wsfunction="$fn" "$@"
}
api_get() { printf 'Authorization: Bearer %s\n' "$API_TOKEN" | curl -s -m 10 -H @- "$API$1"; }

stat_of() { # stat_of PID -> "utime+stime cutime+cstime" in ticks (fields 14-17 of /proc/PID/stat), "0 0" if gone
    local line rest f
    if ! read -r line < "/proc/$1/stat" 2>/dev/null; then echo "0 0"; return; fi
    rest=${line##*) }
    read -ra f <<< "$rest"          # f[0] is field 3 (state): field k is f[k-3]
    echo "$(( f[11] + f[12] )) $(( f[13] + f[14] ))"
}
tree_ticks() { # tree_ticks PARENT_PID: the parent's own + reaped children's ticks + its live children's own ticks
    local pp=$1 s c total
    [ -n "$pp" ] && [ -d "/proc/$pp" ] || { echo 0; return; }
    s=$(stat_of "$pp"); total=$(( ${s% *} + ${s#* } ))
    for c in $(pgrep -P "$pp" || true); do s=$(stat_of "$c"); total=$(( total + ${s% *} )); done
    echo "$total"
}
live_descendants_ticks() { # PID: own + reaped children's ticks of every live descendant (restore workers, runners):
    # a process's ticks are in its own fields while it lives, then in its parent's cutime, so nothing is counted twice
    local c s total=0
    for c in $(pgrep -P "$1" || true); do
        s=$(stat_of "$c"); total=$(( total + ${s% *} + ${s#* } + $(live_descendants_ticks "$c") ))
    done
    echo "$total"
}
apache_pid() { local p; read -r p < /var/run/apache2/apache2.pid 2>/dev/null && echo "$p" || pgrep -o -x apache2; }
pg_pid() { local p; read -r p < "$L_LAB/pg/data/postmaster.pid" 2>/dev/null && echo "$p"; }
busy_ticks() { # all CPUs, non-idle (user nice system irq softirq steal) and idle (idle iowait)
    local cpu user nice system idle iowait irq softirq steal rest
    read -r cpu user nice system idle iowait irq softirq steal rest < /proc/stat
    echo "$(( user + nice + system + irq + softirq + steal )) $(( idle + iowait ))"
}
declare -A SNAP
snap() { # snap NAME [JVM_PID]: counters at this instant
    local b; b=$(busy_ticks)
    SNAP[$1.t]=$(now); SNAP[$1.busy]=${b% *}; SNAP[$1.idle]=${b#* }
    SNAP[$1.apache]=$(tree_ticks "$(apache_pid)"); SNAP[$1.pg]=$(tree_ticks "$(pg_pid)")
    if [ -n "${2:-}" ]; then b=$(stat_of "$2"); SNAP[$1.jvm]=${b% *}; SNAP[$1.jvmc]=$(( ${b#* } + $(live_descendants_ticks "$2") ))
        thread_ticks "$2" > "$DIR/threads.$1"; SNAP[$1.pgj]=$(db_backends_ticks jouvence_bench); fi
}
db_backends_ticks() { # DB: the own ticks of the lab cluster's live backends connected to that database (Jouvence's pool)
    local p s total=0
    for p in $(pgrep -P "$(pg_pid)" -f "postgres: [^ ]+ $1 " || true); do s=$(stat_of "$p"); total=$(( total + ${s% *} )); done
    echo "$total"
}
thread_ticks() { # PID: "ticks name" per live thread (its comm, digits and "#N" dropped: one line per kind of thread)
    local t s c
    for t in /proc/"$1"/task/*; do
        s=$(stat_of "$1/task/${t##*/}"); read -r c < "$t/comm" 2>/dev/null || continue
        echo "${s% *} ${c//[0-9]/}"
    done
}
thread_cpu() { # BEFORE AFTER: the JVM's CPU between two snapshots by kind of thread (threads that ended are not counted)
    awk -v hz="$HZ" 'FNR == 1 { f++ } { t = $1; $1 = ""; n = substr($0, 2); if (f == 1) b[n] += t; else a[n] += t }
        END { for (n in a) if (a[n] - b[n] > 0) printf "%s=%.2f\n", n, (a[n] - b[n]) / hz }' "$DIR/threads.$1" "$DIR/threads.$2" \
        | sort -t= -k2 -rn | head -8 | paste -sd' ' -
}
d() { echo $(( ${SNAP[$2.$1]} - ${SNAP[$3.$1]} )); }   # d KEY AFTER BEFORE: ticks between two snapshots
sec() { calc "$1 / $HZ"; }                              # ticks to seconds

# --- Apache access logs: this lab's two vhosts (lines added during a window), and every other enabled vhost's log
LOG_SERVER="$L_LAB/logs/apache_server_access.log"
LOG_CLIENT="$L_LAB/logs/apache_client_access.log"
other_logs() {
    sed -n 's/^[[:space:]]*CustomLog[[:space:]]\+\([^[:space:]]\+\).*/\1/p' /etc/apache2/sites-enabled/*.conf 2>/dev/null \
        | grep -v "^$L_LAB/logs/" | sort -u || true
}
lines_of() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
declare -A LOGPOS
log_mark() { local f; for f in "$LOG_SERVER" "$LOG_CLIENT" $(other_logs); do LOGPOS[$f]=$(lines_of "$f"); done; }
log_added() { echo $(( $(lines_of "$1") - ${LOGPOS[$1]:-0} )); }
log_chain_s() { # log_chain_s FILE: Apache's time (%D, s) of the lines added since log_mark, site-info calls left out:
                # on the old platform, its backups and downloads, one after the other in the plugin's run
    tail -n +"$(( ${LOGPOS[$1]:-0} + 1 ))" "$1" | awk -F'"' '$2 !~ /core_webservice_get_site_info/ { split($3, s, " "); t += s[3] }
        END { printf "%.3f", t / 1e6 }'
}
log_paths() { # log_paths FILE: lines added since log_mark, by method and path (+ wsfunction when in the query string):
              # count and Apache's time (%D, ms). The query string (the plugin's wstoken) is never printed.
    tail -n +"$(( ${LOGPOS[$1]:-0} + 1 ))" "$1" | awk -F'"' '
        { split($2, r, " "); path = r[2]; fn = ""
          if (match(path, /[?&]wsfunction=[A-Za-z0-9_]+/)) { fn = substr(path, RSTART + 1, RLENGTH - 1); sub(/^[?&]?wsfunction=/, "", fn) }
          sub(/\?.*/, "", path); key = r[1] " " path (fn != "" ? " " fn : "")
          split($3, s, " "); n[key]++; ms[key] += s[3] / 1000 }
        END { for (k in n) printf "      %-95s %4d calls %9.0f ms\n", k, n[k], ms[k] }' | sort
}
other_traffic() { # lines the other vhosts of this Apache served during the window (another lab, another test)
    local f t=0; for f in $(other_logs); do t=$(( t + $(log_added "$f") )); done; echo "$t"
}

# --- the block's queue table, watched every 0.1 s on one connection: "epoch|status,status,…" (rows by id)
WATCH_PID=
watch_start() {
    printf "SELECT extract(epoch from clock_timestamp())::numeric(16,3), coalesce(string_agg(status::text, ',' ORDER BY id), '') FROM %s \\\\watch 0.1\n" "$TABLE" \
        | PGPASSWORD="$L_PGPASSWORD" psql -h "$L_PGHOST" -p "$L_PGPORT" -U "$L_PGUSER" -d "$L_CLIENT_DB" -X -q -At -F'|' > "$1" 2>&1 &
    WATCH_PID=$!
}
watch_stop() { [ -n "$WATCH_PID" ] && { kill "$WATCH_PID" 2>/dev/null || true; wait "$WATCH_PID" 2>/dev/null || true; }; WATCH_PID=; }
watch_summary() { # watch_summary FILE N: "first-taken all-final" (epochs), then one line per row: "row taken final status"
    awk -F'|' -v n="$2" '
        NF == 2 && $2 != "" { k = split($2, s, ",")
            anyTaken = 0; final = 0
            for (i = 1; i <= k; i++) {
                if (s[i] != "0") { anyTaken = 1; if (!(i in taken)) taken[i] = $1 }
                if (s[i] == "2" || s[i] == "-1") { final++; if (!(i in done)) { done[i] = $1; st[i] = s[i] } }
            }
            if (anyTaken && first == "") first = $1
            if (k == n && final == n && all == "") all = $1 }
        END { print (first == "" ? "-" : first), (all == "" ? "-" : all)
              for (i = 1; i <= n; i++) print i, (i in taken ? taken[i] : "-"), (i in done ? done[i] : "-"), (i in st ? st[i] : "-") }' "$1"
}
# While Jouvence works, the bench waits for the rows without forking: at ~5 ms of CPU per fork and exec on this VM,
# the earlier loop (tail, cut, tr, grep, date, sleep every 0.5 s) took ~0.1 s of CPU a second beside the tool.
watch_done() { # watch_done FILE: WATCH_LAST = the statuses of the watch file's last whole line, WATCH_FINAL = how many
               # are final (2 or -1); bash built-ins only
    local line s IFS=,
    WATCH_LAST=; WATCH_FINAL=0
    while IFS= read -r line; do [ -n "$line" ] && WATCH_LAST=${line#*|}; done < "$1"
    for s in $WATCH_LAST; do [[ "$s" == 2 || "$s" == -1 ]] && WATCH_FINAL=$(( WATCH_FINAL + 1 )); done
    return 0
}
exec {NAP_FD}<> <(:)   # a pipe nobody writes to: "read -t" on it is a sleep without a process
nap() { read -rt "$1" -u "$NAP_FD" || true; }

# --- the lab
APACHE_MASK=
pin_apache() { # every Apache process (parent and children; new children inherit the parent's) on CPU $1
    local p
    for p in $(pgrep -x apache2); do taskset -a -p -c "$1" "$p" >/dev/null 2>&1 || true; done
}
unpin_apache() {
    [ -n "$APACHE_MASK" ] || return 0
    local p; for p in $(pgrep -x apache2); do taskset -a -p "$APACHE_MASK" "$p" >/dev/null 2>&1 || true; done
}
PG_MASK=
REPIN_PID=
split_pg() { # the sites layout: the postmaster (so every backend it forks from now on) on CPU 0, and a watcher that
             # moves the backends of the new platform's and Jouvence's databases to CPU 1 as soon as they appear
    local pm; pm=$(pg_pid)
    PG_MASK=$(taskset -p "$pm" | awk '{ print $NF }')
    taskset -p -c 0 "$pm" >/dev/null
    # Asked of PostgreSQL itself, 20 times a second on one connection (its backend moved too): scanning /proc with
    # pgrep that often cost ~0.3 s of CPU per second, on CPU 0, the old platform's core (sessions 19-20's first runs).
    # As the lab's user, not through runuser: a runuser killed here took its whole process group with it (the script).
    ( taskset -p -c 1 $BASHPID >/dev/null
      backends_sql "$L_CLIENT_DB" jouvence_bench | q postgres | move_new_pids 1 ) &
    REPIN_PID=$!
}
unsplit_pg() {
    [ -n "$REPIN_PID" ] && { kill_tree "$REPIN_PID"; wait "$REPIN_PID" 2>/dev/null || true; }
    REPIN_PID=
    [ -n "$PG_MASK" ] && taskset -p "$PG_MASK" "$(pg_pid)" >/dev/null 2>&1 || true
    PG_MASK=
}
reset_lab() { # while Jouvence runs, its JVM is paused (SIGSTOP) around the reset: its idle restore workers find their
              # database gone and quit, and the JVM would start fresh ones at once, whose Moodle start-up writes the
              # dataroot's caches while the reset deletes them ("Directory not empty"); it starts them after the reset.
              # (Pausing the workers themselves does not do: runuser stops itself when its child is stopped.)
    [ -n "$JPID" ] && kill -STOP "$JPID" 2>/dev/null
    "$L_RESET" >/dev/null
    [ -n "$JPID" ] && kill -CONT "$JPID" 2>/dev/null
    return 0
}
setup_sites() { # after a reset: the plugin's time window off, the second teacher(s), one site-info call per site
    # timelimitedmod (the 2.x time window; default 1 there) is switched off as an admin would, with Moodle's cfg.php.
    asw php "$L_CLIENT_DIRROOT/admin/cli/cfg.php" --component=block_my_external_backup_restore_courses \
        --name=timelimitedmod --set=0 >/dev/null
    local t
    for t in "${TEACHER_LIST[@]:1}"; do
        asw php "$HELPER" --moodle="$L_SERVER_DIRROOT" --site=server --username="$t" --courses="$L_COURSES" >/dev/null
        asw php "$HELPER" --moodle="$L_CLIENT_DIRROOT" --site=client --username="$t" >/dev/null
    done
    # Both tools start on sites whose caches saw one web-service call (Jouvence's start-up probe makes it anyway).
    ws "$L_SERVER_URL" "$L_SERVER_TOKEN" core_webservice_get_site_info > /dev/null || die "no site info from the old platform"
    ws "$L_CLIENT_URL" "$L_CLIENT_TOKEN" core_webservice_get_site_info > /dev/null || die "no site info from the new platform"
}
insert_rows() { # insert_rows [COUNT]: the first COUNT (default N) rows, as the block's page writes them (timecreated
                # strictly increasing: both tools take them in order)
    local i c t u uid name base values=() count=${1:-$N}
    base=$(( $(date +%s) - count - 10 ))
    for (( i = 0; i < count; i++ )); do
        c=${COURSES[$(( i % ${#COURSES[@]} ))]}
        t=${TEACHER_LIST[$(( (i / ${#COURSES[@]}) % ${#TEACHER_LIST[@]} ))]}
        u=$(( (i + DISTINCT * (i / ${#COURSES[@]})) % 2 ))
        uid=${USERIDS[$t]}
        name=${COURSE_NAMES[$c]//\'/\'\'}
        values+=("($uid, $c, '$name', '$L_BLOCK_URL', 0, 0, $u, 2, $(( base + i )), 0, 0)")
    done
    local IFS=,
    q "$L_CLIENT_DB" -c "INSERT INTO $TABLE (userid, externalcourseid, externalcoursename, externalmoodleurl,
        internalcategory, status, withuserdatas, enrolmentmode, timecreated, timemodified, timescheduleprocessed)
        VALUES ${values[*]}"
}
count_rows() { q "$L_CLIENT_DB" -c "SELECT count(*) FILTER (WHERE status = $1) FROM $TABLE"; }
count_courses() { q "$L_CLIENT_DB" -c "SELECT count(*) FROM ${L_PREFIX}course WHERE format <> 'site'"; }

# ------------------------------------------------------------------------------------------------ Jouvence
JPID=
API_TOKEN=
API=
MGMT=
write_config() { # write_config PIN_PREFIX RESTORE_TIMES_FILE
    local api_port mgmt_port
    api_port=$(free_port); mgmt_port=$(free_port)
    while [ "$mgmt_port" = "$api_port" ]; do mgmt_port=$(free_port); done   # two draws may meet (seen: "Address already in use")
    API="http://127.0.0.1:$api_port/api/v1"; MGMT="http://127.0.0.1:$mgmt_port"
    API_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    ( umask 077; cat > "$CONF" <<EOF
# bench/real-sites.sh: Jouvence against the lab of $LABENV (written for one run, then deleted)
jouvence.instance-id = bench
jouvence.db.url = jdbc:postgresql://$L_PGHOST:$L_PGPORT/jouvence_bench
jouvence.db.username = $L_PGUSER
jouvence.db.password = $L_PGPASSWORD
jouvence.api.token = $API_TOKEN
camel.server.host = 127.0.0.1
camel.server.port = $api_port
camel.management.host = 127.0.0.1
camel.management.port = $mgmt_port
camel.main.shutdown-timeout = 10
jouvence.servers = old
jouvence.server.old.url = $L_SERVER_URL
jouvence.server.old.token = $L_SERVER_TOKEN
jouvence.client.url = $L_CLIENT_URL
jouvence.client.token = $L_CLIENT_TOKEN
jouvence.client.default-category-id = $L_CATEGORY
jouvence.client.enrol-role-id = $L_ROLE
jouvence.restore.parallelism = $PARALLELISM
jouvence.restore.runner = $RUNNER
jouvence.restore.moodle-dir = $L_CLIENT_DIRROOT
jouvence.restore.command = $1/usr/bin/time -a -o $2 -f %e|%U|%S|%M runuser -u www-data -- php ${PHP_OPTS[*]} {runner} --moodle={moodle} --file={file} --categoryid={categoryid} --users={withuserdata} --enrolments={enrolmentmode} --requester={enrolrequester} --roleid={roleid}
jouvence.restore.timeout = 600s
$( [ "$WORKERS" = 1 ] && echo "jouvence.restore.worker-command = $1runuser -u www-data -- php ${PHP_OPTS[*]} {runner} --worker --moodle={moodle}" )
jouvence.staging.dir = $STAGING
jouvence.import.enabled = false
jouvence.import.dir = $DIR/import
# Teacher1 and teacher2 both restore the lab's courses (the plugin's onlyoneremoteinstance is a UI rule only).
jouvence.restore.only-one-per-remote-course = false
# Default claim schedule (every minute): a request queued by the bridge wakes the claim at once.
jouvence.bridge.enabled = true
jouvence.bridge.db.url = jdbc:postgresql://$L_PGHOST:$L_PGPORT/$L_CLIENT_DB
jouvence.bridge.db.username = $L_PGUSER
jouvence.bridge.db.password = $L_PGPASSWORD
jouvence.bridge.table-prefix = $L_PREFIX
jouvence.bridge.poll-interval = $POLL_MS
# The lab's Moodles send no mail (noemailever); Jouvence sends none either (and nothing listens on that port).
jouvence.mail.enabled = false
jouvence.mail.smtp.host = 127.0.0.1
jouvence.mail.smtp.port = $(free_port)
EOF
    local kv; for kv in "${JPROPS[@]}"; do echo "${kv%%=*} = ${kv#*=}" >> "$CONF"; done
    )
}
jouvence_start() { # jouvence_start LOG [PIN_PREFIX]: started and ready; sets JPID, J_STARTUP (s), J_STARTUP_CPU (s)
    local t0 i
    t0=$(now)
    (cd "$DIR" && exec ${2:-} java "${JOPTS[@]}" -jar "$JAR" --config="$CONF") > "$1" 2>&1 &
    JPID=$!
    for (( i = 0; i < 1200; i++ )); do
        kill -0 "$JPID" 2>/dev/null || { tail -20 "$1" >&2; die "Jouvence stopped during start-up (log: $1)"; }
        [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "$MGMT/observe/health/ready" || true)" = 200 ] && break
        sleep 0.1
    done
    [ "$i" -lt 1200 ] || die "Jouvence not ready after 120 s (log: $1)"
    J_STARTUP=$(calc "$(now) - $t0")
    local s; s=$(stat_of "$JPID"); J_STARTUP_CPU=$(sec "${s% *}")
    # the start-up probes of both sites: done when /api/v1/sites names both as up
    for (( i = 0; i < 300; i++ )); do
        [ "$(api_get /sites | grep -o '"ok":true' | wc -l)" -ge 2 ] && break
        sleep 0.1
    done
    sleep 2   # let the start-up settle (first claim runs, first bridge polls, Quartz check-ins)
}
jouvence_stop() {
    [ -n "$JPID" ] || return 0
    local t0 i; t0=$(now)
    kill -TERM "$JPID" 2>/dev/null || true
    for (( i = 0; i < 300; i++ )); do kill -0 "$JPID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$JPID" 2>/dev/null && { say "Jouvence did not stop in 30 s: killed"; kill -KILL "$JPID" 2>/dev/null || true; }
    wait "$JPID" 2>/dev/null || true
    J_STOP=$(calc "$(now) - $t0")
    JPID=
}

# ------------------------------------------------------------------------------------------------ clean-up
PINNED=0
FAILED=0
cleanup() {
    set +e
    watch_stop
    [ -n "$JPID" ] && jouvence_stop
    [ "$PINNED" = 1 ] && unpin_apache
    unsplit_pg
    rm -f "$CONF"
    rm -rf "$STAGING" "$DIR/import" "$DIR/opcache"   # the file cache holds compiled config.php files
    qa -c "DROP DATABASE IF EXISTS jouvence_bench WITH (FORCE)" >/dev/null 2>&1
    [ "${LAB_TOUCHED:-0}" = 1 ] && reset_lab
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------------------------------------ one tool, one layout
# Both write: one line of $RESULTS and their details into $REPORT.
out() { echo "$*" >> "$REPORT"; }
# --pg-statements: what each database's statements cost during the window (pg_stat_statements' execution time, which
# on this lab — fsync off, everything cached — is mostly CPU), reset at the window's start, saved at its end
pgss_reset() { [ "$PGSS" = 1 ] && qa -c "SELECT pg_stat_statements_reset()" >/dev/null; return 0; }
pgss_save() {
    [ "$PGSS" = 1 ] || return 0
    qa -F' | ' -c "SELECT d.datname, sum(s.calls), round(sum(s.total_exec_time)::numeric, 1) || ' ms'
        FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid GROUP BY d.datname ORDER BY 3 DESC" > "$1"
    echo "top statements (database | calls | ms | statement):" >> "$1"
    qa -F' | ' -c "SELECT d.datname, s.calls, round(s.total_exec_time::numeric, 1), left(regexp_replace(s.query, '\s+', ' ', 'g'), 140)
        FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid ORDER BY s.total_exec_time DESC LIMIT 25" >> "$1"
}
census_on() { [ "$CENSUS" = 1 ] && census_snap "$1"; return 0; }
census_out() { # census_out TAG: in the report, the window's census
    [ "$CENSUS" = 1 ] && out "    CPU census of the window (every process, s; the tools' trees are in the table):" \
        "$(census_diff "$DIR/$1.census0" "$DIR/$1.census1" "$HZ" | sed 's/^  //' | paste -sd';' - | sed 's/;/; /g')"
    return 0
}
pgss_out() { # in the report: the window's statements by database (the top ones in the file)
    [ "$PGSS" = 1 ] && out "    PostgreSQL statements in the window (database | calls | execution time; the top ones in $1):" \
        "$(sed -n '/^top statements/q; s/^/ /; p' "$1" | paste -sd';' -)"
    return 0
}

analyse_common() { # analyse_common TAG BEFORE AFTER: Apache, PostgreSQL, /proc/stat, access logs
    A_APACHE=$(sec "$(d apache "$3" "$2")"); A_PG=$(sec "$(d pg "$3" "$2")")
    A_BUSY=$(sec "$(d busy "$3" "$2")")
    A_SERVER_CALLS=$(log_added "$LOG_SERVER"); A_CLIENT_CALLS=$(log_added "$LOG_CLIENT")
    A_OTHER=$(other_traffic)
    A_OLD_CHAIN=$(log_chain_s "$LOG_SERVER")
    out "    Apache access-log lines during the window (old platform $A_SERVER_CALLS, new platform $A_CLIENT_CALLS;" \
        "other vhosts of this Apache: $A_OTHER):"
    out "$(echo "    old platform:"; log_paths "$LOG_SERVER"; echo "    new platform:"; log_paths "$LOG_CLIENT")"
}

run_plugin() { # run_plugin LAYOUT ROUND
    local tag="plugin-$1-r$2" pin=() k tf wall=0 user=0 sys=0 rss=0 left load0 load1
    [ "$1" != shared ] && pin=(taskset -c 1)
    say "$tag: reset, set-up"
    reset_lab; setup_sites
    insert_rows
    [ "$(count_rows 0)" = "$N" ] || die "$tag: $N rows expected at status 0"
    load0=$(loadavg)
    census_on "$DIR/$tag.census0"; log_mark; snap b; pgss_reset; watch_start "$DIR/$tag.watch"
    say "$tag: the plugin's scheduled task"
    for (( k = 1; k <= 3; k++ )); do
        tf="$DIR/$tag.time$k"
        /usr/bin/time -v -o "$tf" "${pin[@]}" runuser -u www-data -- php "${PHP_OPTS[@]}" "$L_CLIENT_DIRROOT/admin/cli/scheduled_task.php" \
            '--execute=\block_my_external_backup_restore_courses\task\backup_restore_task' > "$DIR/$tag.out$k" 2>&1 \
            || say "$tag: the task exited non-zero (run $k; $DIR/$tag.out$k)"
        wall=$(calc "$wall + $(awk -F': ' '/Elapsed/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tf")" 3)
        user=$(calc "$user + $(awk -F': ' '/User time/ { print $2 }' "$tf")")
        sys=$(calc "$sys + $(awk -F': ' '/System time/ { print $2 }' "$tf")")
        rss=$(awk -v r="$rss" -F': ' '/Maximum resident/ { print ($2 > r ? $2 : r) }' "$tf")
        left=$(count_rows 0)
        [ "$left" = 0 ] && break
        say "$tag: $left row(s) still at 0 after run $k: the task again"
    done
    sleep 0.3; snap a; census_on "$DIR/$tag.census1"; watch_stop; pgss_save "$DIR/$tag.statements"
    load1=$(loadavg)
    local runs=$(( k > 3 ? 3 : k )) performed courses sum first all
    performed=$(count_rows 2); courses=$(count_courses)
    sum=$(watch_summary "$DIR/$tag.watch" "$N"); read -r first all <<< "$(head -1 <<< "$sum")"
    local wrows="-"; [ "$first" != - ] && [ "$all" != - ] && wrows=$(calc "$all - $first")
    out ""; out "### $tag (load $load0 -> $load1)"; pgss_out "$DIR/$tag.statements"; census_out "$tag"
    out "    task runs: $runs; rows performed: $performed/$N; courses on the new platform: $courses;" \
        "CLI wall $wall s, user $user s, sys $sys s, max RSS $(( rss / 1024 )) MiB"
    out "    rows (watcher, 0.1 s): first taken -> all done $wrows s; per row (taken -> done, s):" \
        "$(tail -n +2 <<< "$sum" | awk -v t0="$first" '$2 != "-" && $3 != "-" { printf " #%d %.1f->%.1f", $1, $2 - t0, $3 - t0 }')"
    analyse_common "$tag" b a
    local cpu_tool; cpu_tool=$(calc "$user + $sys")
    local total; total=$(calc "$cpu_tool + $A_APACHE + $A_PG")
    printf '%s\n' "$2|$1|plugin|$wrows|$wall|$cpu_tool|0|$A_APACHE|$A_PG|$total|$A_BUSY|$(( rss / 1024 ))|$A_SERVER_CALLS|$A_CLIENT_CALLS|$performed|$courses|$load0|$load1|$A_OTHER|-|-|$A_OLD_CHAIN" >> "$RESULTS"
    [ "$performed" = "$N" ] && [ "$courses" = "$N" ] \
        || { say "$tag: CHECK FAILED: $performed/$N rows performed, $courses courses"; FAILED=$(( FAILED + 1 )); }
    say "$tag: rows $wrows s, CLI $wall s, CPU CLI $cpu_tool s + Apache $A_APACHE s + PostgreSQL $A_PG s; $performed/$N performed"
}

run_jouvence() { # run_jouvence LAYOUT ROUND
    local tag="jouvence-$1-r$2" pin="" load0 load1 i last t_insert
    [ "$1" != shared ] && pin="taskset -c 1 "
    say "$tag: reset, set-up, Jouvence's database, start"
    reset_lab; setup_sites
    qa -c "DROP DATABASE IF EXISTS jouvence_bench WITH (FORCE)" -c "CREATE DATABASE jouvence_bench OWNER $L_PGUSER" >/dev/null
    rm -rf "$STAGING" "$DIR/import"; mkdir -p "$STAGING"; chmod 755 "$STAGING"
    : > "$DIR/$tag.restores"; : > "$DIR/$tag.warmup"
    write_config "$pin" "$DIR/$tag.restores"
    jouvence_start "$DIR/$tag.log" "$pin"
    say "$tag: ready in $J_STARTUP s ($J_STARTUP_CPU s of CPU)"
    local warm_max=0
    if [ "$WARMUP" -gt 0 ]; then # a running service: it has carried requests before (JIT, pools, caches)
        say "$tag: warm-up, $WARMUP request(s) (not measured), then the lab is reset under the running service"
        # in passes of at most N rows: a pass's requests are done before the same list is asked again (a second active
        # request of one requester for one course would be refused as a duplicate)
        local deadline=$(( $(date +%s) + TIMEOUT )) warmed=0 pass
        while [ "$warmed" -lt "$WARMUP" ]; do
            pass=$(( WARMUP - warmed < N ? WARMUP - warmed : N )); warmed=$(( warmed + pass ))
            thread_ticks "$JPID" > "$DIR/threads.w0"
            insert_rows "$pass"
            until [ "$(count_rows 2)" = "$warmed" ]; do
                [ "$(count_rows -1)" = 0 ] || die "$tag: a warm-up request failed (log: $DIR/$tag.log)"
                [ "$(date +%s)" -lt "$deadline" ] || die "$tag: warm-up not done after $TIMEOUT s"
                sleep 0.5
            done
            # how the JVM's own work settles pass after pass (the JIT's above all): one line per pass in <run>.warmup
            thread_ticks "$JPID" > "$DIR/threads.w1"
            echo "warm-up requests $(( warmed - pass + 1 ))-$warmed: JVM CPU by thread $(thread_cpu w0 w1)" >> "$DIR/$tag.warmup"
        done
        warm_max=$(q jouvence_bench -c "SELECT max(id) FROM restore_request")
        reset_lab; setup_sites
        sleep $(( POLL_MS / 1000 + 2 ))   # the bridge's next polls find the new (empty) table
        : > "$DIR/$tag.restores"
    fi
    # what the running service costs when it has nothing to do (claims every second, bridge polls), over 5 s
    local idle_jvm idle_pg
    snap i0 "$JPID"; sleep 5; snap i1 "$JPID"
    idle_jvm=$(calc "($(d jvm i1 i0) + $(d jvmc i1 i0)) / $HZ / (${SNAP[i1.t]} - ${SNAP[i0.t]})" 3)
    idle_pg=$(calc "$(d pg i1 i0) / $HZ / (${SNAP[i1.t]} - ${SNAP[i0.t]})" 3)
    say "$tag: rows in"
    load0=$(loadavg)
    census_on "$DIR/$tag.census0"; log_mark; snap b "$JPID"; pgss_reset; watch_start "$DIR/$tag.watch"
    t_insert=$(now)
    insert_rows
    local deadline=$(( $(date +%s) + TIMEOUT ))
    while :; do
        watch_done "$DIR/$tag.watch"
        [ "$WATCH_FINAL" = "$N" ] && break
        kill -0 "$JPID" 2>/dev/null || die "$tag: Jouvence stopped (log: $DIR/$tag.log)"
        [ "$EPOCHSECONDS" -lt "$deadline" ] || die "$tag: not done after $TIMEOUT s (rows: $WATCH_LAST)"
        nap 0.5
    done
    snap a "$JPID"; census_on "$DIR/$tag.census1"; watch_stop; pgss_save "$DIR/$tag.statements"
    load1=$(loadavg)
    local hwm; hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$JPID/status")
    # the checks: Jouvence's own view (API and database), the block's rows, the new platform's courses
    local api_performed performed courses jstatus
    api_performed=$(api_get "/restore-requests?status=performed&limit=500" | grep -o '"status":"performed"' | wc -l || true)
    jstatus=$(q jouvence_bench -c "SELECT string_agg(status || ':' || n, ' ') FROM (SELECT status, count(*) n FROM restore_request WHERE id > $warm_max GROUP BY status ORDER BY status) s")
    performed=$(count_rows 2); courses=$(count_courses)
    # wall times on the database's clock: the first request's created_at (the bridge inserts it right after taking its
    # row) -> the last processed_at (performed; the row is written back at the next poll)
    local first_bridge last_processed wall_db sum wfirst wall wrows
    read -r first_bridge last_processed <<< "$(q jouvence_bench -F' ' -c "SELECT extract(epoch from min(created_at)), extract(epoch from max(processed_at)) FROM restore_request WHERE id > $warm_max")"
    wall_db=$(calc "$last_processed - $first_bridge")
    sum=$(watch_summary "$DIR/$tag.watch" "$N"); read -r wfirst wall <<< "$(head -1 <<< "$sum")"
    wrows="-"; [ "$wfirst" != - ] && [ "$wall" != - ] && wrows=$(calc "$wall - $wfirst")
    local jcpu jc jthreads; jcpu=$(sec "$(d jvm a b)"); jc=$(sec "$(d jvmc a b)"); jthreads=$(thread_cpu b a)
    jouvence_stop
    out ""; out "### $tag (load $load0 -> $load1)"; pgss_out "$DIR/$tag.statements"; census_out "$tag"
    out "    start-up: ready in $J_STARTUP s, $J_STARTUP_CPU s of JVM CPU (not counted below); stopped in $J_STOP s;" \
        "idle before the rows: JVM $idle_jvm s of CPU per s, PostgreSQL $idle_pg s per s"
    out "    requests: API performed $api_performed/$(( N + WARMUP )) (warm-up included), measured ones in the database" \
        "(status:count) $jstatus; rows performed $performed/$N;" \
        "courses on the new platform: $courses; JVM VmHWM $hwm MiB"
    out "    wall: first request's created_at (queued by the bridge) -> last processed_at $wall_db s (database clock);" \
        "rows (watcher, 0.1 s) first taken -> all written back $wrows s; rows inserted -> first queued" \
        "$(calc "$first_bridge - $t_insert") s, -> all written back $(calc "$wall - $t_insert") s"
    out "    per row (watcher: taken -> written back, s from the first take):" \
        "$(tail -n +2 <<< "$sum" | awk -v t0="$wfirst" '$2 != "-" && $3 != "-" { printf " #%d %.1f->%.1f", $1, $2 - t0, $3 - t0 }')"
    out "    of PostgreSQL's CPU, Jouvence's own database (its pool's backends): $(sec "$(d pgj a b)") s"
    out "    JVM CPU by thread (s, threads alive at the end; the JVM's total $jcpu s): $jthreads"
    [ -s "$DIR/$tag.warmup" ] && out "$(sed 's/^/    /' "$DIR/$tag.warmup")"
    out "    restore runner processes (/usr/bin/time: wall, user, sys s, max RSS MiB):" \
        "$(awk -F'|' 'NF == 4 { printf " %.2f/%.2f/%.2f/%d", $1, $2, $3, $4 / 1024 }' "$DIR/$tag.restores")"
    out "    steps (audit trail: step outcome count, mean / min / max ms):"
    out "$(q jouvence_bench -F' ' -c "SELECT '      ' || rpad(step, 11) || rpad(outcome, 5) || count(*) || '  ' || coalesce(round(avg(duration_ms)) || ' / ' || min(duration_ms) || ' / ' || max(duration_ms), '-') FROM request_event WHERE request_id > $warm_max GROUP BY step, outcome ORDER BY min(id)")"
    out "    per request (s from the first request's created_at; step@end(duration ms)):"
    out "$(q jouvence_bench -F' ' -c "WITH t0 AS (SELECT min(created_at) t FROM restore_request WHERE id > $warm_max)
        SELECT '      #' || r.id || ' course ' || r.remote_course_id || ' ' || r.requester_username || CASE WHEN r.with_user_data THEN ' +users' ELSE '' END || ': '
            || string_agg(e.step || '@' || to_char(extract(epoch from e.at - t0.t), 'FM990.00') || coalesce('(' || e.duration_ms || ')', ''), ' ' ORDER BY e.id)
        FROM restore_request r JOIN request_event e ON e.request_id = r.id CROSS JOIN t0 WHERE r.id > $warm_max GROUP BY r.id ORDER BY r.id")"
    analyse_common "$tag" b a
    local total; total=$(calc "$jcpu + $jc + $A_APACHE + $A_PG")
    printf '%s\n' "$2|$1|jouvence|$wall_db|$wrows|$jcpu|$jc|$A_APACHE|$A_PG|$total|$A_BUSY|$hwm|$A_SERVER_CALLS|$A_CLIENT_CALLS|$performed|$courses|$load0|$load1|$A_OTHER|$J_STARTUP|$J_STARTUP_CPU|$A_OLD_CHAIN" >> "$RESULTS"
    [ "$performed" = "$N" ] && [ "$courses" = "$N" ] && [ "$api_performed" = "$(( N + WARMUP ))" ] \
        || { say "$tag: CHECK FAILED: rows $performed/$N, courses $courses, API performed $api_performed ($jstatus)"
             FAILED=$(( FAILED + 1 )); }
    say "$tag: $wall_db s (rows $wrows s), CPU JVM $jcpu s + runners $jc s + Apache $A_APACHE s + PostgreSQL $A_PG s; $performed/$N performed"
}

summary() { # summary LAYOUT: medians over the rounds, per tool, and the ratios of the medians
    awk -F'|' -v l="$1" -v n="$N" '
        function median(list,   a, k, i, j, t) { k = split(list, a, " ")
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
            return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
        $2 == l { t = $3; wall[t] = wall[t] " " $4; tot[t] = tot[t] " " $10; own[t] = own[t] " " ($6 + $7)
                  ap[t] = ap[t] " " $8; pg[t] = pg[t] " " $9; rounds[t]++
                  if (t == "plugin" && $22 != "") floor = floor " " ($22 / $4) }
        END {
            printf "| Tool (%s, medians of %d rounds) | Wall | Wall / course | CPU tool + its PHP | CPU Apache | CPU PostgreSQL | CPU total | CPU / course |\n", l, rounds["plugin"]
            printf "|---|---|---|---|---|---|---|---|\n"
            split("plugin jouvence", tools, " ")
            for (i = 1; i <= 2; i++) { t = tools[i]; if (!(t in wall)) continue
                w[t] = median(wall[t]); c[t] = median(tot[t])
                printf "| %s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s | %.2f s |\n", t, w[t], w[t] / n,
                    median(own[t]), median(ap[t]), median(pg[t]), c[t], c[t] / n }
            if (("plugin" in w) && ("jouvence" in w))
                printf "| **Jouvence / plugin** | **%.2f** | | | | | **%.2f** | |\n", w["jouvence"] / w["plugin"], c["jouvence"] / c["plugin"]
            if (floor != "")
                printf "\nThe old platform\x27s chain (backups and downloads) / the plugin\x27s wall, median: **%.2f** (the floor of the wall ratio).\n", median(floor)
        }' "$RESULTS"
}

table() { # table ROUND LAYOUT: the markdown table of one round and layout, from $RESULTS
    awk -F'|' -v r="$1" -v l="$2" -v n="$N" '
        $1 == r && $2 == l { tool = $3; wall[tool] = $4; alt[tool] = $5; own[tool] = $6; ch[tool] = $7; ap[tool] = $8
            pg[tool] = $9; tot[tool] = $10; busy[tool] = $11; mem[tool] = $12; sc[tool] = $13; cc[tool] = $14
            ok[tool] = $15 "/" n " rows, " $16 " courses"; load[tool] = $17 " -> " $18; other[tool] = $19
            st[tool] = $20; stc[tool] = $21; chain[tool] = $22 }
        END {
            printf "| Tool | Wall, first taken -> last done | Wall / course | CPU tool | CPU restore children | CPU Apache | CPU PostgreSQL | CPU total | CPU / course | /proc/stat busy | Peak memory | WS calls / request (old + new platform) | Checks | Load avg |\n"
            printf "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            split("plugin jouvence", tools, " ")
            for (i = 1; i <= 2; i++) { t = tools[i]; if (!(t in wall)) continue
                printf "| %s | %.2f s%s | %.2f s | %.2f s | %s | %.2f s | %.2f s | **%.2f s** | %.2f s | %.2f s | %d MiB%s | %.2f + %.2f | %s | %s |\n",
                    (t == "plugin" ? "plugin (task CLI)" : "Jouvence (start-up " st[t] " s, " stc[t] " s CPU, excluded)"),
                    wall[t], (t == "plugin" ? " (CLI process " alt[t] " s)" : " (rows written back: " alt[t] " s)"),
                    wall[t] / n, own[t], (t == "plugin" ? "in the CLI" : sprintf("%.2f s", ch[t])), ap[t], pg[t], tot[t],
                    tot[t] / n, busy[t], mem[t], (t == "plugin" ? " max RSS" : " VmHWM"), sc[t] / n, cc[t] / n, ok[t], load[t] }
            if (("plugin" in wall) && ("jouvence" in wall))
                printf "| **Jouvence / plugin** | **%.2f** (rows written back / rows done: %.2f) | | | | | | **%.2f** | | %.2f | | | | |\n",
                    wall["jouvence"] / wall["plugin"], alt["jouvence"] / wall["plugin"], tot["jouvence"] / tot["plugin"],
                    busy["jouvence"] / busy["plugin"]
            if (("plugin" in wall) && chain["plugin"] != "")
                printf "\nThe old platform\x27s chain in the plugin\x27s run (its %d backups and downloads, Apache\x27s %%D): %.2f s = **%.2f** of the plugin\x27s wall, the floor of Jouvence / plugin with one backup at a time on the old platform (a pipeline still waits for the last backup and download, then restores once more).\n",
                    n, chain["plugin"], chain["plugin"] / wall["plugin"]
        }' "$RESULTS"
}

# ------------------------------------------------------------------------------------------------ main
say "lab $L_LAB; N=$N, rounds $ROUNDS, layouts ${LAYOUT_LIST[*]}, restore parallelism $PARALLELISM," \
    "teachers ${TEACHER_LIST[*]}, bridge poll $POLL_MS ms; work files in $DIR"
grep -rq timelimitedmod "$L_CLIENT_DIRROOT/blocks/my_external_backup_restore_courses" --include=*.php \
    && TL_NOTE="read by the block's code" || TL_NOTE="not read by this version of the block (3.1.x removed the 2.x time window)"
APACHE_MASK=$(taskset -p "$(apache_pid)" | awk '{ print $NF }')
if [ "$PGSS" = 1 ]; then
    qa -c "SHOW shared_preload_libraries" | grep -q pg_stat_statements || die "--pg-statements: the lab's PostgreSQL does" \
        "not load pg_stat_statements (ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements', then restart it)"
    qa -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
fi
LAB_TOUCHED=1
declare -A COURSE_NAMES USERIDS
reset_lab; setup_sites
while IFS='|' read -r id name; do COURSE_NAMES[$id]=$name; done \
    < <(q "$L_SERVER_DB" -c "SELECT id, fullname FROM ${L_PREFIX}course WHERE id IN ($L_COURSES)")
for c in "${COURSES[@]}"; do [ -n "${COURSE_NAMES[$c]:-}" ] || die "no course $c on the old platform"; done
for t in "${TEACHER_LIST[@]}"; do
    USERIDS[$t]=$(q "$L_CLIENT_DB" -c "SELECT id FROM ${L_PREFIX}user WHERE username = '$t' AND deleted = 0")
    [ -n "${USERIDS[$t]}" ] || die "no user $t on the new platform"
done
# Warm-up, not measured: one backup with and without user data, and their downloads, through Apache (its opcache
# holds the backup code from then on, for both tools alike; the lab's reset does not empty it).
for u in 0 1; do
    fid=$(ws "$L_SERVER_URL" "$L_SERVER_TOKEN" block_my_external_backup_restore_courses_get_courses_zip \
        --data username="${TEACHER_LIST[0]}" --data courseid="${COURSES[0]}" --data withuserdatas=$u \
        | sed -n 's/.*"filerecordid":\([0-9]*\).*/\1/p')
    [ -n "$fid" ] || die "warm-up backup failed"
    printf '%s' "$L_SERVER_TOKEN" | curl -s -o "$DIR/warm-up-$u.mbz" -m 300 --data-urlencode token@- --data filerecordid="$fid" \
        "$L_SERVER_URL/blocks/my_external_backup_restore_courses/get_user_backup_course_webservice.php"
    chmod 644 "$DIR/warm-up-$u.mbz"
done
insert_rows 1
asw php "${PHP_OPTS[@]}" "$L_CLIENT_DIRROOT/admin/cli/scheduled_task.php" \
    '--execute=\block_my_external_backup_restore_courses\task\backup_restore_task' > "$DIR/warm-up-plugin.out" 2>&1
[ "$(count_rows 2)" = 1 ] || die "warm-up: the plugin's task did not restore its row ($DIR/warm-up-plugin.out)"
asw php "${PHP_OPTS[@]}" "$RUNNER" --moodle="$L_CLIENT_DIRROOT" --file="$DIR/warm-up-1.mbz" --categoryid="$L_CATEGORY" \
    --users=1 --enrolments=2 --requester="${TEACHER_LIST[0]}" --roleid="$L_ROLE" > "$DIR/warm-up-runner.out" 2>&1 \
    || die "warm-up: the restore runner failed ($DIR/warm-up-runner.out)"
rm -f "$DIR"/warm-up-*.mbz

{
    echo "# Plugin vs Jouvence on the real sites — $(date -Is)"
    echo ""
    echo "Machine: $NCPU CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
         "load average at the start $(loadavg); lab $L_LAB; N=$N, restore parallelism $PARALLELISM, bridge poll $POLL_MS ms;" \
         "requesters ${TEACHER_LIST[*]}; courses ${COURSES[*]}, user data $([ "$DISTINCT" = 1 ] && echo "flipped on every other pass (--distinct: no two rows ask the same backup)" || echo "0,1,0,1… (a second pass asks the first one's backups again)"); Jouvence warm-up: $WARMUP request(s) before each measured run;" \
         "PHP CLI opcache: $([ "$OPCACHE" = 1 ] && echo "on, file cache (both tools)" || echo off);" \
         "${JPROPS[*]:+Jouvence also with: ${JPROPS[*]};}" \
         "${JOPTS[*]:+the JVM of Jouvence with: ${JOPTS[*]};}" \
         "timelimitedmod set to 0 ($TL_NOTE)."
} >> "$REPORT"

for (( r = 1; r <= ROUNDS; r++ )); do
    for layout in "${LAYOUT_LIST[@]}"; do
        if [ "$layout" != shared ]; then pin_apache 0; PINNED=1; else unpin_apache; PINNED=0; fi
        [ "$layout" = sites ] && split_pg
        out ""; out "## Round $r, layout $layout"
        [ "$layout" = pinned ] && out "Apache (all its processes) on CPU 0; the task CLI, Jouvence's JVM and its restore" \
            "runners on CPU 1; PostgreSQL not pinned."
        [ "$layout" = sites ] && out "Apache (all its processes) and PostgreSQL's backends of the old platform on CPU 0; the" \
            "task CLI, Jouvence's JVM and its restore runners, and PostgreSQL's backends of the new platform's and" \
            "Jouvence's databases on CPU 1; PostgreSQL's background processes not pinned."
        [ "$layout" = shared ] && out "Nothing pinned: every process on the $NCPU CPUs."
        if (( r % 2 == 1 )); then run_plugin "$layout" "$r"; run_jouvence "$layout" "$r"
        else run_jouvence "$layout" "$r"; run_plugin "$layout" "$r"; fi
        unpin_apache; PINNED=0; unsplit_pg
    done
done

{
    echo ""
    echo "## Tables"
    for (( r = 1; r <= ROUNDS; r++ )); do
        for layout in "${LAYOUT_LIST[@]}"; do
            echo ""; echo "Round $r, $layout ($(date +%F), N=$N, restore parallelism $PARALLELISM):"; echo ""
            table "$r" "$layout"
        done
    done
    echo ""
    if [ "$ROUNDS" -gt 1 ]; then
        for layout in "${LAYOUT_LIST[@]}"; do echo ""; summary "$layout"; done
    fi
    echo ""
    echo "Load average at the end: $(loadavg)."
} >> "$REPORT"
cat "$REPORT"
say "report: $REPORT; logs and watcher files in $DIR"
[ "$FAILED" = 0 ] || die "$FAILED run(s) failed their checks (see above)"
