package jouvence.userdata;

import jouvence.courses.InvalidRequestException;
import jouvence.courses.RefusedException;
import jouvence.courses.intake.CsvImport;
import jouvence.courses.intake.CsvLines;
import jouvence.courses.intake.Echo;
import jouvence.courses.intake.ImportReport;
import jouvence.userdata.store.UserDataRepository;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CSV import's files of usernames (issue 14): a header of just {@code username}, or {@code username} and
 * {@code server}, makes each line an import of that person's profile and preferences (origin {@code csv}). Without a
 * server column, the one server offering user data is meant (a line is refused when there are several). The course
 * files are untouched: their header always has more columns.
 */
public final class UserDataCsv implements CsvImport.UsernameLines {

    private final UserDataService service;

    public UserDataCsv(UserDataService service) {
        this.service = service;
    }

    private static List<String> names(List<String> header) {
        return header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public boolean accepts(List<String> header) {
        List<String> h = names(header);
        return h.equals(List.of("username")) || (h.size() == 2 && Set.copyOf(h).equals(Set.of("username", "server")));
    }

    @Override
    public ImportReport.Queued queue(List<String> header, CsvLines.Line line, String by) {
        if (line.error() != null) {
            throw new InvalidRequestException("the line cannot be read: " + line.error());
        }
        List<String> h = names(header);
        if (line.fields().size() != h.size()) {
            throw new InvalidRequestException("the line has " + line.fields().size() + " fields but the header "
                    + h.size());
        }
        String username = line.fields().get(h.indexOf("username"));
        String server;
        if (h.contains("server")) {
            server = line.fields().get(h.indexOf("server")).strip();
        } else if (service.servers().size() == 1) {
            server = service.servers().get(0);
        } else {
            throw new InvalidRequestException("server: several course servers offer user data ("
                    + String.join(", ", service.servers()) + "): add a server column");
        }
        UserDataRepository.Created c;
        try {
            c = service.request(server, username, "csv", by);
        } catch (RefusedException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        if (!c.created()) {
            throw new InvalidRequestException("an import of " + Echo.quoted(c.row().username()) + " from "
                    + c.row().server() + " is already " + c.row().status().label() + " (import " + c.row().id() + ")");
        }
        return new ImportReport.Queued(line.number(), c.row().id(), server, 0, c.row().username());
    }
}
