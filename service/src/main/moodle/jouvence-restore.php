<?php
// This file is part of Jouvence. It runs on the NEW Moodle's host (or in a Job made from its image), with its PHP:
//
//   php jouvence-restore.php --moodle=/var/www/moodle --file=/staging/42/course-4-3.mbz --categoryid=3 \
//       --users=1 --enrolments=2 --requester=teacher1 --roleid=3
//
// In ONE PHP process, as the plugin's scheduled task does: the archive is restored with Moodle's restore controller
// into the category as a NEW course, with the settings the request asked for — user data or not (`users`), the
// enrolment methods (`enrolments`: 0 backup::ENROL_NEVER, 1 ENROL_WITHUSERS, 2 ENROL_ALWAYS) — keeping the backup's
// full and short names (Moodle adds " copy N" / "_N" when they are taken), then the requester is enrolled with the
// role through the course's manual enrolment (created when missing). Nothing is left half-done: a restore that fails
// deletes the course it had started.
//
// Output: as soon as the new course exists, one line {"jouvence":"started","courseid":N} (after a crash, Jouvence names
// that course as the partial one); while the restore works, a line "jouvence-restore: working, N s" at most every
// --heartbeat seconds (default 30: a restore whose output file is still written to is alive); at the end the line Moodle's
// admin/cli/restore_backup.php prints for the course id ("Restored course ID: N", which Jouvence's default course-id
// pattern reads), then ONE line of JSON:
//   {"jouvence":"restore","courseid":N,"fullname":"…","shortname":"…","visible":1,"users":1,"enrolments":2,
//    "requester":"teacher1","enrolled":true,"userid":3,"email":"…","warnings":["…"]}
// (the requester's address, for Jouvence's success mail: no web-service call for it)
// Exit codes: 0 restored; 1 the restore failed (the message on stderr, starting "jouvence-restore: "); 2 bad options.
//
// Worker mode (--worker): Moodle starts ONCE and restores one archive after the other, as the plugin's task does:
//
//   php jouvence-restore.php --worker --moodle=/var/www/moodle [--max-jobs=50]
//
// says {"jouvence":"ready","pid":N,"user":"www-data"} once Moodle is loaded, then reads one job per line on stdin,
// {"file":…,"categoryid":N,"users":0|1,"enrolments":0|1|2,"requester":"…",
// "roleid":N,"output":"/staging/42/restore.log"}, writes everything that job prints (the lines above, Moodle's own
// output included) into its "output" file, then answers one line on stdout: {"jouvence":"done","exit":0|1|2}. It ends
// at the end of stdin (its service stopped: a job under way is finished first), after --max-jobs jobs (the service
// starts another: Moodle's caches do not grow for ever), or, answering exit 3 without starting the job, when Moodle's
// database connection was lost (the service gives the job to a new worker). Idle, it checks that connection every
// --idle-check seconds (default 2) and quits when it is lost: the service starts a fresh worker at once.

define('CLI_SCRIPT', true);

$options = getopt('', ['moodle:', 'file:', 'categoryid:', 'users::', 'enrolments::', 'requester::', 'roleid::',
    'heartbeat::', 'worker', 'max-jobs::', 'idle-check::', 'help']);
$worker = isset($options['worker']);
if (isset($options['help']) || empty($options['moodle'])
        || (!$worker && (empty($options['file']) || empty($options['categoryid'])))) {
    fwrite(isset($options['help']) ? STDOUT : STDERR, "usage: php jouvence-restore.php --moodle=DIR --file=ARCHIVE "
        . "--categoryid=N [--users=0|1] [--enrolments=0|1|2] [--requester=USERNAME --roleid=N] [--heartbeat=SECONDS]\n"
        . "       php jouvence-restore.php --worker --moodle=DIR [--max-jobs=N] [--idle-check=SECONDS] [--heartbeat=SECONDS]"
        . "   (jobs on stdin)\n");
    exit(isset($options['help']) ? 0 : 2);
}
$config = rtrim($options['moodle'], '/') . '/config.php';
if (!is_readable($config)) {
    fwrite(STDERR, "jouvence-restore: cannot read $config (--moodle must name the Moodle directory)\n");
    exit(2);
}
/** Why a job's option is refused, or null. */
function jouvence_bad_option(array $job): ?string {
    foreach (['users' => ['0', '1'], 'enrolments' => ['0', '1', '2']] as $name => $allowed) {
        if (isset($job[$name]) && !in_array((string) $job[$name], $allowed, true)) {
            return "--$name must be one of " . implode(', ', $allowed);
        }
    }
    return null;
}
if (!$worker && ($bad = jouvence_bad_option($options)) !== null) {
    fwrite(STDERR, "jouvence-restore: $bad\n");
    exit(2);
}

require($config);
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->dirroot . '/backup/util/includes/restore_includes.php');
require_once($CFG->libdir . '/enrollib.php');
require_once($CFG->libdir . '/filestorage/file_progress.php');

/** A restore that cannot go on: said as "jouvence-restore: <message>", exit code 1. */
class jouvence_failure extends Exception {
}

function jouvence_fail(string $message): void {
    throw new jouvence_failure($message);
}

/**
 * Moodle's progress reports (restore plan) turned into a heartbeat line at most every $every seconds, so that whoever
 * reads the output file can tell a restore that works from one that died.
 */
class jouvence_heartbeat extends \core\progress\base {
    private $every;
    private $started;
    private $last;

    public function __construct(int $every) {
        $this->every = max(1, $every);
        $this->started = $this->last = time();
    }

    public function update_progress() {
        $this->beat();
    }

    public function beat(): void {
        $now = time();
        if ($now - $this->last >= $this->every) {
            $this->last = $now;
            echo 'jouvence-restore: working, ', $now - $this->started, " s\n";
            fflush(STDOUT);
        }
    }
}

/** The same heartbeat for the file packer, while the archive is extracted. */
class jouvence_extract_heartbeat implements file_progress {
    private $heartbeat;

    public function __construct(jouvence_heartbeat $heartbeat) {
        $this->heartbeat = $heartbeat;
    }

    public function progress($progress = file_progress::INDETERMINATE, $max = file_progress::INDETERMINATE) {
        $this->heartbeat->beat();
    }
}

/**
 * Sets a plan setting when the plan has it; a locked one is reported, as the plugin does, instead of failing, in the
 * request's words ($said: "never" for enrolments 0), never in Moodle's codes.
 */
function jouvence_set(restore_plan $plan, string $name, $value, array &$warnings, string $said): void {
    if (!$plan->setting_exists($name)) {
        return;
    }
    try {
        $plan->get_setting($name)->set_value($value);
    } catch (Exception $e) {
        $warnings[] = "the restore setting '$name' could not be set to $said: " . $e->getMessage();
    }
}

/**
 * Puts the extracted archive's files into the new platform's file pool before the restore adds them, each one
 * atomically (a copy under a name of this process, renamed into place); returns the content hashes placed. Moodle's
 * file_system_filedir is not safe for two processes adding the same new file at once: it checks is_dir() before
 * mkdir(), and writes every file through one shared "<hash>.tmp" that the other process unlinks or renames away —
 * one restore then fails with "Cannot create local file pool directories" or "... file" (seen on the lab: two requests
 * restoring one course's archive side by side; two courses holding the same file do it too). A file already in the
 * pool with its size is left alone, and the restore then finds it there. A file whose content is not its name is
 * left to the restore.
 */
function jouvence_fill_file_pool(string $path): array {
    global $CFG;
    if (!(get_file_storage()->get_file_system() instanceof file_system_filedir)) {
        return [];
    }
    $filedir = $CFG->filedir ?? ($CFG->dataroot . '/filedir');
    $placed = [];
    foreach (glob($path . '/files/*/*', GLOB_NOSORT) ?: [] as $file) {
        $hash = basename($file);
        if (!preg_match('/^[0-9a-f]{40}$/', $hash)) {
            continue;
        }
        $dir = $filedir . '/' . substr($hash, 0, 2) . '/' . substr($hash, 2, 2);
        $target = "$dir/$hash";
        clearstatcache(true, $target);
        if (is_file($target) && filesize($target) === filesize($file)) {
            continue;
        }
        for ($try = 0; $try < 3 && !is_dir($dir); $try++) {
            @mkdir($dir, $CFG->directorypermissions, true); // a parent made meanwhile by another process: try again
        }
        if (sha1_file($file) !== $hash) {
            continue;
        }
        $tmp = "$target.jouvence-" . getmypid() . '.tmp';
        if (@copy($file, $tmp) && @chmod($tmp, $CFG->filepermissions) && @rename($tmp, $target)) {
            $placed[] = $hash;
        } else {
            @unlink($tmp);
        }
    }
    return $placed;
}

/** After a failed restore: the files placed by jouvence_fill_file_pool() that no file record uses leave the pool. */
function jouvence_empty_file_pool(array $placed): void {
    global $CFG, $DB;
    $filedir = $CFG->filedir ?? ($CFG->dataroot . '/filedir');
    foreach ($placed as $hash) {
        if (!$DB->record_exists('files', ['contenthash' => $hash])) {
            @unlink($filedir . '/' . substr($hash, 0, 2) . '/' . substr($hash, 2, 2) . "/$hash");
        }
    }
}

/**
 * Restores one archive as the job (the single mode's options, or a worker's job line) says; everything is printed.
 *
 * @throws jouvence_failure when the restore cannot be done (the course it had started is deleted)
 */
function jouvence_restore(array $job, int $heartbeatevery): void {
    global $CFG, $DB;
    $users = (int) ($job['users'] ?? 0);
    $enrolments = (int) ($job['enrolments'] ?? backup::ENROL_ALWAYS);
    $requester = trim((string) ($job['requester'] ?? ''));
    $roleid = (int) ($job['roleid'] ?? 0);
    $heartbeat = new jouvence_heartbeat($heartbeatevery);
    $file = (string) ($job['file'] ?? '');
    $categoryid = (int) ($job['categoryid'] ?? 0);
    $admin = get_admin();
    if (!$admin) {
        jouvence_fail('the new platform has no admin user');
    }
    \core\session\manager::set_user($admin);
    if (!is_readable($file)) {
        jouvence_fail("cannot read the archive $file");
    }
    if (!$DB->record_exists('course_categories', ['id' => $categoryid])) {
        jouvence_fail('no course category ' . $categoryid . ' on the new platform');
    }
    $requesteruser = null;
    if ($requester !== '') {
        $requesteruser = $DB->get_record('user', ['username' => $requester, 'mnethostid' => $CFG->mnet_localhost_id,
            'deleted' => 0]);
        if (!$requesteruser) {
            jouvence_fail("no user '$requester' on the new platform");
        }
        if ($roleid <= 0 || !$DB->record_exists('role', ['id' => $roleid])) {
            jouvence_fail("no role $roleid on the new platform (--roleid, jouvence.client.enrol-role-id)");
        }
    }

    $backupdir = restore_controller::get_tempdir_name(SITEID, $admin->id);
    $path = make_backup_temp_directory($backupdir);
    $courseid = null;
    $rc = null;
    $restoreid = null;
    $warnings = [];
    $placed = [];
    try {
        if (!get_file_packer('application/vnd.moodle.backup')->extract_to_pathname($file, $path, null,
                new jouvence_extract_heartbeat($heartbeat))) {
            throw new moodle_exception('generalexceptionmessage', 'error', '', 'the archive could not be extracted');
        }
        $placed = jouvence_fill_file_pool($path);
        // A placeholder name for the skeleton; the restore gives the course the backup's names (with " copy N"/"_N").
        list($fullname, $shortname) = restore_dbops::calculate_course_names(0, get_string('restoringcourse', 'backup'),
            get_string('restoringcourseshortname', 'backup'));
        $courseid = restore_dbops::create_new_course($fullname, $shortname, $categoryid);
        echo json_encode(['jouvence' => 'started', 'courseid' => (int) $courseid]), "\n";
        fflush(STDOUT);
        $rc = new restore_controller($backupdir, $courseid, backup::INTERACTIVE_NO, backup::MODE_GENERAL, $admin->id,
            backup::TARGET_NEW_COURSE, $heartbeat);
        if ($rc->get_status() == backup::STATUS_REQUIRE_CONV) {
            $rc->convert();
        }
        $plan = $rc->get_plan();
        if ($users && empty($rc->get_info()->root_settings['users'])) {
            // Moodle would stop with missing_users_xml_file; the plugin's task restores what the backup has.
            $warnings[] = 'the backup holds no user data: the course was restored without users';
            $users = 0;
        }
        $withusers = $users ? 'with user data' : 'without user data';
        jouvence_set($plan, 'users', $users, $warnings, $withusers);
        jouvence_set($plan, 'role_assignments', $users, $warnings, $withusers);
        jouvence_set($plan, 'enrolments', $enrolments, $warnings,
            [backup::ENROL_NEVER => 'never', backup::ENROL_WITHUSERS => 'with-users',
                backup::ENROL_ALWAYS => 'always'][$enrolments] ?? (string) $enrolments);
        if (!$rc->execute_precheck()) {
            $results = $rc->get_precheck_results();
            if (!empty($results['errors'])) {
                throw new moodle_exception('generalexceptionmessage', 'error', '',
                    'the restore pre-check failed: ' . implode('; ', $results['errors']));
            }
            foreach ($results['warnings'] ?? [] as $w) {
                $warnings[] = $w;
            }
        }
        $restoreid = $rc->get_restoreid();
        $rc->execute_plan();
        $rc->destroy();
        $rc = null;
        fulldelete($path);
        foreach ($DB->get_records_select('backup_logs', 'backupid = ? AND loglevel <= ?', [$restoreid, backup::LOG_WARNING],
                'id', 'id, message') as $log) {
            $warnings[] = trim($log->message);
        }
    } catch (Throwable $e) {
        fulldelete($path);
        if ($rc) {
            // A worker restores again in this process: nothing of this restore may stay (temp tables, controller).
            try {
                $rc->destroy();
                restore_controller_dbops::drop_restore_temp_tables($rc->get_restoreid());
            } catch (Throwable $ignored) {
                // nothing more to clean
            }
        }
        if ($courseid) {
            // Never a half-restored course left behind: the skeleton and whatever was restored into it go.
            try {
                delete_course($courseid, false);
            } catch (Throwable $ignored) {
                $warnings[] = "the partial course $courseid could not be deleted: " . $ignored->getMessage();
            }
        }
        try {
            jouvence_empty_file_pool($placed);
        } catch (Throwable $ignored) {
            // a file the pool keeps for nothing: no harm to any course
        }
        jouvence_fail('the restore failed: ' . $e->getMessage() . ($courseid ? " (partial course $courseid deleted)" : ''));
    }

    $enrolled = false;
    if ($requesteruser) {
        $manual = enrol_get_plugin('manual');
        $instance = $DB->get_record('enrol', ['courseid' => $courseid, 'enrol' => 'manual'], '*', IGNORE_MULTIPLE);
        if (!$instance) {
            $id = $manual->add_default_instance(get_course($courseid));
            $instance = $DB->get_record('enrol', ['id' => $id], '*', MUST_EXIST);
        }
        $manual->enrol_user($instance, $requesteruser->id, $roleid);
        $enrolled = true;
    }

    $course = get_course($courseid);
    echo get_string('restoredcourseid', 'backup', $courseid), "\n";
    echo json_encode(['jouvence' => 'restore', 'courseid' => (int) $courseid, 'fullname' => $course->fullname,
        'shortname' => $course->shortname, 'visible' => (int) $course->visible, 'users' => $users,
        'enrolments' => $enrolments, 'requester' => $requester === '' ? null : $requester, 'enrolled' => $enrolled,
        'userid' => $requesteruser ? (int) $requesteruser->id : null,
        'email' => $requesteruser ? $requesteruser->email : null,
        'warnings' => array_values(array_unique($warnings))], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
}

$heartbeatevery = (int) ($options['heartbeat'] ?? 30);
if (!$worker) {
    try {
        jouvence_restore($options, $heartbeatevery);
        exit(0);
    } catch (jouvence_failure $e) {
        fwrite(STDERR, 'jouvence-restore: ' . $e->getMessage() . "\n");
        exit(1);
    }
}

// Worker: ready once Moodle is loaded (saying who writes the jobs' output files), then one job per line of stdin, its
// output into its own file, one answer line on stdout.
fwrite(STDOUT, json_encode(['jouvence' => 'ready', 'pid' => getmypid(), 'user' => function_exists('posix_geteuid')
    ? (posix_getpwuid(posix_geteuid())['name'] ?? null) : null]) . "\n");
fflush(STDOUT);
$maxjobs = max(1, (int) ($options['max-jobs'] ?? 50));
$idlecheck = max(1, (int) ($options['idle-check'] ?? 2));
for ($done = 0; $done < $maxjobs;) {
    $read = [STDIN];
    $write = $except = null;
    $ready = stream_select($read, $write, $except, $idlecheck);
    if ($ready === false) {
        break;
    }
    if ($ready === 0) {
        // Idle: a worker whose database went away (a restart) quits now, so that the service starts a fresh one
        // before the next job instead of the next job paying Moodle's start-up.
        try {
            $DB->get_field_sql('SELECT 1');
        } catch (Throwable $e) {
            exit(0);
        }
        continue;
    }
    if (($line = fgets(STDIN)) === false) {
        break;
    }
    if (trim($line) === '') {
        continue;
    }
    $done++;
    $job = json_decode($line, true);
    try {
        $DB->get_field_sql('SELECT 1');
    } catch (Throwable $e) {
        // Moodle's database restarted under this worker: the job has not started; a new worker (a fresh Moodle) will
        // take it.
        fwrite(STDOUT, json_encode(['jouvence' => 'done', 'exit' => 3, 'error' => 'the database connection is lost']) . "\n");
        exit(0);
    }
    $out = is_array($job) && !empty($job['output']) ? @fopen($job['output'], 'a') : false;
    if (!$out) {
        fwrite(STDOUT, json_encode(['jouvence' => 'done', 'exit' => 2, 'error' => 'a job line with a writable "output"'
            . ' was expected']) . "\n");
        continue;
    }
    ob_start(function (string $buffer) use ($out): string {
        fwrite($out, $buffer);
        return '';
    }, 1);
    $exit = 0;
    if (($bad = jouvence_bad_option($job)) !== null) {
        echo "jouvence-restore: $bad\n";
        $exit = 2;
    } else {
        try {
            jouvence_restore($job, $heartbeatevery);
        } catch (Throwable $e) {
            echo 'jouvence-restore: ', $e instanceof jouvence_failure ? $e->getMessage()
                : 'the restore failed: ' . $e->getMessage(), "\n";
            $exit = 1;
        }
    }
    ob_end_flush();
    fclose($out);
    fwrite(STDOUT, json_encode(['jouvence' => 'done', 'exit' => $exit]) . "\n");
    fflush(STDOUT);
    gc_collect_cycles();
}
exit(0);
