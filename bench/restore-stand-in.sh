#!/bin/sh
# Light stand-in for Moodle's admin/cli/restore_backup.php, used by the benchmarks instead of simulator.RestoreCli (one
# JVM start per restore, seconds of CPU on a small machine, which measured the stand-in rather than Jouvence).
# Same arguments, same answer, same output and exit status as simulator.RestoreCli: it asks the simulated course client
# (POST /simulator/restore, which spends the simulated restore time server-side) to restore the archive, then prints
# what Moodle's CLI prints, "Restored course ID: N" on success; "!!! message !!!" and exit status 1 on failure.
# Usage (as jouvence.restore.command, split on spaces, no shell):
#   sh bench/restore-stand-in.sh --client=http://127.0.0.1:PORT --file={file} --categoryid={categoryid}
# Needs: sh, curl (and sed on the failure path only).
client='' file='' categoryid='' help=''
for a in "$@"; do
    case $a in
        --client=*) client=${a#*=} ;;
        --file=* | -f=*) file=${a#*=} ;;
        --categoryid=* | -c=*) categoryid=${a#*=} ;;
        --help | -h) help=1 ;;
        *) ;; # ignored, like the real script's unknown options (sites pass --withuserdata=... and the like)
    esac
done
if [ -n "$help" ] || [ -z "$file" ] || [ -z "$categoryid" ]; then
    cat <<'EOF'
Restore backup into provided category.

Options:
-f, --file=STRING           Path to the backup file.
-c, --categoryid=INT        ID of the category to restore too.
-s, --showdebugging         Show developer level debugging information
-h, --help                  Print out this help.

Example:
$sudo -u www-data /usr/bin/php admin/cli/restore_backup.php --file=/path/to/backup/file.mbz --categoryid=1
EOF
    exit 0
fi

# What Moodle's CLI default exception handler prints; exit status 1.
fatal() {
    echo "Default exception handler: $1 Debug: " >&2
    echo "Error code: $2" >&2
    echo "* line 91 of /admin/cli/restore_backup.php: moodle_exception thrown" >&2
    echo "!!! $1 !!!"
    exit 1
}

if [ -z "$client" ]; then
    fatal "Error: --client=URL of the simulated course client is required" generalexceptionmessage
fi
answer=$(curl -sS --connect-timeout 10 -w '\n%{http_code}' --data-urlencode "file=$file" \
    --data-urlencode "categoryid=$categoryid" "${client%/}/simulator/restore" 2>&1) \
    || fatal "Error: Database connection failed ($answer)" dbconnectionfailed
status=${answer##*
}
answer=${answer%
*}
[ "$status" = 200 ] || fatal "Error: Database connection failed (HTTP $status)" dbconnectionfailed

# Moodle names its extraction folder after a sha1; any 40 hex digits do here (no process spent on a hash).
extracting() {
    printf '== Extracting backup file to: /tmp/moodledata/temp/backup/%040x ==\n' $$
    echo "== Preprocessing backup file =="
    echo "== Cleaning temp data =="
}
case $answer in
    *'"courseid":'[0-9]*)
        id=${answer#*\"courseid\":}
        id=${id%%[!0-9]*}
        extracting
        echo "Restored course ID: $id"
        exit 0
        ;;
esac
field() {
    printf '%s' "$answer" | sed -n "s/.*\"$1\":\"\\(\\([^\"\\\\]\\|\\\\.\\)*\\)\".*/\\1/p" | sed 's/\\\(.\)/\1/g'
}
stage=$(field stage)
errorcode=$(field errorcode)
message=$(field message)
[ -n "$message" ] || message="Error: unexpected answer from the course client: $answer"
[ "$stage" = precheck ] || extracting
fatal "$message" "${errorcode:-generalexceptionmessage}"
