package routes.courses;

import jouvence.courses.intake.CsvImport;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import routes.ApiRouteBuilder;
import routes.HttpCalls;

import java.nio.file.Path;

import static routes.Endpoints.*;

/**
 * Import from CSV: an admin uploads a file to the API (bearer token), or drops it in the watched folder. Both go
 * through {@link CsvImport}; the folder's files then move to done/ or failed/ with their report, and admins are mailed.
 * Only regular files are read: a symbolic link, a pipe or a device goes to failed/ unread, with its report and mail.
 */
public class ImportRouteBuilder extends ApiRouteBuilder {

    /** Where the folder's file goes after its import (relative to the folder), set by the import. */
    static final String MOVE_TO = "jouvenceImportMoveTo";

    @Override
    public void configure() {
        rest("/api/v1")
                .post("/imports").to("direct:apiImport");

        answer(operation("direct:apiImport", "import-upload")
                .convertBodyTo(byte[].class)
                .setBody(method("csvImport", "upload(${exchangeProperty." + HttpCalls.QUERY + "[name]}, ${body})")));

        // One file at a time, once its size stopped changing (empty files too: they go to failed/ with their report).
        from("file:{{jouvence.import.dir}}?antInclude=*.csv&antFilterCaseSensitive=false"
                + "&readLock=changed&readLockCheckInterval={{jouvence.import.read-lock-interval}}"
                + "&readLockTimeout={{jouvence.import.read-lock-timeout}}&readLockMinLength=0"
                + "&maxMessagesPerPoll=1&eagerMaxMessagesPerPoll=false&sortBy=file:modified"
                + "&delay={{jouvence.import.poll-delay}}&initialDelay=1000&autoCreate=true"
                + "&move=${exchangeProperty." + MOVE_TO + "}"
                + "&moveFailed=failed/${file:onlyname.noext}-error-${date:now:yyyyMMdd-HHmmss}.${file:ext}")
                .routeId("import-folder")
                .autoStartup("{{jouvence.import.enabled}}")
                .onException(Exception.class)
                    .log(LoggingLevel.ERROR, "import folder: ${header.CamelFileName} could not be imported and goes to "
                            + "failed/: ${exception}")
                .end()
                .process(ImportRouteBuilder::importFile)
                .split(body()).to(MAIL);
    }

    private static void importFile(Exchange exchange) throws Exception {
        CsvImport imports = exchange.getContext().getRegistry().lookupByNameAndType("csvImport", CsvImport.class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        // The file is opened by the import, never through camel-file (java.io.File follows symbolic links).
        Path file = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        CsvImport.FolderOutcome outcome = imports.fromFolder(name, file);
        exchange.setProperty(MOVE_TO, outcome.moveTo());
        exchange.getMessage().setBody(outcome.mails());
    }
}
