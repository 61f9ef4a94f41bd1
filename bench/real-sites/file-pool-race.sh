#!/bin/bash
# Two restores of one archive side by side on the new platform, as two requests sharing an archive do (issue 10: one
# backup for the same ask): does Moodle's file pool race make one of them fail?
#
# Usage (as root, the lab built and started): bench/real-sites/file-pool-race.sh --lab=/tmp/moodle-lab2/lab.env
#           [--tries=10] [--runner=service/src/main/moodle/jouvence-restore.php] [--archive=FILE.mbz]
# Without --archive: a backup with user data of the lab's biggest course (the last of SERVER_COURSES_TEACHER1, 6),
# made through the block's web service and downloaded as Jouvence does.
#
# Moodle's file_system_filedir checks is_dir() before mkdir() of a file's pool directory (filedir/ab/cd): when two
# processes add the same new file at once, one mkdir() fails and its restore ends with "Cannot create local file pool
# directories". Each try removes the archive's files from the new platform's pool (their directories, so that the
# files are new again), then starts two runners at once on the same archive, and counts the failed ones. Run it with
# an older runner (--runner=<(git show REV:service/src/main/moodle/jouvence-restore.php) does not do: www-data must
# read it; copy it to a file) to compare. Leaves the lab reset to its snapshot.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LABENV=/tmp/moodle-lab/lab.env
TRIES=10
RUNNER="$ROOT/service/src/main/moodle/jouvence-restore.php"
ARCHIVE=
for a in "$@"; do
    case "$a" in
        --lab=*) LABENV=${a#*=} ;;
        --tries=*) TRIES=${a#*=} ;;
        --runner=*) RUNNER=${a#*=} ;;
        --archive=*) ARCHIVE=${a#*=} ;;
        *) echo "usage: $0 [--lab=lab.env] [--tries=10] [--runner=FILE] [--archive=FILE.mbz]" >&2; exit 2 ;;
    esac
done
die() { echo "file-pool-race: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (runuser, the pool's directories)"
[ -r "$LABENV" ] || die "cannot read $LABENV"
# shellcheck source=bench/real-sites/processes.sh
. "$ROOT/bench/real-sites/processes.sh"
MOODLE=$(envget CLIENT_DIRROOT); DATAROOT=$(envget CLIENT_DATAROOT); CATEGORY=$(envget CLIENT_CATEGORY_RESTORED_ID)
RESET=$(envget RESET_CMD)
WORK=$(mktemp -d); chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
cp "$RUNNER" "$WORK/runner.php"
if [ -n "$ARCHIVE" ]; then
    cp "$ARCHIVE" "$WORK/archive.mbz"
else
    URL=$(envget SERVER_URL); TOKEN=$(envget SERVER_TOKEN); COURSE=$(envget SERVER_COURSES_TEACHER1); COURSE=${COURSE##*,}
    fid=$(printf '%s' "$TOKEN" | curl -sf -m 300 "$URL/webservice/rest/server.php?moodlewsrestformat=json" \
        --data-urlencode wstoken@- --data wsfunction=block_my_external_backup_restore_courses_get_courses_zip \
        --data username=teacher1 --data courseid="$COURSE" --data withuserdatas=1 | sed -n 's/.*"filerecordid":\([0-9]*\).*/\1/p')
    [ -n "$fid" ] || die "the backup of course $COURSE failed"
    printf '%s' "$TOKEN" | curl -sf -m 300 -o "$WORK/archive.mbz" --data-urlencode token@- --data filerecordid="$fid" \
        "$URL/blocks/my_external_backup_restore_courses/get_user_backup_course_webservice.php"
    ARCHIVE="course $COURSE with user data"
fi
chmod 644 "$WORK/runner.php" "$WORK/archive.mbz"
mapfile -t HASHES < <( (tar tzf "$WORK/archive.mbz" 2>/dev/null || unzip -Z1 "$WORK/archive.mbz") \
    | sed -n 's#^files/[0-9a-f][0-9a-f]/\([0-9a-f]\{40\}\)$#\1#p')
[ "${#HASHES[@]}" -gt 0 ] || die "no files in $ARCHIVE"
"$RESET" >/dev/null

restore() { # restore OUT: one runner, its exit code and output in OUT.*
    runuser -u www-data -- php "$WORK/runner.php" --moodle="$MOODLE" --file="$WORK/archive.mbz" --categoryid="$CATEGORY" \
        --users=0 --enrolments=2 > "$1.out" 2>&1 && echo 0 > "$1.rc" || echo $? > "$1.rc"
}
failed=0; raced=0
for (( t = 1; t <= TRIES; t++ )); do
    for h in "${HASHES[@]}"; do rm -rf "$DATAROOT/filedir/${h:0:2}"; done # new files again, parents included
    restore "$WORK/a$t" & restore "$WORK/b$t" & wait
    for x in a b; do
        if [ "$(cat "$WORK/$x$t.rc")" != 0 ]; then
            failed=$((failed + 1))
            grep -q "file pool" "$WORK/$x$t.out" && raced=$((raced + 1))
            echo "try $t, restore $x: exit $(cat "$WORK/$x$t.rc"): $(grep -m1 'failed' "$WORK/$x$t.out" | cut -c1-200)"
        fi
    done
done
"$RESET" >/dev/null
echo "runner $RUNNER, archive $(basename "$ARCHIVE") (${#HASHES[@]} files): $TRIES tries of 2 restores at once," \
    "$failed failed, $raced of them in the file pool"
