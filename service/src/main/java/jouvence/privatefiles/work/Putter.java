package jouvence.privatefiles.work;

import jouvence.moodle.MoodleException;
import jouvence.privatefiles.ConflictNames;
import jouvence.privatefiles.PrivateFilesConfig.OnConflict;
import jouvence.privatefiles.archive.PrivateZip;
import jouvence.privatefiles.archive.RefusedArchiveException;
import jouvence.privatefiles.archive.ZipContents;
import jouvence.privatefiles.archive.ZipItem;
import jouvence.privatefiles.moodle.NewPlatform;
import jouvence.privatefiles.store.PrivateFilesClaims;
import jouvence.privatefiles.store.PrivateFilesClaims.Claim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Puts a checked zip's files into the person's private files with their own token, one file at a time (upload to a
 * new draft item, then add it), so that the quota refuses only the files that do not fit: a name already there is
 * renamed or skipped ({@code on-conflict}), each file's outcome is recorded as it lands (a resumed request copies no
 * file twice).
 */
public class Putter {

    private final NewPlatform platform;
    private final PrivateFilesClaims claims;
    private final OnConflict onConflict;
    private final long maxBytes;
    private final Duration lease;

    public Putter(NewPlatform platform, PrivateFilesClaims claims, OnConflict onConflict, long maxBytes,
                  Duration lease) {
        this.platform = platform;
        this.claims = claims;
        this.onConflict = onConflict;
        this.maxBytes = maxBytes;
        this.lease = lease;
    }

    /** @throws MoodleException a fault of the new platform (the files put so far stay recorded) */
    public void put(Claim claim, String token, Path zip, ZipContents contents, Path work)
            throws MoodleException, RefusedArchiveException, IOException {
        NewPlatform.Person me = platform.whoAmI(token);
        if (!me.username().equals(claim.request().username())) {
            throw new IllegalStateException("the session's token belongs to " + me.username() + ", not to "
                    + claim.request().username());
        }
        Map<String, String> done = claims.itemsDone(claim);
        Map<String, Set<String>> names = new HashMap<>();
        for (ZipItem item : contents.files()) {
            if (done.containsKey(item.path())) {
                continue;
            }
            Set<String> there = names.get(item.filepath());
            if (there == null) {
                there = new java.util.TreeSet<>(existing(token, me.userId(), item.filepath()));
                names.put(item.filepath(), there);
            }
            String name = item.filename();
            if (there.contains(name)) {
                if (onConflict == OnConflict.SKIP) {
                    claims.item(claim, item.path(), item.size(), "skipped", null);
                    continue;
                }
                name = ConflictNames.free(name, there);
            }
            Path file = work.resolve("file.part");
            PrivateZip.extract(zip, item, file, maxBytes);
            try {
                long draft = platform.upload(token, item.filepath(), name, file);
                platform.add(token, draft);
            } catch (MoodleException e) {
                if (!"maxareabytes".equals(e.code())) {
                    throw e;
                }
                claims.item(claim, item.path(), item.size(), "not-fitting", null);
                continue;
            } finally {
                Files.deleteIfExists(file);
            }
            there.add(name);
            boolean renamed = !name.equals(item.filename());
            claims.item(claim, item.path(), item.size(), renamed ? "renamed" : "copied",
                    renamed ? item.filepath() + name : null);
            claims.heartbeat(claim, lease);
        }
    }

    /** The names in a folder of the person's private files; a folder not there yet holds nothing. */
    private Set<String> existing(String token, long userId, String folder) throws MoodleException {
        return platform.names(token, userId, folder);
    }
}
