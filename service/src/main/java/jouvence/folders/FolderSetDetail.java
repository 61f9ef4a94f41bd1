package jouvence.folders;

import java.util.List;

/** A folder set with everything recorded about it: its folders, their shares, and its trail. */
public record FolderSetDetail(FolderSet set, List<FolderRecord> folders, List<ShareRecord> shares,
                              List<FolderEvent> events) {
}
