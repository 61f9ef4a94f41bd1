package jouvence.folders;

import java.time.Instant;

/**
 * A user share of a recorded folder: one per (folder, Moodle user), enforced by the database.
 *
 * @param cloudUserId who the cloud knows the user as ({@code jouvence.folders.identity}), null until resolved
 * @param shareId     the OCS share id, null until shared
 * @param permissions as the cloud granted them (it may clamp what was asked)
 * @param state       pending, shared, revoked (the user left and on-leave=revoke), kept (left, on-leave=keep), error,
 *                    awaiting-connect (identity=oauth: the user has not connected their cloud yet)
 * @param moveAsked   identity=oauth: the participant pressed Reset after connecting another cloud account, and the
 *                    share is to move to it (the old account's share revoked, the folder shared with the new one)
 */
public record ShareRecord(long id, long folderId, long moodleUserId, String moodleUsername, String cloudUserId,
                          Long shareId, Integer permissions, String state, String error, Instant modifiedAt,
                          boolean moveAsked) {

    public ShareRecord(long id, long folderId, long moodleUserId, String moodleUsername, String cloudUserId,
                       Long shareId, Integer permissions, String state, String error, Instant modifiedAt) {
        this(id, folderId, moodleUserId, moodleUsername, cloudUserId, shareId, permissions, state, error, modifiedAt,
                false);
    }

    /** The same share, its move request served (nothing, or nothing more, to move). */
    public ShareRecord moveServed() {
        return new ShareRecord(id, folderId, moodleUserId, moodleUsername, cloudUserId, shareId, permissions, state,
                error, modifiedAt, false);
    }
}
