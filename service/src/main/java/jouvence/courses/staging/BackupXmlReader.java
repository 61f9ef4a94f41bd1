package jouvence.courses.staging;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a backup's {@code moodle_backup.xml}: the original course's names and id, the Moodle that made it, and
 * whether the backup carries user data (the root setting {@code users}). No DTD, no external entity is ever read.
 */
final class BackupXmlReader {

    /** What {@code moodle_backup.xml} says (its {@code information} element). */
    static final class BackupXml {
        String fullname;
        String shortname;
        Long courseId;
        String release;
        String version;
        String wwwroot;
        boolean includesUsers;
    }

    private final BackupXml out = new BackupXml();
    private final Deque<String> path = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private String settingLevel;
    private String settingName;
    private String settingValue;

    private BackupXmlReader() {
    }

    /**
     * @throws InvalidArchiveException {@code bad-moodle-backup-xml}: not XML, another root element, or no original
     *                                 course full name or short name
     */
    static BackupXml read(byte[] bytes) throws InvalidArchiveException {
        BackupXml xml = new BackupXmlReader().parse(bytes);
        if (xml.fullname == null || xml.fullname.isBlank()) {
            throw badXml("it gives no original course full name (original_course_fullname)");
        }
        if (xml.shortname == null || xml.shortname.isBlank()) {
            throw badXml("it gives no original course short name (original_course_shortname)");
        }
        return xml;
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own implementation, whatever the classpath
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        return f;
    }

    private BackupXml parse(byte[] bytes) throws InvalidArchiveException {
        XMLStreamReader r = null;
        try {
            r = secureFactory().createXMLStreamReader(new ByteArrayInputStream(bytes));
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.START_ELEMENT -> start(r.getLocalName());
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(r.getText());
                    case XMLStreamConstants.END_ELEMENT -> end();
                    default -> { }
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidArchiveException(InvalidArchiveException.BAD_MOODLE_BACKUP_XML,
                    "The archive's moodle_backup.xml cannot be read as XML: "
                            + ArchiveWords.shorten(detail.replace('\n', ' ')), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held but the byte array
                }
            }
        }
        return out;
    }

    private void start(String name) throws InvalidArchiveException {
        if (path.isEmpty() && !name.equals("moodle_backup")) {
            throw badXml("its root element is <" + name + ">, not <moodle_backup>");
        }
        path.addLast(name);
        text.setLength(0);
        if (name.equals("setting") && isUnder("information", "settings", "setting")) {
            settingLevel = null;
            settingName = null;
            settingValue = null;
        }
    }

    private void end() {
        String name = path.removeLast();
        String value = text.toString();
        text.setLength(0);
        if (path.size() == 2 && isUnder("information")) {
            switch (name) {
                case "original_course_fullname" -> out.fullname = value;
                case "original_course_shortname" -> out.shortname = value;
                case "original_course_id" -> out.courseId = parseLong(value);
                case "moodle_release" -> out.release = ArchiveWords.blankToNull(value.trim());
                case "moodle_version" -> out.version = ArchiveWords.blankToNull(value.trim());
                case "original_wwwroot" -> out.wwwroot = ArchiveWords.blankToNull(value.trim());
                default -> { }
            }
        } else if (path.size() == 4 && isUnder("information", "settings", "setting")) {
            switch (name) {
                case "level" -> settingLevel = value.trim();
                case "name" -> settingName = value.trim();
                case "value" -> settingValue = value.trim();
                default -> { }
            }
        } else if (path.size() == 3 && name.equals("setting") && isUnder("information", "settings")) {
            if ("root".equals(settingLevel) && "users".equals(settingName)) {
                out.includesUsers = "1".equals(settingValue);
            }
        }
    }

    /** True when the current path is moodle_backup/{names...}. */
    private boolean isUnder(String... names) {
        if (path.size() != names.length + 1) {
            return false;
        }
        int i = -1;
        for (String p : path) {
            if (i >= 0 && !p.equals(names[i])) {
                return false;
            }
            i++;
        }
        return true;
    }

    private static Long parseLong(String s) {
        try {
            return Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static InvalidArchiveException badXml(String why) {
        return new InvalidArchiveException(InvalidArchiveException.BAD_MOODLE_BACKUP_XML,
                "The archive's moodle_backup.xml is not a usable Moodle backup description: " + why + ".");
    }
}
