# Sourced by bench/real-sites.sh, bench/real-sites/backup-contention.sh and file-pool-race.sh: processes, seen from the
# outside, and the lab's settings.

kill_tree() { # kill_tree PID: the process and all its descendants, the deepest first
    local c; for c in $(pgrep -P "$1" || true); do kill_tree "$c"; done; kill "$1" 2>/dev/null || true
}

backends_sql() { # backends_sql DB...: for psql's standard input, every 50 ms the pids of the backends connected to
                 # those databases and its own, as "pids 1 2 3" (asked of PostgreSQL: pgrep over /proc that often
                 # cost ~0.3 s of CPU a second)
    local list; list=$(printf ",'%s'" "$@")
    echo "SELECT 'pids ' || string_agg(pid::text, ' ') FROM pg_stat_activity
          WHERE datname IN (${list#,}) OR pid = pg_backend_pid() \\watch 0.05"
}

move_new_pids() { # move_new_pids CPU: reads "pids …" lines (backends_sql's) and moves each pid not seen yet to CPU
    declare -A seen; local p pids
    while read -r pids; do
        for p in ${pids#pids }; do
            [ -n "${seen[$p]:-}" ] || { taskset -p -c "$1" "$p" >/dev/null 2>&1 || true; seen[$p]=1; }
        done
    done
}

# --census: every process's CPU and /proc/stat's fields over a window, so that the CPU the tools' trees do not hold
# (the kernel's threads, steal, interrupts, the bench itself) is named, not guessed.

census_snap() { # census_snap FILE: "pid ticks comm" of every live process (utime + stime + cutime + cstime), then the
                # first line of /proc/stat as "cpu user nice system idle iowait irq softirq steal"
    local out=$1 f line rest comm
    for f in /proc/[0-9]*/stat; do   # no fork per process: the snapshot itself stays cheap
        read -r line 2>/dev/null < "$f" || continue
        rest=${line##*) }            # the fields after "(comm) ": state first, utime is the 12th
        comm=${line#*(}; comm=${comm%) *}
        # shellcheck disable=SC2086
        set -- $rest
        echo "${line%% *} $(( ${12} + ${13} + ${14} + ${15} )) ${comm// /_}"
    done > "$out"
    head -1 /proc/stat >> "$out"
}

census_diff() { # census_diff BEFORE AFTER HZ: /proc/stat's fields and the 12 processes that used the most CPU between
                # them (a process that started and ended in between is not seen: its ticks are in its parent's cutime)
    awk -v hz="$3" '
        FNR == 1 { f++ }
        $1 == "cpu" { for (i = 2; i <= 9; i++) c[f, i] = $i; next }
        f == 1 { b[$1] = $2; next }
        { n[$1] = $3; d[$1] = $2 - ($1 in b ? b[$1] : 0) }
        END {
            split("user nice system idle iowait irq softirq steal", k, " ")
            s = "/proc/stat (s):"; for (i = 2; i <= 9; i++) s = s sprintf(" %s %.2f", k[i - 1], (c[2, i] - c[1, i]) / hz)
            print s
            for (p in d) if (d[p] > 0) printf "%d %s %d\n", d[p], n[p], p | "sort -rn | head -12 | awk -v hz=" hz " '\''{ printf \"  %s[%s] %.2f\\n\", $2, $3, $1 / hz }'\''"
        }' "$1" "$2"
}

envget() { # envget KEY: the value in $LABENV (the lab's lab.env), without the quotes; empty when absent
    local v; v=$(sed -n "s/^$1=//p" "$LABENV" | head -1)
    v=${v#\'}; v=${v%\'}; printf '%s' "$v"
}
