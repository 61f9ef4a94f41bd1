<?php
// RealMoodleFoldersIT's fixture on the lab's new Moodle (run as www-data with MOODLE_DIRROOT set, through Moodle's own
// API, never SQL): a nested category, a course, users enrolled as editingteacher / teacher / student, three groups, a
// grouping of two, members, and two mod_collaborativefolders activities (group mode + grouping + teacher access; no
// groups + no teacher access). Every name is unique to the run (argv[1]) so that runs never meet. Prints one JSON object:
// the ids, and what the plugin itself computes (toolbox::get_base_path / get_group_folder) for Jouvence to match.
define('CLI_SCRIPT', true);
$dirroot = getenv('MOODLE_DIRROOT');
require($dirroot . '/config.php');
require_once($CFG->libdir . '/clilib.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/course/modlib.php');
require_once($CFG->dirroot . '/group/lib.php');
require_once($CFG->dirroot . '/lib/testing/generator/lib.php');
require_once($CFG->dirroot . '/enrol/manual/lib.php');
require_once($CFG->libdir . '/externallib.php');
require_once($CFG->dirroot . '/webservice/lib.php');
\core\session\manager::set_user(get_admin());

$run = $argv[1] ?? '';
if (!preg_match('/^[a-z0-9]{1,20}$/', $run)) {
    fwrite(STDERR, "usage: folders_fixture.php <run id: lower-case letters and digits>\n");
    exit(2);
}
global $DB;
$gen = new testing_data_generator();

$parent = core_course_category::create(['name' => "Folders R&D $run", 'idnumber' => "folders-$run"]);
$child = core_course_category::create(['name' => "Sub <b>bold</b> $run", 'parent' => $parent->id]);
$course = create_course((object)['fullname' => "Biology & Co: \"labs\" $run", 'shortname' => "FOLD-$run",
    'category' => $child->id, 'groupmode' => NOGROUPS]);

$users = [];
foreach (['editor', 'assistant', 's1', 's2', 's3', 's4', 's5'] as $who) {
    $users[$who] = $gen->create_user(['username' => "f$who$run", 'firstname' => ucfirst($who), 'lastname' => $run,
        'email' => "f$who$run@example.org"]);
}
$roles = $DB->get_records_menu('role', null, '', 'shortname, id');
$manual = enrol_get_plugin('manual');
$instance = $DB->get_record('enrol', ['courseid' => $course->id, 'enrol' => 'manual'], '*', MUST_EXIST);
$manual->enrol_user($instance, $users['editor']->id, $roles['editingteacher']);
$manual->enrol_user($instance, $users['assistant']->id, $roles['teacher']);
foreach (['s1', 's2', 's3', 's4', 's5'] as $who) {
    $manual->enrol_user($instance, $users[$who]->id, $roles['student']);
}

$groups = [];
foreach (['a' => "Team A", 'b' => "Équipe B & co", 'c' => "Team/C"] as $key => $name) {
    $groups[$key] = groups_create_group((object)['courseid' => $course->id, 'name' => "$name $run",
        'description' => "group $key", 'idnumber' => "g$key-$run"]);
}
groups_add_member($groups['a'], $users['s1']->id);
groups_add_member($groups['a'], $users['s2']->id);
groups_add_member($groups['a'], $users['editor']->id);
groups_add_member($groups['b'], $users['s3']->id);
groups_add_member($groups['c'], $users['s4']->id);
groups_add_member($groups['c'], $users['s1']->id);
$grouping = groups_create_grouping((object)['courseid' => $course->id, 'name' => "Pairs $run",
    'idnumber' => "pairs-$run"]);
groups_assign_grouping($grouping, $groups['a']);
groups_assign_grouping($grouping, $groups['b']);

function folders_activity($course, $name, $groupmode, $groupingid, $teacher) {
    $info = (object)['modulename' => 'collaborativefolders', 'course' => $course->id, 'section' => 0,
        'name' => $name, 'introeditor' => ['text' => '', 'format' => FORMAT_HTML, 'itemid' => 0], 'visible' => 1, 'groupmode' => $groupmode,
        'groupingid' => $groupingid, 'teacher' => $teacher];
    return create_module($info);
}
$grouped = folders_activity($course, "Lab reports & data $run", SEPARATEGROUPS, $grouping, 1);
$plain = folders_activity($course, "Shared notes $run", NOGROUPS, 0, 0);

// A web-service user who may use REST and is a student of a second course, nothing more: the integration service's
// token of that user shows Moodle's answer to a missing capability (moodle/course:managegroups).
$course2 = create_course((object)['fullname' => "No capability $run", 'shortname' => "FOLD2-$run",
    'category' => $child->id]);
$group2 = groups_create_group((object)['courseid' => $course2->id, 'name' => "Alone $run"]);
$grouping2 = groups_create_grouping((object)['courseid' => $course2->id, 'name' => "Single $run"]);
groups_assign_grouping($grouping2, $group2);
$nocap = $gen->create_user(['username' => "fnocap$run", 'firstname' => 'No', 'lastname' => 'Capability',
    'email' => "fnocap$run@example.org"]);
$instance2 = $DB->get_record('enrol', ['courseid' => $course2->id, 'enrol' => 'manual'], '*', MUST_EXIST);
$manual->enrol_user($instance2, $nocap->id, $roles['student']);
role_assign($DB->get_field('role', 'id', ['shortname' => 'ws_integration_rest'], MUST_EXIST), $nocap->id,
    context_system::instance()->id);
$service = $DB->get_record('external_services', ['shortname' => 'jouvence_integration'], '*', MUST_EXIST);
(new webservice())->add_ws_authorised_user((object)['externalserviceid' => $service->id, 'userid' => $nocap->id]);
$nocaptoken = external_generate_token(EXTERNAL_TOKEN_PERMANENT, $service, $nocap->id, context_system::instance());

$ids = function ($u) {
    return ['id' => (int)$u->id, 'username' => $u->username, 'email' => $u->email];
};
echo json_encode([
    'siteShortname' => $SITE->shortname,
    'categoryParent' => (int)$parent->id, 'categoryChild' => (int)$child->id, 'course' => (int)$course->id,
    'users' => array_map($ids, $users),
    'groups' => array_map('intval', $groups), 'grouping' => (int)$grouping,
    'roles' => ['editingteacher' => (int)$roles['editingteacher'], 'teacher' => (int)$roles['teacher'],
        'student' => (int)$roles['student']],
    'grouped' => ['cmid' => (int)$grouped->coursemodule, 'instance' => (int)$grouped->instance],
    'plain' => ['cmid' => (int)$plain->coursemodule, 'instance' => (int)$plain->instance],
    'basePathGrouped' => \mod_collaborativefolders\toolbox::get_base_path($grouped->coursemodule),
    'basePathPlain' => \mod_collaborativefolders\toolbox::get_base_path($plain->coursemodule),
    'noCapability' => ['token' => $nocaptoken, 'course' => (int)$course2->id, 'group' => (int)$group2,
        'grouping' => (int)$grouping2],
    'groupFolders' => array_map(fn($g) => \mod_collaborativefolders\toolbox::get_group_folder($g), $groups),
], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
