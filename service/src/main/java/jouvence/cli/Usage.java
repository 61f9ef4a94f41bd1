package jouvence.cli;

import jouvence.Jouvence;

/** What {@code jouvence --help} and {@code jouvence --version} print. */
public final class Usage {

    private Usage() {
    }

    /** The exit codes scripts may rely on. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;

    public static final String TEXT = """
            Usage: jouvence [run] [--config=FILE]      run the service (the default command)
                   jouvence check [--config=FILE]      check a configuration without changing anything, then exit
                   jouvence help | --help | -h         print this text
                   jouvence version | --version        print the version

            Jouvence carries teachers' courses from an old Moodle to a new one (a queue in PostgreSQL, Apache Camel).

            Options:
              --config=FILE, --config FILE  a properties file whose keys override the embedded defaults one by one
                                            (default: the JOUVENCE_CONFIG environment variable, else none)

            Configuration:
              Every setting, its default and the plugin setting it replaces are in the application.properties embedded
              in jouvence.jar (service/src/main/resources/application.properties in the sources). Any key can also be
              set as an environment variable: upper case, dots and dashes as underscores (JOUVENCE_DB_URL).
              JOUVENCE_CONFIG   the configuration file, when --config is not given.
              The service refuses to start without jouvence.db.url. The defaults point at Moodles on
              http://127.0.0.1:8081 and :8082 and at an SMTP server on localhost:25: run 'jouvence check' first.

            'jouvence check' lists, one line each (ok, FAILED or skipped), the database and its schema, each Moodle's
            token and functions, the categories and roles used, the restore command, the staging folder, SMTP and the
            bridge's table. It starts no route, migrates nothing, sends no mail and writes to no Moodle.

            The demo and the try-out launcher are in the demo module: java -jar demo/target/jouvence-demo.jar [demo|try]

            Exit codes:
              0  ok (check: every item ok or skipped)
              1  check: at least one item FAILED; run: the service failed (e.g. its database did not answer)
              2  usage or configuration error (unknown option, unreadable file, a refused setting)
              130, 143  run: stopped by Ctrl-C (SIGINT) or SIGTERM, gracefully
            """;

    /** {@code jouvence 0.1.0-SNAPSHOT}: the jar manifest's Implementation-Version. */
    public static String version() {
        String version = Jouvence.class.getPackage().getImplementationVersion();
        return "jouvence " + (version == null ? "(version unknown: not run from its jar)" : version);
    }
}
