package jouvence.courses.staging;



/**
 * What {@link ArchiveInspector#inspect(java.nio.file.Path)} learnt about a valid Moodle backup archive.
 *
 * @param format            {@code "tar.gz"} or {@code "zip"}
 * @param originalFullname  {@code original_course_fullname} from {@code moodle_backup.xml} (never blank)
 * @param originalShortname {@code original_course_shortname} (never blank)
 * @param originalCourseId  {@code original_course_id}, or {@code null} when absent or not a number
 * @param moodleRelease     {@code moodle_release} of the site that made the backup, e.g. "4.4.3+ (Build: 20240903)";
 *                          {@code null} when absent
 * @param moodleVersion     {@code moodle_version}, e.g. "2024042203.01"; {@code null} when absent
 * @param originalWwwroot   {@code original_wwwroot}; {@code null} when absent
 * @param includesUsers     the root backup setting {@code users} is 1 (the archive carries user data)
 * @param compressedBytes   size of the archive file on disk
 * @param uncompressedBytes total size of all entries' contents once uncompressed (what an extraction needs on disk)
 * @param entries           number of entries in the archive, directories included
 */
public record ArchiveFacts(
        String format,
        String originalFullname,
        String originalShortname,
        Long originalCourseId,
        String moodleRelease,
        String moodleVersion,
        String originalWwwroot,
        boolean includesUsers,
        long compressedBytes,
        long uncompressedBytes,
        int entries) {

    public static final String FORMAT_TAR_GZ = "tar.gz";
    public static final String FORMAT_ZIP = "zip";
}
