package jouvence.privatefiles.archive;

import java.util.List;

/**
 * What a checked private-files zip holds: its files in the zip's order, every folder ({@code /a/b/}, from folder
 * entries and from files' paths) and the folders that hold nothing, and the uncompressed total.
 */
public record ZipContents(List<ZipItem> files, List<String> folders, List<String> emptyFolders, long totalBytes) {

    public ZipContents {
        files = List.copyOf(files);
        folders = List.copyOf(folders);
        emptyFolders = List.copyOf(emptyFolders);
    }
}
