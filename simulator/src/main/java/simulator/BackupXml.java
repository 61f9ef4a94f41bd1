package simulator;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import simulator.SimulatedArchive.CourseFacts;

/** The XML files of a synthetic backup: course/course.xml and moodle_backup.xml, as Moodle 4.4 writes them. */
final class BackupXml {

    private BackupXml() {
    }

    static String course(CourseFacts c) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<course id=\"" + c.id() + "\" contextid=\"" + c.contextId() + "\">\n"
                + "  <shortname>" + x(c.shortname()) + "</shortname>\n"
                + "  <fullname>" + x(c.fullname()) + "</fullname>\n"
                + "  <idnumber>" + x(c.idnumber()) + "</idnumber>\n"
                + "  <summary>" + x(c.summary()) + "</summary>\n"
                + "  <summaryformat>0</summaryformat>\n"
                + "  <format>topics</format>\n"
                + "  <showgrades>1</showgrades>\n"
                + "  <newsitems>0</newsitems>\n"
                + "  <startdate>" + c.startdate() + "</startdate>\n"
                + "  <enddate>0</enddate>\n"
                + "  <marker>0</marker>\n"
                + "  <maxbytes>0</maxbytes>\n"
                + "  <legacyfiles>0</legacyfiles>\n"
                + "  <showreports>0</showreports>\n"
                + "  <visible>1</visible>\n"
                + "  <groupmode>0</groupmode>\n"
                + "  <groupmodeforce>0</groupmodeforce>\n"
                + "  <defaultgroupingid>0</defaultgroupingid>\n"
                + "  <lang></lang>\n"
                + "  <theme></theme>\n"
                + "  <timecreated>1795297149</timecreated>\n"
                + "  <timemodified>1795297149</timemodified>\n"
                + "  <requested>0</requested>\n"
                + "  <showactivitydates>0</showactivitydates>\n"
                + "  <showcompletionconditions>1</showcompletionconditions>\n"
                + "  <pdfexportfont>$@NULL@$</pdfexportfont>\n"
                + "  <enablecompletion>0</enablecompletion>\n"
                + "  <completionnotify>0</completionnotify>\n"
                + "  <category id=\"" + c.categoryId() + "\">\n"
                + "    <name>" + x(c.categoryName()) + "</name>\n"
                + "    <description></description>\n"
                + "  </category>\n"
                + "  <tags>\n  </tags>\n"
                + "  <customfields>\n  </customfields>\n"
                + "  <courseformatoptions>\n"
                + "    <courseformatoption>\n      <format>topics</format>\n      <sectionid>0</sectionid>\n"
                + "      <name>hiddensections</name>\n      <value>1</value>\n    </courseformatoption>\n"
                + "    <courseformatoption>\n      <format>topics</format>\n      <sectionid>0</sectionid>\n"
                + "      <name>coursedisplay</name>\n      <value>0</value>\n    </courseformatoption>\n"
                + "  </courseformatoptions>\n"
                + "</course>";
    }

    static String moodleBackup(CourseFacts c, boolean users, long now) {
        String u = users ? "1" : "0";
        String[][] settings = {
            {"filename", "backup.mbz"}, {"imscc11", "0"}, {"users", u}, {"anonymize", "0"},
            {"role_assignments", u}, {"activities", "1"}, {"blocks", "1"}, {"files", "1"}, {"filters", "1"},
            {"comments", "1"}, {"badges", u}, {"calendarevents", "1"}, {"userscompletion", u}, {"logs", u},
            {"grade_histories", "0"}, {"questionbank", "1"}, {"groups", "1"}, {"competencies", "1"},
            {"customfield", "1"}, {"contentbankcontent", "1"}, {"xapistate", u}, {"legacyfiles", "1"},
        };
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<moodle_backup>\n  <information>\n")
          .append("    <name>backup.mbz</name>\n")
          .append("    <moodle_version>").append(SimulatedArchive.MOODLE_VERSION).append("</moodle_version>\n")
          .append("    <moodle_release>").append(x(SimulatedArchive.MOODLE_RELEASE)).append("</moodle_release>\n")
          .append("    <backup_version>2024042200</backup_version>\n")
          .append("    <backup_release>4.4</backup_release>\n")
          .append("    <backup_date>").append(now).append("</backup_date>\n")
          .append("    <mnet_remoteusers>0</mnet_remoteusers>\n")
          .append("    <include_files>1</include_files>\n")
          .append("    <include_file_references_to_external_content>0</include_file_references_to_external_content>\n")
          .append("    <original_wwwroot>").append(x(c.wwwroot())).append("</original_wwwroot>\n")
          .append("    <original_site_identifier_hash>da139c54b9b7f46fc248c30f182bd061</original_site_identifier_hash>\n")
          .append("    <original_course_id>").append(c.id()).append("</original_course_id>\n")
          .append("    <original_course_format>topics</original_course_format>\n")
          .append("    <original_course_fullname>").append(x(c.fullname())).append("</original_course_fullname>\n")
          .append("    <original_course_shortname>").append(x(c.shortname())).append("</original_course_shortname>\n")
          .append("    <original_course_startdate>").append(c.startdate()).append("</original_course_startdate>\n")
          .append("    <original_course_enddate>0</original_course_enddate>\n")
          .append("    <original_course_contextid>").append(c.contextId()).append("</original_course_contextid>\n")
          .append("    <original_system_contextid>1</original_system_contextid>\n")
          .append("    <details>\n")
          .append("      <detail backup_id=\"").append(HexFormat.of().formatHex(SimulatedArchive.sha1().digest(
                  (c.id() + ":" + now + ":" + System.nanoTime()).getBytes(StandardCharsets.UTF_8)), 0, 16))
          .append("\">\n")
          .append("        <type>course</type>\n        <format>moodle2</format>\n        <interactive></interactive>\n")
          .append("        <mode>10</mode>\n        <execution>1</execution>\n        <executiontime>0</executiontime>\n")
          .append("      </detail>\n    </details>\n")
          .append("    <contents>\n      <course>\n")
          .append("        <courseid>").append(c.id()).append("</courseid>\n")
          .append("        <title>").append(x(c.shortname())).append("</title>\n")
          .append("        <directory>course</directory>\n")
          .append("      </course>\n    </contents>\n")
          .append("    <settings>\n");
        for (String[] s : settings) {
            sb.append("      <setting>\n        <level>root</level>\n        <name>").append(s[0])
              .append("</name>\n        <value>").append(s[1]).append("</value>\n      </setting>\n");
        }
        sb.append("    </settings>\n  </information>\n</moodle_backup>\n");
        return sb.toString();
    }

    private static String x(String s) {
        return s == null ? "" : MoodleXml.xmlEscape(s);
    }
}
