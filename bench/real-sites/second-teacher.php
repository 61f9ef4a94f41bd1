<?php
// bench/real-sites.sh's helper: a second teacher for the repeated courses, so that the N requests are N different
// (requester, course) pairs. Jouvence refuses a second ACTIVE request of one requester for one course (unique index
// restore_request_one_active); the plugin's own page refuses it too, only its admin form lets it through.
//
// Run as Moodle's web user, after each reset of the lab (the snapshot does not have it):
//   php second-teacher.php --moodle=SERVER_DIRROOT --site=server --username=teacher2 --courses=2,3,4,6
//       gives the existing user the role editingteacher in those courses (the plugin's get_courses and get_courses_zip
//       read role assignments in the course context with the server's search_roles, editingteacher);
//   php second-teacher.php --moodle=CLIENT_DIRROOT --site=client --username=teacher2
//       creates the user on the new platform (the bridge and the plugin look the row's userid up there).
// Prints one line: "<site> <username> id=<user id> ..." (nothing secret).
define('CLI_SCRIPT', true);
$o = getopt('', ['moodle:', 'site:', 'username:', 'courses::']);
if (empty($o['moodle']) || empty($o['site']) || empty($o['username'])) {
    fwrite(STDERR, "usage: php second-teacher.php --moodle=DIR --site=server|client --username=U [--courses=2,3]\n");
    exit(2);
}
require(rtrim($o['moodle'], '/') . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->dirroot . '/user/lib.php');
\core\session\manager::set_user(get_admin());
$username = $o['username'];
$user = $DB->get_record('user', ['username' => $username, 'deleted' => 0, 'mnethostid' => $CFG->mnet_localhost_id]);

if ($o['site'] === 'server') {
    if (!$user) {
        cli_error("server: no user $username");
    }
    $roleid = $DB->get_field('role', 'id', ['shortname' => 'editingteacher'], MUST_EXIST);
    $done = [];
    foreach (array_filter(array_map('intval', explode(',', $o['courses'] ?? ''))) as $courseid) {
        role_assign($roleid, $user->id, context_course::instance($courseid)->id);
        $done[] = $courseid;
    }
    echo "server $username id={$user->id} editingteacher in courses " . implode(',', $done) . "\n";
} else if ($o['site'] === 'client') {
    if (!$user) {
        $id = user_create_user((object)[
            'username' => $username, 'auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id,
            'password' => random_string(24) . 'A1!', 'firstname' => 'Teacher', 'lastname' => 'Two',
            'email' => $username . '@example.org', 'lang' => 'en',
        ], true, false);
        $user = $DB->get_record('user', ['id' => $id], '*', MUST_EXIST);
    }
    echo "client $username id={$user->id}\n";
} else {
    cli_error('--site must be server or client');
}
